#include "platforms/bilibili/live_events.h"

#include <string>

#include "core/digest.h"

namespace gather::bilibili {
namespace {

std::string live_time(const LiveStatus& s) {
  return std::to_string(
      s.since ? std::chrono::duration_cast<std::chrono::seconds>(s.since->time_since_epoch()).count() : 0);
}

Post event(const LiveStatus& s, std::string id, const char* what, TimePoint when) {
  Post p;
  p.id = std::move(id);
  p.url = s.room_url;
  p.title = s.title;
  p.text = s.title;
  p.author = s.name;
  p.published = when;
  p.categories = {what};
  if (!s.cover.empty()) p.media.push_back({s.cover, "image", {}});
  return p;
}

Post started(std::string_view uid, const LiveStatus& s, TimePoint now) {
  return event(s, std::string(uid) + "/live/" + live_time(s), "开播", s.since.value_or(now));
}

Post ended(std::string_view uid, const LiveStatus& before, const LiveStatus& after, TimePoint now) {
  // The room as it was while live; the name and room of now, in case the user renamed.
  LiveStatus s = before;
  if (!after.name.empty()) s.name = after.name;
  if (!after.room_url.empty()) s.room_url = after.room_url;
  return event(s, std::string(uid) + "/end/" + live_time(before), "下播", now);
}

Post retitled(std::string_view uid, const LiveStatus& s, TimePoint now) {
  // A hash of the title, not a counter: the id must follow from the states alone.
  const std::string h = sha256_hex(s.title).substr(0, 12);
  return event(s, std::string(uid) + "/title/" + live_time(s) + "/" + h, "标题更新", now);
}

}  // namespace

std::vector<Post> live_events(std::string_view uid, const std::optional<LiveStatus>& previous,
                              const LiveStatus& current, TimePoint now) {
  const bool was_live = previous && previous->live;
  if (!was_live) {
    if (current.live) return {started(uid, current, now)};
    return {};
  }
  if (!current.live) return {ended(uid, *previous, current, now)};
  if (previous->since != current.since) return {ended(uid, *previous, current, now), started(uid, current, now)};
  if (previous->title != current.title) return {retitled(uid, current, now)};
  return {};
}

}  // namespace gather::bilibili
