#include "platforms/bilibili/space_key.h"

#include <boost/url.hpp>

#include <algorithm>
#include <cctype>
#include <stdexcept>
#include <vector>

namespace gather::bilibili {
namespace {

std::string_view trim(std::string_view s) {
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.front()))) s.remove_prefix(1);
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.back()))) s.remove_suffix(1);
  return s;
}

bool all_digits(std::string_view s) {
  return !s.empty() && std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
}

// A mid is a positive number that fits in 64 bits; written without leading zeros.
std::string checked_mid(std::string_view digits, std::string_view input) {
  if (!all_digits(digits)) throw std::invalid_argument("not a Bilibili uid: " + std::string(digits) + " in " + std::string(input));
  while (digits.size() > 1 && digits.front() == '0') digits.remove_prefix(1);
  if (digits == "0") throw std::invalid_argument("uid 0 is no user: " + std::string(input));
  if (digits.size() > 19) throw std::invalid_argument("uid too long: " + std::string(input));
  return std::string(digits);
}

}  // namespace

std::string mid_of(std::string_view raw) {
  const std::string_view in = trim(raw);
  if (in.empty()) throw std::invalid_argument("empty Bilibili target: give a uid or a space URL");
  if (all_digits(in)) return checked_mid(in, in);

  // "space.bilibili.com/MID" has no scheme; give it one so that it parses as a URL.
  std::string text(in);
  if (text.find("://") == std::string::npos) text.insert(0, "https://");
  auto parsed = boost::urls::parse_uri(text);
  if (!parsed) throw std::invalid_argument("not a uid or a URL: " + std::string(in));
  const boost::urls::url_view u = *parsed;
  if (u.scheme() != "http" && u.scheme() != "https") throw std::invalid_argument("not an http(s) URL: " + std::string(in));
  std::string host(u.encoded_host());
  std::transform(host.begin(), host.end(), host.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });

  std::vector<std::string> segments;
  for (const auto& s : u.segments()) {
    if (!s.empty()) segments.push_back(s);
  }
  if (host == "space.bilibili.com") {
    if (segments.empty()) throw std::invalid_argument("no uid in the space URL: " + std::string(in));
    return checked_mid(segments[0], in);
  }
  if (host == "m.bilibili.com") {
    if (segments.size() < 2 || segments[0] != "space") {
      throw std::invalid_argument("not a space URL (want m.bilibili.com/space/UID): " + std::string(in));
    }
    return checked_mid(segments[1], in);
  }
  throw std::invalid_argument("not a Bilibili space URL (want space.bilibili.com/UID): " + std::string(in));
}

}  // namespace gather::bilibili
