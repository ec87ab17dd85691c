// Shared helpers for the simulator tests: build a ServerRequest the way the server would, and a
// SimCore on a virtual clock.
#pragma once

#include <boost/json.hpp>

#include <memory>
#include <string>

#include "core/clock.h"
#include "net/http_server.h"
#include "sim/sim_core.h"

namespace gather::sim::testing {

inline ServerRequest request(std::string method, std::string target, Headers headers = {}, std::string body = {}) {
  ServerRequest r;
  r.method = std::move(method);
  r.target = target;
  auto q = target.find('?');
  r.path = target.substr(0, q);
  r.query = q == std::string::npos ? "" : target.substr(q + 1);
  r.headers = std::move(headers);
  r.body = std::move(body);
  return r;
}

// A core on its own virtual clock, with links pointing at a fixed base URL.
struct VirtualSim {
  explicit VirtualSim(SimOptions o = {}) {
    o.virtual_time = true;
    core = std::make_unique<SimCore>(o, clock, &clock);
    core->set_base_url("http://sim.test");
  }
  SimReply get(const std::string& target, Headers headers = {}) { return core->handle(request("GET", target, std::move(headers))); }
  SimReply post(const std::string& target, std::string body = {}, Headers headers = {}) {
    return core->handle(request("POST", target, std::move(headers), std::move(body)));
  }
  boost::json::value get_json(const std::string& target) { return boost::json::parse(get(target).response.body); }
  boost::json::value post_json(const std::string& target) { return boost::json::parse(post(target).response.body); }

  ManualClock clock;
  std::unique_ptr<SimCore> core;
};

inline std::optional<std::string> header(const SimReply& r, std::string_view name) {
  return find_header(r.response.headers, name);
}

}  // namespace gather::sim::testing
