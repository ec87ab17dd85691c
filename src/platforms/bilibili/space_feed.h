// The space feed: x/polymer/web-dynamic/v1/feed/space?host_mid=MID, a user's dynamics, newest
// first except the pinned one, which the site shows on top.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "core/post.h"
#include "platforms/bilibili/wbi.h"

namespace gather::bilibili {

// Posts ordered by publication time, newest first (a pinned item takes its place by date, so
// "newest first" holds for the whole page); the feed from the first item's author (name, face,
// https://space.bilibili.com/{mid}); older_cursor = data.offset when data.has_more.
// Throws ParseError for anything but a successful space feed answer.
Page parse_space_feed(std::string_view body);

// {base}/x/polymer/web-dynamic/v1/feed/space?host_mid=MID[&offset=OFFSET], WBI-signed at `wts`
// when `keys` are given.
std::string space_feed_url(std::string_view base, std::string_view mid, std::string_view offset,
                           const std::optional<WbiKeys>& keys, std::int64_t wts);

}  // namespace gather::bilibili
