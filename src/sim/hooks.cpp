#include "sim/hooks.h"

#include <boost/json.hpp>

#include <algorithm>
#include <cctype>

#include "core/digest.h"
#include "core/time_text.h"

namespace gather::sim {

namespace {
std::string lower(std::string s) {
  std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return s;
}

}  // namespace

bool hook_signature_ok(std::string_view secret, const Headers& headers, std::string_view body) {
  auto ts = find_header(headers, "X-Gather-Timestamp");
  auto sig = find_header(headers, "X-Gather-Signature");
  if (!ts || !sig || ts->empty()) return false;
  // Hex digits are compared case-insensitively; senders may upper-case them.
  return lower(*sig) == webhook_signature(secret, *ts, body);
}

const std::vector<HookDelivery>& HookLog::deliveries(const std::string& name) const {
  static const std::vector<HookDelivery> none;
  auto it = log_.find(name);
  return it == log_.end() ? none : it->second;
}

boost::json::object HookLog::to_json(const std::string& name) const {
  boost::json::array list;
  for (const HookDelivery& d : deliveries(name)) {
    boost::json::object headers;
    for (const auto& [k, v] : d.headers) headers[lower(k)] = v;
    boost::system::error_code ec;
    boost::json::value body = boost::json::parse(d.body, ec);
    if (ec) body = boost::json::string(d.body);
    list.emplace_back(boost::json::object{{"body", std::move(body)},
                                          {"headers", std::move(headers)},
                                          {"signature_ok", d.signature_ok},
                                          {"received_at", format_rfc3339(d.received_at)}});
  }
  return {{"deliveries", std::move(list)}};
}

}  // namespace gather::sim
