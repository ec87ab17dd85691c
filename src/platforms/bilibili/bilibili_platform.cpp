#include "platforms/bilibili/bilibili_platform.h"

#include <stdexcept>

#include "platforms/bilibili/classify.h"
#include "platforms/bilibili/space_key.h"
#include "platforms/bilibili/space_feed.h"

namespace gather::bilibili {

std::string BilibiliPlatform::canonical_key(std::string_view input) const { return mid_of(input); }

HttpRequest BilibiliPlatform::feed_request(std::string_view mid, std::string_view offset) const {
  HttpRequest req;
  const auto wts = std::chrono::duration_cast<std::chrono::seconds>(
                       std::chrono::system_clock::now().time_since_epoch())
                       .count();
  req.url = space_feed_url(platform_base_url("bilibili", "https://api.bilibili.com"), mid, offset, keys_.get(), wts);
  req.headers.emplace_back("Accept", "application/json");
  // The site's own pages send these; requests without them meet risk control sooner.
  req.headers.emplace_back("Referer", "https://space.bilibili.com/" + std::string(mid) + "/dynamic");
  req.headers.emplace_back("Origin", "https://space.bilibili.com");
  return req;
}

HttpRequest BilibiliPlatform::request_for(std::string_view key, const Validators& validators) const {
  (void)validators;
  return feed_request(key, {});
}

std::optional<HttpRequest> BilibiliPlatform::request_older(std::string_view key, const Page& newer) const {
  if (newer.older_cursor.empty()) return std::nullopt;
  return feed_request(key, newer.older_cursor);
}

Classified BilibiliPlatform::classify(const HttpResponse& response) const { return classify_api_response(response); }

Page BilibiliPlatform::parse(std::string_view body, std::string_view base_url) const {
  (void)base_url;  // every link in the answer is absolute or protocol-relative
  return parse_space_feed(body);
}

void BilibiliPlatform::set_wbi_keys(std::string img, std::string sub, TimePoint fetched_at) const {
  // Refused here rather than failing every request_for later.
  if (wbi_mixin_key(img, sub).empty()) throw std::invalid_argument("WBI keys must be 32 + 32 characters");
  keys_.set(WbiKeys{std::move(img), std::move(sub), fetched_at});
}

std::optional<WbiKeys> BilibiliPlatform::wbi_keys() const { return keys_.get(); }

std::optional<HttpRequest> BilibiliPlatform::setup_request(TimePoint now) const {
  auto keys = keys_.get();
  if (keys && now - keys->fetched_at < std::chrono::hours{12}) return std::nullopt;
  return nav_request();
}

void BilibiliPlatform::accept_setup(std::string_view body, TimePoint now) const {
  WbiKeys keys = parse_nav(body);
  set_wbi_keys(std::move(keys.img), std::move(keys.sub), now);
}

}  // namespace gather::bilibili
