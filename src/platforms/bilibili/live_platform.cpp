#include "platforms/bilibili/live_platform.h"

#include <algorithm>

#include "platforms/bilibili/classify.h"
#include "platforms/bilibili/live_events.h"
#include "platforms/bilibili/live_status.h"
#include "platforms/bilibili/space_key.h"

namespace gather::bilibili {
namespace {

Feed feed_of(const LiveStatus& s) { return Feed{s.name, s.room_url, {}, s.cover}; }

// Pages list the newest post first; events come oldest first.
std::vector<Post> newest_first(std::vector<Post> posts) {
  std::reverse(posts.begin(), posts.end());
  return posts;
}

}  // namespace

std::string BilibiliLivePlatform::canonical_key(std::string_view input) const { return mid_of(input); }

HttpRequest BilibiliLivePlatform::request_for(std::string_view key, const Validators& validators) const {
  (void)validators;  // the API sends none
  return live_status_request({std::string(key)});
}

HttpRequest BilibiliLivePlatform::batch_request(const std::vector<std::string>& keys) const {
  return live_status_request(keys);
}

Classified BilibiliLivePlatform::classify(const HttpResponse& response) const {
  return classify_api_response(response);
}

Page BilibiliLivePlatform::parse(std::string_view body, std::string_view base_url) const {
  (void)base_url;
  const auto rooms = parse_live_status(body);
  const TimePoint now = std::chrono::system_clock::now();
  Page page;
  for (const auto& [uid, room] : rooms)
    for (auto& post : newest_first(live_events(uid, std::nullopt, room, now))) page.posts.push_back(std::move(post));
  if (rooms.size() == 1) page.feed = feed_of(rooms.begin()->second);
  return page;
}

Page BilibiliLivePlatform::parse_target(std::string_view body, std::string_view base_url, std::string_view key,
                                        std::string& state, TimePoint now) const {
  (void)base_url;
  const auto rooms = parse_live_status(body);
  Page page;
  auto room = rooms.find(std::string(key));
  if (room == rooms.end()) return page;
  std::optional<LiveStatus> previous;
  if (!state.empty()) {
    // A state that no longer reads (written by another version) is as good as none: the room
    // is then seen afresh, and event ids follow from the room alone, so nothing repeats.
    try {
      previous = deserialize_live_status(state);
    } catch (const ParseError&) {
    }
  }
  page.posts = newest_first(live_events(key, previous, room->second, now));
  page.feed = feed_of(room->second);
  state = serialize_live_status(room->second);
  return page;
}

}  // namespace gather::bilibili
