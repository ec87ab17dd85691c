// `bilibili-live`, the state of users' live rooms, read in batches from
// {base}/room/v1/Room/get_status_info_by_uids (POST {"uids": [...]}), and kept between fetches
// so that live_events can tell what changed.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/post.h"
#include "net/http_types.h"

namespace gather::bilibili {

struct LiveStatus {
  bool live = false;            // live_status 1; 0 (off) and 2 (rotation of recordings) are not live
  std::string title;            // the room's title
  std::string room_url;         // https://live.bilibili.com/{room_id}
  std::string cover;            // cover_from_user, else the keyframe
  std::optional<TimePoint> since;  // live_time: when the current broadcast started; none when off
  std::string name;             // uname
  bool operator==(const LiveStatus&) const = default;
};

// One POST for many users; `uids` are mids (digits). Base is
// platform_base_url("bilibili-live", "https://api.live.bilibili.com").
// Throws std::invalid_argument for a uid that is not a number.
HttpRequest live_status_request(const std::vector<std::string>& uids);

// uid -> status for every user the answer covers (users without a room are absent).
// Throws ParseError for anything but a successful answer.
std::map<std::string, LiveStatus> parse_live_status(std::string_view body);

// A status as a one-line JSON object, and back (kept in the store between fetches).
// deserialize throws ParseError.
std::string serialize_live_status(const LiveStatus& status);
LiveStatus deserialize_live_status(std::string_view text);

}  // namespace gather::bilibili
