// What a change of a live room's state means to subscribers: 开播 (went live), 标题更新 (title
// changed while live), 下播 (ended). A pure function of the previous and current state, so that
// the same pair always gives the same posts with the same ids (the conveyor dedups by id).
#pragma once

#include <optional>
#include <string_view>
#include <vector>

#include "core/post.h"
#include "platforms/bilibili/live_status.h"

namespace gather::bilibili {

// The posts for `uid` going from `previous` (nullopt: never seen before) to `current`, in the
// order the events happened. Ids:
//   开播      {uid}/live/{live_time}
//   标题更新  {uid}/title/{live_time}/{first 12 hex of SHA-256 of the new title}
//   下播      {uid}/end/{previous live_time}
// (live_time in unix seconds, 0 when the platform gave none). Each post has the room URL, the
// cover as an image, the user's name as author, the room's title as title and text, and the
// event as its category; published is the broadcast's start for 开播, `now` otherwise.
// Seen for the first time while live gives 开播 (the conveyor records without sending on a
// target's first fetch); a broadcast that ended and restarted between two fetches (a new
// live_time) gives 下播 then 开播.
std::vector<Post> live_events(std::string_view uid, const std::optional<LiveStatus>& previous,
                              const LiveStatus& current, TimePoint now);

}  // namespace gather::bilibili
