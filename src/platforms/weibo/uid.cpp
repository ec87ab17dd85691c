// What a user typed to the uid a Weibo target is keyed by.
#include <boost/url.hpp>

#include <algorithm>
#include <cctype>
#include <stdexcept>
#include <string>
#include <vector>

#include "platforms/weibo/weibo_api.h"

namespace gather::weibo {
namespace {

std::string_view trim(std::string_view s) {
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.front()))) s.remove_prefix(1);
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.back()))) s.remove_suffix(1);
  return s;
}

// Uids are positive 64-bit integers written without leading zeros.
bool is_uid(std::string_view s) {
  return !s.empty() && s.size() <= 18 && s.front() != '0' &&
         std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
}

bool is_weibo_host(std::string_view host) {
  return host == "weibo.com" || host == "www.weibo.com" || host == "m.weibo.cn" || host == "weibo.cn" ||
         host == "m.weibo.com";
}

[[noreturn]] void refuse(std::string_view input, const std::string& why) {
  throw std::invalid_argument(std::string(input) + ": " + why);
}

}  // namespace

std::string uid_from(std::string_view input) {
  const std::string_view in = trim(input);
  if (in.empty()) throw std::invalid_argument("empty: give a Weibo uid or profile URL");
  if (is_uid(in)) return std::string(in);
  if (std::all_of(in.begin(), in.end(), [](char c) { return c >= '0' && c <= '9'; })) {
    refuse(in, "not a Weibo uid (digits without a leading zero, at most 18)");
  }
  if (in.find_first_of("/.:") == std::string_view::npos) {
    refuse(in, "a name, not a uid: names cannot be resolved to a uid offline; give the numeric uid (weibo.com/u/UID)");
  }
  // "weibo.com/u/1" is how people paste it; a bare host needs a scheme to parse as a URL.
  std::string text = in.find("://") == std::string_view::npos ? "https://" : "";
  // Browsers show (and copy) paths like /n/名字 unencoded; a URI needs them percent-encoded.
  for (const char c : in) {
    const auto byte = static_cast<unsigned char>(c);
    if (byte < 0x80) {
      text += c;
    } else {
      constexpr char kHex[] = "0123456789ABCDEF";
      text += '%';
      text += kHex[byte >> 4];
      text += kHex[byte & 0xF];
    }
  }
  auto parsed = boost::urls::parse_uri(text);
  if (!parsed || !parsed->has_authority()) refuse(in, "not a Weibo uid or profile URL");
  boost::urls::url u(*parsed);
  u.normalize_scheme();
  u.normalize_authority();
  if (u.scheme() != "http" && u.scheme() != "https") refuse(in, "not an http(s) URL");
  if (!is_weibo_host(u.host())) refuse(in, "not a Weibo address (weibo.com, m.weibo.cn)");

  std::vector<std::string> segs;
  for (auto seg : u.segments()) segs.emplace_back(seg);
  while (!segs.empty() && segs.back().empty()) segs.pop_back();  // a trailing slash

  if (segs.size() == 2 && (segs[0] == "u" || segs[0] == "profile")) {
    if (is_uid(segs[1])) return segs[1];
    refuse(in, "'" + segs[1] + "' after /" + segs[0] + "/ is not a numeric uid");
  }
  if (segs.size() == 1 && is_uid(segs[0])) return segs[0];
  if (segs.size() == 2 && is_uid(segs[0])) refuse(in, "a post's URL, not an account's: give weibo.com/u/" + segs[0]);
  if (segs.size() == 2 && segs[0] == "n") {
    refuse(in, "a nickname link cannot be resolved to a uid offline: give the numeric uid (weibo.com/u/UID)");
  }
  if (segs.size() == 1) {
    refuse(in, "'" + segs[0] +
                   "' is a custom domain name, which cannot be resolved to a uid offline: give the numeric uid "
                   "(weibo.com/u/UID)");
  }
  refuse(in, "not a Weibo profile URL (weibo.com/u/UID, m.weibo.cn/u/UID, m.weibo.cn/profile/UID)");
}

}  // namespace gather::weibo
