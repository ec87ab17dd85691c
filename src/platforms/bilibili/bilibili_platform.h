// The `bilibili` platform: a user's space dynamics (their posts, videos, articles, forwards).
// The target key is the user's mid (uid), digits only.
#pragma once

#include <optional>

#include "platforms/bilibili/wbi.h"
#include "platforms/platform.h"

namespace gather::bilibili {

class BilibiliPlatform final : public Platform {
 public:
  std::string_view name() const override { return "bilibili"; }
  // Accepts a bare mid, https://space.bilibili.com/MID[/dynamic|/...], the same without scheme,
  // and https://m.bilibili.com/space/MID; returns the mid. Throws std::invalid_argument.
  std::string canonical_key(std::string_view input) const override;
  // GET {base}/x/polymer/web-dynamic/v1/feed/space?host_mid=MID, WBI-signed with the cached
  // keys when there are any (unsigned otherwise). Bilibili sends no validators; they are unused.
  HttpRequest request_for(std::string_view key, const Validators& validators) const override;
  Classified classify(const HttpResponse& response) const override;
  Page parse(std::string_view body, std::string_view base_url) const override;
  bool pages_back() const override { return true; }
  bool sessions_see_more() const override { return true; }  // fans-only / charge-only posts
  // The same with &offset=<newer.older_cursor>; nullopt when the newer page had no more.
  std::optional<HttpRequest> request_older(std::string_view key, const Page& newer) const override;

  // The nav endpoint when there are no WBI keys or they are older than 12 h (the site rotates
  // them daily; requests signed with stale ones meet -352).
  std::optional<HttpRequest> setup_request(TimePoint now) const override;
  void accept_setup(std::string_view body, TimePoint now) const override;

  // The WBI keys are site-wide, not per target, so they live here. The registry hands out const
  // platforms, hence const: the cache is internally synchronised and safe from any thread.
  // Throws std::invalid_argument unless both keys are 32 characters.
  void set_wbi_keys(std::string img, std::string sub, TimePoint fetched_at) const;
  std::optional<WbiKeys> wbi_keys() const;

 private:
  HttpRequest feed_request(std::string_view mid, std::string_view offset) const;

  mutable WbiKeyCache keys_;
};

}  // namespace gather::bilibili
