// Dates as feeds and platform APIs write them, read into UTC.
#pragma once

#include <optional>
#include <string_view>

#include "core/post.h"

namespace gather::text {

// Accepts RFC 822/1123 (named or numeric zones, optional weekday, 2-digit years, optional
// seconds), RFC 3339 / ISO 8601 (offset or Z, fractional seconds, space for T, date only) and
// Weibo's "Sat Nov 21 10:00:00 +0800 2026". A time without a zone is taken as UTC.
// nullopt on anything else, including dates outside what a TimePoint can hold.
std::optional<TimePoint> parse_date(std::string_view input);

}  // namespace gather::text
