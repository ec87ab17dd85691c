// The simulated live rooms of the "bilibili-live" platform: user 200000+i (feed i) has room
// 300000+i, which goes on air in a 3-hour cycle shifted 17 minutes per user: off for an hour,
// then live for 90 minutes (and off again for 30), its title changed 30 minutes into each broadcast. A pure function of
// the time since the simulator started, so tests know when each event happens.
// Answered as POST /room/v1/Room/get_status_info_by_uids {"uids":[...]} is on the site.
#pragma once

#include <chrono>
#include <cstdint>
#include <map>
#include <string>
#include <string_view>

#include "core/post.h"

namespace gather::sim {

struct SimRoom {
  std::int64_t uid = 0;
  std::int64_t room_id = 0;
  bool live = false;
  std::string title;
  std::int64_t live_time = 0;  // unix seconds of the current broadcast's start; 0 when off
  std::string name;
  std::string cover;
};

constexpr std::chrono::minutes kLiveCycle{180};
constexpr std::chrono::minutes kLiveOffAir{60};     // the first part of each cycle
constexpr std::chrono::minutes kLiveOnAir{90};      // then live; off again for the rest
constexpr std::chrono::minutes kLiveRetitle{30};    // into a broadcast
constexpr std::chrono::minutes kLiveShiftPerFeed{17};

// The room of feed i at `now`, for a simulator started at `start`.
SimRoom bilibili_room(int feed, TimePoint start, TimePoint now);

// The site's answer for these rooms (uid -> room), code 0.
std::string render_live_status(const std::map<std::int64_t, SimRoom>& rooms);

}  // namespace gather::sim
