#include "platforms/bilibili/live_status.h"

#include <boost/json.hpp>

#include <charconv>
#include <stdexcept>

#include "platforms/bilibili/api_envelope.h"
#include "platforms/bilibili/json_fields.h"
#include "platforms/platform.h"

namespace gather::bilibili {
namespace {

std::int64_t unix_seconds(TimePoint t) {
  return std::chrono::duration_cast<std::chrono::seconds>(t.time_since_epoch()).count();
}

std::optional<TimePoint> from_unix(std::optional<std::int64_t> secs) {
  if (!secs || *secs <= 0) return std::nullopt;
  return TimePoint{std::chrono::seconds{*secs}};
}

LiveStatus read_room(const json::object& room) {
  LiveStatus s;
  s.live = integer(&room, "live_status").value_or(0) == 1;
  s.title = str(&room, "title");
  if (const std::string id = str(&room, "room_id"); !id.empty() && id != "0") s.room_url = "https://live.bilibili.com/" + id;
  s.cover = absolute(str(&room, "cover_from_user"));
  if (s.cover.empty()) s.cover = absolute(str(&room, "keyframe"));
  // live_time is kept while a room rotates recordings; only a live room has a start.
  if (s.live) s.since = from_unix(integer(&room, "live_time"));
  s.name = str(&room, "uname");
  return s;
}

}  // namespace

HttpRequest live_status_request(const std::vector<std::string>& uids) {
  json::array list;
  for (const std::string& uid : uids) {
    std::int64_t n = 0;
    const auto [end, ec] = std::from_chars(uid.data(), uid.data() + uid.size(), n);
    if (uid.empty() || ec != std::errc{} || end != uid.data() + uid.size() || n <= 0) {
      throw std::invalid_argument("not a Bilibili uid: " + uid);
    }
    list.emplace_back(n);
  }
  HttpRequest req;
  req.method = "POST";
  req.url = platform_base_url("bilibili-live", "https://api.live.bilibili.com") + "/room/v1/Room/get_status_info_by_uids";
  req.headers.emplace_back("Content-Type", "application/json");
  req.headers.emplace_back("Accept", "application/json");
  req.headers.emplace_back("Referer", "https://live.bilibili.com/");
  req.body = json::serialize(json::object{{"uids", std::move(list)}});
  return req;
}

std::map<std::string, LiveStatus> parse_live_status(std::string_view body) {
  const json::object root = parse_object(body, "bilibili live status");
  const auto code = api_code(root);
  if (!code) throw ParseError("bilibili live status: no code (not a Bilibili API answer)");
  if (*code != 0) {
    throw ParseError("bilibili live status: code " + std::to_string(*code) + " (" + api_message(root) + ")");
  }
  std::map<std::string, LiveStatus> out;
  const json::value* data = root.if_contains("data");
  // When none of the uids has a room the answer's data is an empty list, not an object.
  if (!data || data->is_null() || (data->is_array() && data->get_array().empty())) return out;
  if (!data->is_object()) throw ParseError("bilibili live status: data is not an object keyed by uid");
  for (const auto& [uid, room] : data->get_object()) {
    if (const json::object* r = room.if_object()) out.emplace(std::string(uid), read_room(*r));
  }
  return out;
}

std::string serialize_live_status(const LiveStatus& s) {
  json::object o;
  o["live"] = s.live;
  o["title"] = s.title;
  o["room_url"] = s.room_url;
  o["cover"] = s.cover;
  if (s.since) o["since"] = unix_seconds(*s.since);
  o["name"] = s.name;
  return json::serialize(o);
}

LiveStatus deserialize_live_status(std::string_view text) {
  const json::object o = parse_object(text, "live status");
  const json::value* live = o.if_contains("live");
  if (!live || !live->is_bool()) throw ParseError("live status: no boolean `live`");
  LiveStatus s;
  s.live = live->get_bool();
  s.title = str(&o, "title");
  s.room_url = str(&o, "room_url");
  s.cover = str(&o, "cover");
  s.since = from_unix(integer(&o, "since"));
  s.name = str(&o, "name");
  return s;
}

}  // namespace gather::bilibili
