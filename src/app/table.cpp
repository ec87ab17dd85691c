#include "app/table.h"

#include <algorithm>

#include "core/time_text.h"

namespace gather {

namespace {
// Display width: count UTF-8 code points, so CJK titles don't break alignment too badly.
std::size_t width(const std::string& s) {
  return static_cast<std::size_t>(std::count_if(s.begin(), s.end(), [](char c) { return (c & 0xC0) != 0x80; }));
}
}  // namespace

std::string Table::render() const {
  std::vector<std::size_t> widths;
  for (const auto& row : rows_)
    for (std::size_t i = 0; i < row.size(); ++i) {
      if (widths.size() <= i) widths.push_back(0);
      widths[i] = std::max(widths[i], width(row[i]));
    }
  std::string out;
  for (const auto& row : rows_) {
    std::string line;
    for (std::size_t i = 0; i < row.size(); ++i) {
      line += row[i];
      if (i + 1 < row.size()) line += std::string(widths[i] - width(row[i]) + 2, ' ');
    }
    out += line + "\n";
  }
  return out;
}

std::string ago(std::optional<std::chrono::system_clock::time_point> t, std::chrono::system_clock::time_point now) {
  if (!t) return "-";
  auto d = std::chrono::duration_cast<std::chrono::seconds>(now - *t);
  if (d < std::chrono::seconds{0}) return "in " + format_duration(-d);
  if (d == std::chrono::seconds{0}) return "just now";
  return format_duration(d) + " ago";
}

std::string from_now(std::optional<std::chrono::system_clock::time_point> t, std::chrono::system_clock::time_point now) {
  if (!t) return "-";
  // Whole seconds: "in 0ms" helps nobody.
  auto d = std::chrono::duration_cast<std::chrono::seconds>(*t - now);
  if (d <= std::chrono::seconds{0}) return "now";
  return "in " + format_duration(d);
}

}  // namespace gather
