#include "platforms/telegram/channel_name.h"

#include <boost/url.hpp>

#include <algorithm>
#include <array>
#include <cctype>
#include <stdexcept>
#include <vector>

#include "platforms/text/trim.h"

namespace gather::telegram {
namespace {

std::string lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

// First path segments that are Telegram features, not usernames; some are long enough to pass
// as one, so they are refused by name with a message that says why.
bool is_service_path(std::string_view segment) {
  static constexpr std::array<std::string_view, 14> kService{
      "addstickers", "addemoji", "addtheme", "addlist", "share",  "proxy", "socks",
      "setlanguage", "confirmphone", "login", "invoice", "boost", "iv",    "bg"};
  const std::string s = lower(segment);
  return std::find(kService.begin(), kService.end(), s) != kService.end();
}

std::string checked(std::string_view name, std::string_view input) {
  if (!valid_username(name)) {
    throw std::invalid_argument("not a Telegram channel username: '" + std::string(name) + "' in '" +
                                std::string(input) +
                                "' (5-32 letters, digits or underscores, starting with a letter)");
  }
  return lower(name);
}

bool telegram_host(std::string host) {
  host = lower(host);
  if (host.starts_with("www.")) host.erase(0, 4);
  return host == "t.me" || host == "telegram.me" || host == "telegram.dog";
}

std::string name_from_link(std::string_view in) {
  std::string text(in);
  if (text.find("://") == std::string::npos) text = "https://" + text;
  auto parsed = boost::urls::parse_uri(text);
  const bool web = parsed && (lower(parsed->scheme()) == "https" || lower(parsed->scheme()) == "http");
  if (!web || !telegram_host(parsed->host())) {
    throw std::invalid_argument("not a Telegram channel: '" + std::string(in) +
                                "' (expected a username, @username or a t.me/username link)");
  }
  std::vector<std::string> segs;
  for (auto seg : parsed->segments()) {
    if (!seg.empty()) segs.push_back(seg);
  }
  if (segs.empty()) throw std::invalid_argument("no channel name in '" + std::string(in) + "'");
  const std::string& first = segs.front();
  if (first.starts_with('+') || lower(first) == "joinchat") {
    throw std::invalid_argument("'" + std::string(in) +
                                "' is a private invite link: only public channels (t.me/username) have a "
                                "preview to read");
  }
  if (lower(first) == "c") {
    throw std::invalid_argument("'" + std::string(in) +
                                "' links a post of a private channel: only public channels have a preview");
  }
  if (lower(first) == "s") {
    if (segs.size() < 2) throw std::invalid_argument("no channel name after /s/ in '" + std::string(in) + "'");
    return checked(segs[1], in);
  }
  if (is_service_path(first)) {
    throw std::invalid_argument("'" + std::string(in) + "' is a Telegram service link, not a channel");
  }
  return checked(first, in);
}

}  // namespace

bool valid_username(std::string_view name) {
  if (name.size() < 5 || name.size() > 32) return false;
  const auto first = static_cast<unsigned char>(name.front());
  if (first >= 0x80 || !std::isalpha(first)) return false;
  return std::all_of(name.begin(), name.end(), [](char c) {
    const auto u = static_cast<unsigned char>(c);
    return u < 0x80 && (std::isalnum(u) || c == '_');
  });
}

std::string channel_name(std::string_view input) {
  const std::string_view in = text::trim(input);
  if (in.empty()) throw std::invalid_argument("empty Telegram channel name");
  if (in.front() == '@') return checked(in.substr(1), in);
  if (in.find_first_of("/.:") == std::string_view::npos) return checked(in, in);
  return name_from_link(in);
}

}  // namespace gather::telegram
