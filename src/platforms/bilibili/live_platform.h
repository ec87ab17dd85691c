// The `bilibili-live` platform: whether users are live, read for many users in one request, and
// turned into posts when that changes (开播, 标题更新, 下播; see live_events.h). The target key is
// the user's mid (uid), as for `bilibili`. What a room looked like at the last fetch is the
// target's platform state, kept by the store, so a restart neither repeats nor misses an event.
#pragma once

#include "platforms/platform.h"

namespace gather::bilibili {

class BilibiliLivePlatform final : public Platform {
 public:
  std::string_view name() const override { return "bilibili-live"; }
  // The same inputs as `bilibili` (a bare mid, a space URL): the live API is keyed by uid, not
  // by room number. Throws std::invalid_argument.
  std::string canonical_key(std::string_view input) const override;
  HttpRequest request_for(std::string_view key, const Validators& validators) const override;
  // The endpoint takes a list; 50 keeps one answer small while covering most configs at once.
  std::size_t batch_limit() const override { return 50; }
  HttpRequest batch_request(const std::vector<std::string>& keys) const override;
  Classified classify(const HttpResponse& response) const override;
  // Without a previous state: what every room in the answer means seen for the first time (a
  // live room is 开播); the feed is the room's owner when the answer holds one room.
  Page parse(std::string_view body, std::string_view base_url) const override;
  // The events of `key`'s room since `state`, which becomes this answer's room. A user without a
  // room (absent from the answer) gives an empty page and keeps the state.
  Page parse_target(std::string_view body, std::string_view base_url, std::string_view key, std::string& state,
                    TimePoint now) const override;
};

}  // namespace gather::bilibili
