#include "platforms/text/urls.h"

#include <boost/url.hpp>

namespace gather::text {
namespace {

std::string_view trim(std::string_view s) {
  auto is_ws = [](char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f'; };
  while (!s.empty() && is_ws(s.front())) s.remove_prefix(1);
  while (!s.empty() && is_ws(s.back())) s.remove_suffix(1);
  return s;
}

}  // namespace

std::string resolve_url(std::string_view base, std::string_view ref) {
  ref = trim(ref);
  base = trim(base);
  if (ref.empty()) return {};
  auto r = boost::urls::parse_uri_reference(ref);
  if (!r) return std::string(ref);
  if (r->has_scheme()) return std::string(ref);  // already absolute
  auto b = boost::urls::parse_uri(base);
  if (!b) return std::string(ref);
  boost::urls::url dest;
  if (!boost::urls::resolve(*b, *r, dest)) return std::string(ref);
  return std::string(dest.buffer());
}

}  // namespace gather::text
