// The simulator's live rooms: when each room is on air, and that one broadcast keeps one start
// (the event ids gather makes hang on it).
#include <gtest/gtest.h>

#include "platforms/bilibili/live_status.h"
#include "sim/bilibili_format.h"
#include "sim/bilibili_live.h"

namespace gather::sim {
namespace {

using namespace std::chrono_literals;

const TimePoint kStart = TimePoint{std::chrono::seconds{1800000000}} + 250ms;

TEST(BilibiliLiveSim, CycleOfRoomZero) {
  EXPECT_FALSE(bilibili_room(0, kStart, kStart + 59min).live);
  const SimRoom on = bilibili_room(0, kStart, kStart + 61min);
  EXPECT_TRUE(on.live);
  EXPECT_EQ(on.live_time, 1800000000 + 3600);
  EXPECT_EQ(on.title, "Sim up 0 的直播 #1");
  EXPECT_EQ(bilibili_room(0, kStart, kStart + 95min).title, "Sim up 0 的直播 #1 · 加时");
  EXPECT_FALSE(bilibili_room(0, kStart, kStart + 151min).live);
  const SimRoom next = bilibili_room(0, kStart, kStart + 241min);
  EXPECT_TRUE(next.live);
  EXPECT_EQ(next.title, "Sim up 0 的直播 #2");
  // Room 1 runs 17 minutes ahead.
  EXPECT_TRUE(bilibili_room(1, kStart, kStart + 44min).live);
}

TEST(BilibiliLiveSim, OneBroadcastOneStartWhateverTheFraction) {
  const auto a = bilibili_room(2, kStart, kStart + 70min + 10ms);
  const auto b = bilibili_room(2, kStart, kStart + 70min + 990ms);
  const auto c = bilibili_room(2, kStart, kStart + 80min + 500ms);
  EXPECT_EQ(a.live_time, b.live_time);
  EXPECT_EQ(a.live_time, c.live_time);
}

TEST(BilibiliLiveSim, AnswerReadsAsTheSiteAnswer) {
  std::map<std::int64_t, SimRoom> rooms;
  rooms[bilibili_mid(0)] = bilibili_room(0, kStart, kStart + 61min);
  const auto parsed = bilibili::parse_live_status(render_live_status(rooms));
  ASSERT_EQ(parsed.size(), 1u);
  const auto& s = parsed.at("200000");
  EXPECT_TRUE(s.live);
  EXPECT_EQ(s.room_url, "https://live.bilibili.com/300000");
  EXPECT_EQ(s.name, "Sim up 0");
  EXPECT_TRUE(bilibili::parse_live_status(render_live_status({})).empty());
}

}  // namespace
}  // namespace gather::sim
