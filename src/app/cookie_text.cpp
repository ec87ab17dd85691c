#include "app/cookie_text.h"

#include <stdexcept>
#include <vector>

namespace gather {

namespace {

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t' || s.front() == '\r' || s.front() == '\n'))
    s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r' || s.back() == '\n'))
    s.remove_suffix(1);
  return s;
}

std::vector<std::string_view> split(std::string_view s, char sep) {
  std::vector<std::string_view> out;
  while (true) {
    auto at = s.find(sep);
    out.push_back(s.substr(0, at));
    if (at == std::string_view::npos) return out;
    s.remove_prefix(at + 1);
  }
}

// Enough to recognise which pair is meant, too little to give away a token.
std::string preview(std::string_view pair) {
  constexpr std::size_t kShown = 4;
  if (pair.size() <= kShown) return "\"" + std::string(pair) + "\"";
  return "\"" + std::string(pair.substr(0, kShown)) + "…\" (" + std::to_string(pair.size()) + " characters)";
}

bool is_comment(std::string_view line) { return line.starts_with('#') && !line.starts_with("#HttpOnly_"); }

std::string from_netscape(std::string_view text) {
  std::string out;
  int number = 0;
  for (std::string_view line : split(text, '\n')) {
    ++number;
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    if (trim(line).empty() || is_comment(line)) continue;
    auto fields = split(line, '\t');
    if (fields.size() != 7)
      throw std::invalid_argument("line " + std::to_string(number) + ": a cookies.txt line has 7 tab-separated " +
                                  "fields, this one has " + std::to_string(fields.size()));
    if (fields[5].empty()) throw std::invalid_argument("line " + std::to_string(number) + ": empty cookie name");
    out += (out.empty() ? "" : "; ") + std::string(fields[5]) + "=" + std::string(fields[6]);
  }
  if (out.empty()) throw std::invalid_argument("no cookies in it");
  return out;
}

}  // namespace

std::string normalise_cookie_header(std::string_view text) {
  std::string out;
  int position = 0;
  for (std::string_view pair : split(text, ';')) {
    ++position;
    pair = trim(pair);
    if (pair.empty()) continue;  // "a=1;" and "a=1;; b=2" are common and harmless
    auto eq = pair.find('=');
    if (eq == std::string_view::npos)
      throw std::invalid_argument("cookie pair " + std::to_string(position) + " " + preview(pair) +
                                  " is not name=value");
    std::string_view name = trim(pair.substr(0, eq));
    if (name.empty()) throw std::invalid_argument("cookie pair " + std::to_string(position) + " has an empty name");
    if (name.find_first_of(" \t,") != std::string_view::npos)
      throw std::invalid_argument("cookie pair " + std::to_string(position) + " " + preview(pair) +
                                  " has a name with a space or comma");
    out += (out.empty() ? "" : "; ") + std::string(name) + "=" + std::string(trim(pair.substr(eq + 1)));
  }
  if (out.empty()) throw std::invalid_argument("no name=value pairs");
  return out;
}

std::string cookies_from_file_text(std::string_view text) {
  std::string header;
  for (std::string_view line : split(text, '\n')) {
    if (line.find('\t') != std::string_view::npos && !is_comment(line)) return from_netscape(text);
    line = trim(line);
    if (line.empty() || is_comment(line)) continue;
    header += (header.empty() ? "" : "; ") + std::string(line);
  }
  if (header.empty()) throw std::invalid_argument("no cookies in it");
  return normalise_cookie_header(header);
}

}  // namespace gather
