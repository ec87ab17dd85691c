// Small helpers for building replies and reading parameters in the simulator's routes.
#pragma once

#include <boost/json/serialize.hpp>
#include <boost/json/value.hpp>

#include <charconv>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>

#include "net/http_server.h"
#include "sim/sim_core.h"

namespace gather::sim {

// Thrown by a route for a bad parameter; handle() turns it into a 400 JSON answer, so routes can
// read parameters in one line each.
struct BadRequest : std::runtime_error {
  using std::runtime_error::runtime_error;
};

inline SimReply json_reply(int status, const boost::json::value& body) {
  SimReply r;
  r.response.status = status;
  r.response.headers.emplace_back("Content-Type", "application/json");
  r.response.body = boost::json::serialize(body);
  return r;
}

inline SimReply error_reply(int status, std::string_view message) {
  return json_reply(status, boost::json::object{{"error", message}});
}

inline std::optional<long long> parse_int(std::string_view s) {
  long long v = 0;
  auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  if (ec != std::errc{} || end != s.data() + s.size()) return std::nullopt;
  return v;
}

// An integer query parameter: `fallback` when absent, BadRequest when not an integer.
inline long long int_param(const ServerRequest& req, std::string_view name, std::optional<long long> fallback = std::nullopt) {
  auto text = req.param(name);
  if (!text) {
    if (fallback) return *fallback;
    throw BadRequest("missing parameter " + std::string(name));
  }
  auto v = parse_int(*text);
  if (!v) throw BadRequest("parameter " + std::string(name) + " is not an integer");
  return *v;
}

}  // namespace gather::sim
