// The running parts of gather wired together: HTTP client, planner (the `gather` scheduling
// policy, the one `gather sim` measures), conveyor, outbox worker.
// `serve` runs it until a signal; `fetch --all` runs one round. One place builds it so both
// commands behave the same.
#pragma once

#include <boost/asio/io_context.hpp>
#include <boost/asio/thread_pool.hpp>

#include <memory>

#include "app/config.h"
#include "conveyor/conveyor.h"
#include "core/clock.h"
#include "deliver/outbox_worker.h"
#include "net/http_client.h"
#include "schedule/policy_planner.h"
#include "theme/theme_engine.h"

namespace gather {

struct Pipeline {
  Pipeline(const Config& config, Store& store);
  ~Pipeline();

  boost::asio::io_context io;
  boost::asio::thread_pool workers{2};
  SystemClock clock;
  std::unique_ptr<HttpClient> http;
  Transports transports;  // http, and TDLib accounts when the library is installed
  PolicyPlanner planner;
  theme::ThemeEngine themes;  // before sinks: their renderer refers to it
  SinkContext sinks;
  OutboxWorker outbox;
  Conveyor conveyor;
};

}  // namespace gather
