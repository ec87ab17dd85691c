#include <gtest/gtest.h>

#include "core/digest.h"
#include "platforms/bilibili/live_events.h"
#include "platforms/bilibili/live_status.h"
#include "platforms/platform.h"
#include "test_util.h"

namespace gather::bilibili {
namespace {

using gather::testing::shared_fixture;
using gather::testing::utc;

TEST(BilibiliLiveStatus, SharedFixture) {
  const auto rooms = parse_live_status(shared_fixture("bili_live_status.json"));
  ASSERT_EQ(rooms.size(), 1u);
  const LiveStatus& s = rooms.at("13164144");
  EXPECT_FALSE(s.live);  // live_status 2: the room rotates recordings, nobody is live
  EXPECT_EQ(s.title, "【Zc】从0挑战到15肉鸽！目前10难度");
  EXPECT_EQ(s.room_url, "https://live.bilibili.com/3044248");
  EXPECT_EQ(s.cover, "https://i0.hdslb.com/bfs/live/new_room_cover/fd357f0f3cbbb48e9acfbcda616b946c2454c56c.jpg");
  EXPECT_FALSE(s.since.has_value());
  EXPECT_EQ(s.name, "魔法Zc目录");
}

TEST(BilibiliLiveStatus, LiveRoomAndEdgeCases) {
  const auto rooms = parse_live_status(R"({"code":0,"msg":"success","message":"success","data":{
    "1":{"title":"晚上好","room_id":5440,"uid":1,"live_time":1700000000,"live_status":1,"uname":"bishi",
         "cover_from_user":"","keyframe":"//i0.hdslb.com/bfs/live-key-frame/k.jpg"},
    "2":{"title":"","room_id":6,"uid":2,"live_time":0,"live_status":0,"uname":"two","cover_from_user":""}}})");
  ASSERT_EQ(rooms.size(), 2u);
  const LiveStatus& one = rooms.at("1");
  EXPECT_TRUE(one.live);
  EXPECT_EQ(one.since, TimePoint{std::chrono::seconds{1700000000}});
  EXPECT_EQ(one.cover, "https://i0.hdslb.com/bfs/live-key-frame/k.jpg");  // no cover: the keyframe
  EXPECT_FALSE(rooms.at("2").live);
  EXPECT_TRUE(rooms.at("2").cover.empty());

  EXPECT_TRUE(parse_live_status(R"({"code":0,"msg":"success","message":"success","data":[]})").empty());
  try {
    parse_live_status(R"({"code":-400,"msg":"参数错误","message":"参数错误","data":[]})");
    ADD_FAILURE();
  } catch (const ParseError& e) {
    EXPECT_EQ(std::string(e.what()), "bilibili live status: code -400 (参数错误)");
  }
  EXPECT_THROW(parse_live_status("nope"), ParseError);
  EXPECT_THROW(parse_live_status(R"({"code":0,"data":"x"})"), ParseError);
}

TEST(BilibiliLiveStatus, Request) {
  const HttpRequest req = live_status_request({"13164144", "1"});
  EXPECT_EQ(req.method, "POST");
  EXPECT_EQ(req.url, "https://api.live.bilibili.com/room/v1/Room/get_status_info_by_uids");
  EXPECT_EQ(req.body, R"({"uids":[13164144,1]})");
  EXPECT_EQ(find_header(req.headers, "content-type"), "application/json");
  EXPECT_THROW(live_status_request({"abc"}), std::invalid_argument);
  EXPECT_THROW(live_status_request({""}), std::invalid_argument);

  set_platform_base_url("bilibili-live", "http://sim:1");
  EXPECT_EQ(live_status_request({"1"}).url, "http://sim:1/room/v1/Room/get_status_info_by_uids");
  set_platform_base_url("bilibili-live", "https://api.live.bilibili.com");
}

TEST(BilibiliLiveStatus, SerialisationRoundTrips) {
  LiveStatus live{true, "标题 \"引号\"", "https://live.bilibili.com/1", "https://c/1.jpg",
                  TimePoint{std::chrono::seconds{1700000000}}, "名字"};
  EXPECT_EQ(deserialize_live_status(serialize_live_status(live)), live);
  const LiveStatus off{};
  EXPECT_EQ(deserialize_live_status(serialize_live_status(off)), off);
  EXPECT_EQ(serialize_live_status(off), R"({"live":false,"title":"","room_url":"","cover":"","name":""})");
  EXPECT_THROW(deserialize_live_status(""), ParseError);
  EXPECT_THROW(deserialize_live_status(R"({"title":"x"})"), ParseError);
}

// ---- events -------------------------------------------------------------------------------

const TimePoint kStart = TimePoint{std::chrono::seconds{1700000000}};
const TimePoint kNow = utc(2023, 11, 15, 0, 0, 0);

LiveStatus on(std::string title, TimePoint since = kStart) {
  return LiveStatus{true, std::move(title), "https://live.bilibili.com/5440", "https://c/cover.jpg", since, "bishi"};
}

LiveStatus off() { return LiveStatus{false, "旧标题", "https://live.bilibili.com/5440", "https://c/off.jpg", {}, "bishi"}; }

TEST(BilibiliLiveEvents, OffToOnStarts) {
  const auto posts = live_events("1", off(), on("晚上好"), kNow);
  ASSERT_EQ(posts.size(), 1u);
  const Post& p = posts[0];
  EXPECT_EQ(p.id, "1/live/1700000000");
  EXPECT_EQ(p.categories, std::vector<std::string>{"开播"});
  EXPECT_EQ(p.title, "晚上好");
  EXPECT_EQ(p.url, "https://live.bilibili.com/5440");
  EXPECT_EQ(p.author, "bishi");
  EXPECT_EQ(p.published, kStart);
  EXPECT_EQ(p.media, (std::vector<Media>{{"https://c/cover.jpg", "image", ""}}));
}

TEST(BilibiliLiveEvents, OnToOnSameTitleIsQuiet) {
  EXPECT_TRUE(live_events("1", on("晚上好"), on("晚上好"), kNow).empty());
}

TEST(BilibiliLiveEvents, OnToOnNewTitle) {
  const auto posts = live_events("1", on("晚上好"), on("换个标题"), kNow);
  ASSERT_EQ(posts.size(), 1u);
  EXPECT_EQ(posts[0].id, "1/title/1700000000/" + sha256_hex("换个标题").substr(0, 12));
  EXPECT_EQ(posts[0].categories, std::vector<std::string>{"标题更新"});
  EXPECT_EQ(posts[0].title, "换个标题");
  EXPECT_EQ(posts[0].published, kNow);
  // The same change seen again gives the same id (dedup), another title another id.
  EXPECT_EQ(live_events("1", on("晚上好"), on("换个标题"), kNow + std::chrono::hours{1})[0].id, posts[0].id);
  EXPECT_NE(live_events("1", on("换个标题"), on("第三个"), kNow)[0].id, posts[0].id);
}

TEST(BilibiliLiveEvents, OnToOffEnds) {
  const auto posts = live_events("1", on("晚上好"), off(), kNow);
  ASSERT_EQ(posts.size(), 1u);
  EXPECT_EQ(posts[0].id, "1/end/1700000000");
  EXPECT_EQ(posts[0].categories, std::vector<std::string>{"下播"});
  EXPECT_EQ(posts[0].title, "晚上好");  // what was on
  EXPECT_EQ(posts[0].url, "https://live.bilibili.com/5440");
  EXPECT_EQ(posts[0].published, kNow);
  EXPECT_EQ(posts[0].media.size(), 1u);
}

TEST(BilibiliLiveEvents, OffToOffIsQuiet) {
  EXPECT_TRUE(live_events("1", off(), off(), kNow).empty());
  EXPECT_TRUE(live_events("1", std::nullopt, off(), kNow).empty());
}

TEST(BilibiliLiveEvents, FirstSightWhileLiveStarts) {
  const auto posts = live_events("1", std::nullopt, on("晚上好"), kNow);
  ASSERT_EQ(posts.size(), 1u);
  EXPECT_EQ(posts[0].id, "1/live/1700000000");
  EXPECT_EQ(posts[0].categories, std::vector<std::string>{"开播"});
}

TEST(BilibiliLiveEvents, RestartBetweenFetchesEndsThenStarts) {
  const TimePoint later = kStart + std::chrono::hours{3};
  const auto posts = live_events("1", on("第一场"), on("第二场", later), kNow);
  ASSERT_EQ(posts.size(), 2u);
  EXPECT_EQ(posts[0].id, "1/end/1700000000");
  EXPECT_EQ(posts[1].id, "1/live/1700010800");
  EXPECT_EQ(posts[1].title, "第二场");
}

// The platform as the conveyor drives it: the room's state carried from fetch to fetch.
std::string room_answer(const std::string& uid, int status, const std::string& title, long long live_time) {
  return R"({"code":0,"msg":"success","message":"success","data":{")" + uid + R"(":{"title":")" + title +
         R"(","room_id":77,"uid":)" + uid + R"(,"live_time":)" + std::to_string(live_time) +
         R"(,"live_status":)" + std::to_string(status) + R"(,"uname":"up","cover_from_user":"https://i0.hdslb.com/c.jpg"}}})";
}

TEST(BilibiliLivePlatform, StateCarriesEachChangeOnce) {
  const Platform* live = find_platform("bilibili-live");
  ASSERT_NE(live, nullptr);
  std::string state;
  auto at = [&](const std::string& body) { return live->parse_target(body, "", "9", state, kNow).posts; };
  EXPECT_TRUE(at(room_answer("9", 0, "预告", 0)).empty());
  EXPECT_FALSE(state.empty());
  auto posts = at(room_answer("9", 1, "开了", 1700000000));
  ASSERT_EQ(posts.size(), 1u);
  EXPECT_EQ(posts[0].id, "9/live/1700000000");
  EXPECT_TRUE(at(room_answer("9", 1, "开了", 1700000000)).empty()) << "nothing changed";
  posts = at(room_answer("9", 1, "改了", 1700000000));
  ASSERT_EQ(posts.size(), 1u);
  EXPECT_EQ(posts[0].categories, std::vector<std::string>{"标题更新"});
  // Another uid's answer (a batch without this room) says nothing and keeps the state.
  const std::string kept = state;
  EXPECT_TRUE(at(room_answer("10", 1, "x", 1700000000)).empty());
  EXPECT_EQ(state, kept);
  // Ended and restarted between two fetches: newest first on the page, as pages go.
  posts = at(room_answer("9", 1, "又开了", 1700009000));
  ASSERT_EQ(posts.size(), 2u);
  EXPECT_EQ(posts[0].id, "9/live/1700009000");
  EXPECT_EQ(posts[1].id, "9/end/1700000000");
  // A state that does not read is a first sight: the same 开播 id again, which the store dedups.
  state = "not json";
  posts = at(room_answer("9", 1, "又开了", 1700009000));
  ASSERT_EQ(posts.size(), 1u);
  EXPECT_EQ(posts[0].id, "9/live/1700009000");
}

TEST(BilibiliLivePlatform, KeysAndTheBatchedRequest) {
  const Platform* live = find_platform("bilibili-live");
  ASSERT_NE(live, nullptr);
  EXPECT_EQ(live->canonical_key("https://space.bilibili.com/672328094/dynamic"), "672328094");
  EXPECT_THROW(live->canonical_key("https://live.bilibili.com/22637261x"), std::invalid_argument);
  EXPECT_GT(live->batch_limit(), 1u);
  const HttpRequest req = live->batch_request({"1", "22", "333"});
  EXPECT_EQ(req.method, "POST");
  EXPECT_TRUE(req.url.ends_with("/room/v1/Room/get_status_info_by_uids")) << req.url;
  EXPECT_EQ(req.body, R"({"uids":[1,22,333]})");
  // Risk control reads as for the space feed.
  HttpResponse refused;
  refused.status = 200;
  refused.body = R"({"code":-412,"message":"请求被拦截"})";
  EXPECT_EQ(live->classify(refused).outcome, Outcome::kSlowDown);
}

}  // namespace
}  // namespace gather::bilibili
