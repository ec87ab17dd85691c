// WBI, the signature Bilibili's web API asks of most query endpoints (the space feed and the
// account info among them). The format is documented by the community at
// https://github.com/SocialSisterYi/bilibili-API-collect/blob/master/docs/misc/sign/wbi.md :
// two keys published by the nav endpoint (they change about daily), shuffled by a fixed table
// into a 32-character mixin key; the query (plus `wts`, unix seconds) is sorted by name, the
// characters !'()* are dropped from values, percent-encoded (upper-case hex, space as %20) and
// `w_rid` = md5(query + mixin key) is appended.
#pragma once

#include <array>
#include <chrono>
#include <cstdint>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/post.h"
#include "net/http_types.h"

namespace gather::bilibili {

using QueryParams = std::vector<std::pair<std::string, std::string>>;

// The permutation of the 64 characters of img_key + sub_key; its first 32 picks are the mixin key.
extern const std::array<std::uint8_t, 64> kMixinKeyEncTab;

// The mixin key of a key pair; "" unless img_key + sub_key is 64 characters long.
std::string wbi_mixin_key(std::string_view img_key, std::string_view sub_key);

// `params` sorted by name, !'()* removed from values, names and values percent-encoded,
// joined with '&': the text WBI hashes (without the key).
std::string wbi_canonical_query(QueryParams params);

// The signed query: the canonical query of `params` + wts, then "&w_rid=<md5>". Pure; `wts` is
// the signing time in unix seconds. Throws std::invalid_argument when the keys are malformed.
std::string wbi_sign(QueryParams params, std::string_view img_key, std::string_view sub_key, std::int64_t wts);

struct WbiKeys {
  std::string img;
  std::string sub;
  TimePoint fetched_at{};
  bool operator==(const WbiKeys&) const = default;
};

// The nav endpoint ({base}/x/web-interface/nav), which publishes the keys to everyone, logged
// in or not.
HttpRequest nav_request();

// The keys in a nav answer: the file names, without extension, of data.wbi_img.img_url and
// sub_url. The answer's code is -101 when not logged in, and still carries the keys, so the code
// is not checked. `fetched_at` is left for the caller. Throws ParseError.
WbiKeys parse_nav(std::string_view body);

// The current keys, shared by every request of the process; safe from any thread.
class WbiKeyCache {
 public:
  void set(WbiKeys keys);
  std::optional<WbiKeys> get() const;

 private:
  mutable std::mutex mutex_;
  std::optional<WbiKeys> keys_;
};

}  // namespace gather::bilibili
