#include "core/time_text.h"

#include <date/date.h>

#include <cctype>
#include <charconv>

namespace gather {

std::string format_rfc3339(TimePoint t) {
  return date::format("%FT%TZ", std::chrono::floor<std::chrono::seconds>(t));
}

std::string format_http_date(TimePoint t) {
  return date::format("%a, %d %b %Y %T GMT", std::chrono::floor<std::chrono::seconds>(t));
}

std::optional<std::chrono::milliseconds> parse_duration(std::string_view text) {
  using namespace std::chrono;
  if (text.empty()) return std::nullopt;
  milliseconds total{0};
  bool any = false;
  while (!text.empty()) {
    double value = 0;
    auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (ec != std::errc{} || value < 0) return std::nullopt;
    text.remove_prefix(static_cast<size_t>(end - text.data()));
    size_t unit_len = 0;
    while (unit_len < text.size() && std::isalpha(static_cast<unsigned char>(text[unit_len]))) ++unit_len;
    std::string_view unit = text.substr(0, unit_len);
    text.remove_prefix(unit_len);
    double ms_per;
    if (unit == "ms") ms_per = 1;
    else if (unit == "s" || (unit.empty() && !any && text.empty())) ms_per = 1000;
    else if (unit == "m" || unit == "min") ms_per = 60'000;
    else if (unit == "h") ms_per = 3'600'000;
    else if (unit == "d") ms_per = 86'400'000;
    else return std::nullopt;
    total += milliseconds{static_cast<long long>(value * ms_per + 0.5)};
    any = true;
  }
  return total;
}

std::string format_duration(std::chrono::milliseconds d) {
  using namespace std::chrono;
  if (d < seconds{1}) return std::to_string(d.count()) + "ms";
  std::string out;
  auto s = duration_cast<seconds>(d).count();
  const std::pair<long long, const char*> units[] = {{86400, "d"}, {3600, "h"}, {60, "m"}, {1, "s"}};
  for (auto [size, name] : units) {
    if (s >= size) {
      out += std::to_string(s / size) + name;
      s %= size;
    }
  }
  return out.empty() ? "0s" : out;
}

std::optional<RateLimit> parse_rate_limit(std::string_view text) {
  auto slash = text.find('/');
  if (slash == std::string_view::npos || slash == 0) return std::nullopt;
  int n = 0;
  for (char ch : text.substr(0, slash)) {
    if (ch < '0' || ch > '9' || n > 100000000) return std::nullopt;
    n = n * 10 + (ch - '0');
  }
  auto window = parse_duration(text.substr(slash + 1));
  if (n < 1 || !window || window->count() <= 0) return std::nullopt;
  return RateLimit{n, *window};
}

}  // namespace gather
