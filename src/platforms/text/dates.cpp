#include "platforms/text/dates.h"

// date.h's parser trips GCC 12's -Wmaybe-uninitialized on a variable it assigns before use.
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wmaybe-uninitialized"
#include <date/date.h>
#pragma GCC diagnostic pop

#include <algorithm>
#include <array>
#include <cctype>
#include <chrono>
#include <sstream>
#include <string>
#include <vector>

namespace gather::text {
namespace {

using std::chrono::minutes;
using Micros = date::sys_time<std::chrono::microseconds>;

bool is_space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v'; }
bool is_digit(char c) { return c >= '0' && c <= '9'; }
bool is_alpha(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }

std::string lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

std::vector<std::string> split_ws(std::string_view s) {
  std::vector<std::string> out;
  std::size_t i = 0;
  while (i < s.size()) {
    while (i < s.size() && is_space(s[i])) ++i;
    std::size_t j = i;
    while (j < s.size() && !is_space(s[j])) ++j;
    if (j > i) out.emplace_back(s.substr(i, j - i));
    i = j;
  }
  return out;
}

// The date library reads zone abbreviations but cannot know their offsets; RFC 822 names these.
struct NamedZone {
  std::string_view name;
  int hours;
};
constexpr std::array<NamedZone, 12> kZones{{{"gmt", 0}, {"ut", 0}, {"utc", 0}, {"z", 0},
                                            {"est", -5}, {"edt", -4}, {"cst", -6}, {"cdt", -5},
                                            {"mst", -7}, {"mdt", -6}, {"pst", -8}, {"pdt", -7}}};

// "+0800", "+08:00", "+08", "-0530" to minutes east of UTC.
std::optional<minutes> numeric_offset(std::string_view tok) {
  if (tok.size() < 3 || (tok[0] != '+' && tok[0] != '-')) return std::nullopt;
  std::string digits;
  for (std::size_t i = 1; i < tok.size(); ++i) {
    if (is_digit(tok[i])) {
      digits += tok[i];
    } else if (!(tok[i] == ':' && i == 3)) {
      return std::nullopt;
    }
  }
  if (digits.size() == 2) digits += "00";
  if (digits.size() != 4) return std::nullopt;
  const int h = (digits[0] - '0') * 10 + (digits[1] - '0');
  const int m = (digits[2] - '0') * 10 + (digits[3] - '0');
  if (h > 23 || m > 59) return std::nullopt;
  const int total = h * 60 + m;
  return minutes{tok[0] == '-' ? -total : total};
}

std::optional<minutes> zone_offset(std::string_view tok) {
  if (auto n = numeric_offset(tok)) return n;
  const std::string l = lower(tok);
  for (const auto& z : kZones) {
    if (l == z.name) return minutes{z.hours * 60};
  }
  // RFC 2822 §4.3: the military letters were defined with the wrong sign in RFC 822, so their
  // meaning is unknown; they are to be read as UTC.
  if (l.size() == 1 && is_alpha(l[0]) && l[0] != 'j') return minutes{0};
  // "GMT+0800", "UTC-05:00".
  if (l.size() > 3 && (l.starts_with("gmt") || l.starts_with("utc"))) return numeric_offset(tok.substr(3));
  return std::nullopt;
}

bool is_weekday_name(std::string_view tok) {
  std::string l = lower(tok);
  while (!l.empty() && (l.back() == ',' || l.back() == '.')) l.pop_back();
  if (l.size() < 3 || !std::all_of(l.begin(), l.end(), [](char c) { return is_alpha(c); })) return false;
  // Only the first three letters count: misspelt and full names ("Thurs", "Saturday") are common.
  static constexpr std::array<std::string_view, 7> kDays{"mon", "tue", "wed", "thu", "fri", "sat", "sun"};
  return std::find(kDays.begin(), kDays.end(), std::string_view(l).substr(0, 3)) != kDays.end();
}

// One format over the whole string; fails unless everything is consumed.
std::optional<Micros> try_format(const std::string& s, const char* fmt) {
  std::istringstream in(s);
  Micros tp;
  in >> date::parse(fmt, tp);
  if (in.fail()) return std::nullopt;
  in >> std::ws;
  if (in.peek() != std::char_traits<char>::eof()) return std::nullopt;
  return tp;
}

std::optional<Micros> first_match(const std::string& s, std::initializer_list<const char*> formats) {
  for (const char* f : formats) {
    if (auto tp = try_format(s, f)) return tp;
  }
  return std::nullopt;
}

// RFC 3339 and its ISO 8601 relatives: the zone is glued to the time, fractions may be long.
std::optional<Micros> parse_iso(std::string s, minutes& offset) {
  if (s.size() > 10 && s[4] == '-' && (s[10] == ' ' || s[10] == 't')) s[10] = 'T';
  if (s.size() > 10 && s[10] == 'T') {
    if (s.back() == 'Z' || s.back() == 'z') {
      s.pop_back();
    } else {
      const std::size_t sign = s.find_last_of("+-");
      if (sign != std::string::npos && sign > 10) {
        std::string tok = s.substr(sign);
        tok.erase(std::remove_if(tok.begin(), tok.end(), is_space), tok.end());
        auto off = numeric_offset(tok);
        if (!off) return std::nullopt;
        offset = *off;
        s.erase(sign);
      }
    }
    // Microseconds are all we keep, and the library misreads more digits than its precision.
    const std::size_t dot = s.find_first_of(".,", 11);
    if (dot != std::string::npos) {
      s[dot] = '.';
      std::size_t end = dot + 1;
      while (end < s.size() && is_digit(s[end])) ++end;
      if (end - dot - 1 > 6) s.erase(dot + 7, end - dot - 7);
    }
  }
  return first_match(s, {"%Y-%m-%dT%H:%M:%S", "%Y-%m-%dT%H:%M", "%Y-%m-%d", "%Y/%m/%d %H:%M:%S",
                         "%Y/%m/%d %H:%M", "%Y/%m/%d"});
}

std::optional<Micros> parse_textual(const std::vector<std::string>& tokens) {
  std::string s;
  for (const auto& t : tokens) {
    if (!s.empty()) s += ' ';
    s += t;
  }
  auto tp = first_match(s, {"%d %b %Y %H:%M:%S", "%d %b %Y %H:%M", "%d %b %Y", "%b %d %H:%M:%S %Y",
                            "%b %d %Y %H:%M:%S", "%b %d, %Y %H:%M:%S", "%b %d, %Y", "%d-%b-%Y %H:%M:%S"});
  if (!tp) return std::nullopt;
  // A 2-digit year reads as year 0-99; RFC 2822 §4.3 (and POSIX %y) pivot it.
  auto days = date::floor<date::days>(*tp);
  date::year_month_day ymd{days};
  const int y = static_cast<int>(ymd.year());
  if (y >= 0 && y < 100) {
    const date::year fixed{y < 50 ? 2000 + y : 1900 + y};
    date::year_month_day moved{fixed, ymd.month(), ymd.day()};
    if (!moved.ok()) return std::nullopt;
    tp = Micros{date::sys_days{moved}} + (*tp - days);
  }
  return tp;
}

}  // namespace

std::optional<TimePoint> parse_date(std::string_view input) {
  std::string_view v = input;
  while (!v.empty() && is_space(v.front())) v.remove_prefix(1);
  while (!v.empty() && is_space(v.back())) v.remove_suffix(1);
  // A trailing comment, as in "+0800 (CST)".
  if (!v.empty() && v.back() == ')') {
    const auto open = v.rfind('(');
    if (open != std::string_view::npos) v = v.substr(0, open);
    while (!v.empty() && is_space(v.back())) v.remove_suffix(1);
  }
  if (v.size() < 6 || v.size() > 64) return std::nullopt;

  minutes offset{0};
  std::optional<Micros> local;
  const bool iso = v.size() >= 8 && is_digit(v[0]) && is_digit(v[1]) && is_digit(v[2]) && is_digit(v[3]) &&
                   (v[4] == '-' || v[4] == '/');
  if (iso) {
    std::string s(v);
    // "2026-11-21 10:00:00 UTC".
    auto tokens = split_ws(s);
    if (tokens.size() >= 2 && std::all_of(tokens.back().begin(), tokens.back().end(), is_alpha)) {
      auto z = zone_offset(tokens.back());
      if (!z) return std::nullopt;
      offset = *z;
      s.erase(s.rfind(tokens.back()));
      while (!s.empty() && is_space(s.back())) s.pop_back();
    }
    local = parse_iso(std::move(s), offset);
  } else {
    auto tokens = split_ws(v);
    if (!tokens.empty() && is_weekday_name(tokens.front())) tokens.erase(tokens.begin());
    // The zone may sit anywhere after the time (Weibo puts the year last); take the first token
    // after a clock time that reads as a zone.
    for (std::size_t i = 1; i < tokens.size(); ++i) {
      if (tokens[i - 1].find(':') == std::string::npos) continue;
      if (auto z = zone_offset(tokens[i])) {
        offset = *z;
        tokens.erase(tokens.begin() + static_cast<std::ptrdiff_t>(i));
        break;
      }
    }
    if (!tokens.empty() && tokens.front().ends_with(',') && !is_alpha(tokens.front().front())) {
      tokens.front().pop_back();  // "21, Nov 2026" is seen in the wild
    }
    local = parse_textual(tokens);
  }
  if (!local) return std::nullopt;

  const Micros utc = *local - offset;
  // TimePoint counts nanoseconds in 64 bits: only years 1678..2261 fit.
  const date::year y = date::year_month_day{date::floor<date::days>(utc)}.year();
  if (y < date::year{1678} || y > date::year{2261}) return std::nullopt;
  return std::chrono::time_point_cast<TimePoint::duration>(utc);
}

}  // namespace gather::text
