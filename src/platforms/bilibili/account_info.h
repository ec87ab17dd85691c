// The account info endpoint, {base}/x/space/wbi/acc/info?mid=MID (WBI-signed): a user's name,
// signature and avatar, for a target's profile when its feed is empty.
#pragma once

#include <cstdint>
#include <optional>
#include <string_view>

#include "core/post.h"
#include "net/http_types.h"
#include "platforms/bilibili/wbi.h"

namespace gather::bilibili {

// Signed at `wts` (unix seconds) when `keys` are given; the endpoint refuses unsigned requests
// after a few, so callers should have keys.
HttpRequest account_info_request(std::string_view mid, const std::optional<WbiKeys>& keys, std::int64_t wts);

// data.name -> title, data.sign -> description, data.face -> image, and
// https://space.bilibili.com/{data.mid} -> link. Throws ParseError (with the code and message
// when the answer is an error).
Feed parse_account_info(std::string_view body);

}  // namespace gather::bilibili
