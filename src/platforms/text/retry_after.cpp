#include "platforms/text/retry_after.h"

#include <algorithm>
#include <charconv>
#include <string_view>

#include "platforms/text/dates.h"
#include "platforms/text/trim.h"

namespace gather::text {

std::optional<std::chrono::seconds> retry_after(const HttpResponse& response) {
  const auto value = response.header("Retry-After");
  if (!value) return std::nullopt;
  const std::string_view v = trim(*value);
  long long secs = 0;
  const auto [end, ec] = std::from_chars(v.data(), v.data() + v.size(), secs);
  if (ec == std::errc{} && end == v.data() + v.size()) return std::chrono::seconds{std::max(0LL, secs)};
  if (auto when = parse_date(v)) {
    const auto delta = std::chrono::duration_cast<std::chrono::seconds>(*when - std::chrono::system_clock::now());
    return std::max(delta, std::chrono::seconds{0});
  }
  return std::nullopt;
}

}  // namespace gather::text
