// Time and duration as people and wire formats write them.
#pragma once

#include <chrono>
#include <optional>
#include <string>
#include <string_view>

#include "core/post.h"

namespace gather {

// "2026-11-21T02:00:00Z" (always UTC, second precision).
std::string format_rfc3339(TimePoint t);
// RFC 1123, for HTTP headers: "Sat, 21 Nov 2026 02:00:00 GMT".
std::string format_http_date(TimePoint t);

// "250ms", "30s", "5m", "2h", "1d", or a bare number of seconds. nullopt on anything else.
std::optional<std::chrono::milliseconds> parse_duration(std::string_view text);

// A request budget: `requests` per `window`.
struct RateLimit {
  int requests = 0;
  std::chrono::milliseconds window{0};
};
// "20/60s" → 20 per 60 s; nullopt unless N >= 1 and the window is a positive duration.
std::optional<RateLimit> parse_rate_limit(std::string_view text);
// The inverse, for display: "30s", "5m", "1h30m".
std::string format_duration(std::chrono::milliseconds d);

}  // namespace gather
