#include "app/pipeline.h"

#include <random>

namespace gather {

namespace {
ScheduleOptions planner_options(const Config& c) {
  ScheduleOptions o = c.schedule;
  o.seed = std::random_device{}();
  return o;
}
OutboxOptions outbox_options(const Config& c) {
  OutboxOptions o;
  o.max_attempts = c.max_attempts;
  o.retry_base = c.retry_base;
  o.retry_cap = c.retry_cap;
  return o;
}
ConveyorOptions conveyor_options(const Config& c) {
  ConveyorOptions o;
  o.max_in_flight = c.concurrency;
  o.user_agent = c.user_agent;
  o.proxy = c.proxy;
  o.fetch_timeout = c.fetch_timeout;
  o.max_body = c.max_body_bytes;
  return o;
}
}  // namespace

Pipeline::Pipeline(const Config& config, Store& store)
    : http(make_curl_client(io)),
      transports(*http),
      planner(planner_options(config)),
      themes(config.themes),
      sinks{io, *http, clock, config.user_agent, themes.renderer(), config.sinks},
      outbox(store, sinks, outbox_options(config)),
      conveyor(io, workers, store, transports, planner, clock, conveyor_options(config), [this] { outbox.poke(); }) {
  // Before anything runs: a chat subscription with no token would only fail post by post.
  check_sink_settings(config, store);
}

// Parses still running must finish before the conveyor they report to goes away.
Pipeline::~Pipeline() { workers.join(); }

}  // namespace gather
