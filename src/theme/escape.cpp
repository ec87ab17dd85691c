#include "theme/escape.h"

#include "core/html_escape.h"

#include <algorithm>
#include <array>
#include <stdexcept>

namespace gather::theme {

namespace {

constexpr std::array<bool, 256> table(std::string_view specials) {
  std::array<bool, 256> t{};
  for (char c : specials) t[static_cast<unsigned char>(c)] = true;
  return t;
}

// The specials are all ASCII, and UTF-8 continuation bytes never are, so a byte-wise pass
// cannot split a multi-byte character.
std::string backslash(std::string_view text, const std::array<bool, 256>& special) {
  std::string out;
  out.reserve(text.size() + text.size() / 8);
  for (char c : text) {
    if (special[static_cast<unsigned char>(c)]) out += '\\';
    out += c;
  }
  return out;
}

constexpr auto kMarkdownText = table("_*[]()~`>#+-=|{}.!\\");
constexpr auto kMarkdownUrl = table(")\\");

std::string_view unmarked(const std::string& s, bool& is_href) {
  is_href = !s.empty() && s.front() == kHrefMark;
  return is_href ? std::string_view(s).substr(1) : std::string_view(s);
}

}  // namespace

std::string escape_markdownv2(std::string_view text) { return backslash(text, kMarkdownText); }

std::string escape_markdownv2_url(std::string_view url) { return backslash(url, kMarkdownUrl); }

std::string escape_html(std::string_view text) { return html_escape(text); }

std::function<std::string(const std::string&)> escaper_for(std::string_view format) {
  if (format == "plain")
    return [](const std::string& s) {
      bool href;
      return std::string(unmarked(s, href));
    };
  if (format == "markdownv2")
    return [](const std::string& s) {
      bool href;
      auto v = unmarked(s, href);
      return href ? escape_markdownv2_url(v) : escape_markdownv2(v);
    };
  if (format == "html")
    return [](const std::string& s) {
      bool href;
      return escape_html(unmarked(s, href));
    };
  throw std::invalid_argument("unknown format '" + std::string(format) + "' (known: plain, markdownv2, html)");
}

void strip_href_marks(std::string& out) {
  if (out.find(kHrefMark) == std::string::npos) return;
  out.erase(std::remove(out.begin(), out.end(), kHrefMark), out.end());
}

}  // namespace gather::theme
