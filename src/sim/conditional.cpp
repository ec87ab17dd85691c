#include "sim/conditional.h"

#include <date/date.h>

#include <chrono>
#include <sstream>
#include <string>

namespace gather::sim {

namespace {

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

// Weak comparison: W/"x" matches "x".
std::string_view opaque(std::string_view tag) {
  tag = trim(tag);
  if (tag.starts_with("W/")) tag.remove_prefix(2);
  return tag;
}

bool etag_listed(std::string_view list, std::string_view etag) {
  if (trim(list) == "*") return true;
  while (!list.empty()) {
    std::size_t comma = list.find(',');
    if (opaque(list.substr(0, comma)) == opaque(etag)) return true;
    if (comma == std::string_view::npos) break;
    list.remove_prefix(comma + 1);
  }
  return false;
}

}  // namespace

std::optional<TimePoint> parse_http_date(std::string_view text) {
  std::istringstream in{std::string(trim(text))};
  date::sys_seconds t;
  in >> date::parse("%a, %d %b %Y %H:%M:%S GMT", t);
  if (in.fail()) return std::nullopt;
  return TimePoint{t};
}

bool not_modified(const ServerRequest& req, std::string_view etag, TimePoint last_modified) {
  if (auto inm = req.header("If-None-Match")) return etag_listed(*inm, etag);
  if (auto ims = req.header("If-Modified-Since")) {
    auto since = parse_http_date(*ims);
    return since && *since >= std::chrono::floor<std::chrono::seconds>(last_modified);
  }
  return false;
}

}  // namespace gather::sim
