// The running parts of gather wired together: HTTP client, planner (the `gather` scheduling
// policy, the one `gather sim` measures), conveyor, outbox worker.
// `serve` runs it until a signal; `fetch --all` runs one round. One place builds it so both
// commands behave the same.
#pragma once

#include <boost/asio/io_context.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/thread_pool.hpp>

#include <memory>

#include "app/config.h"
#include "conveyor/conveyor.h"
#include "core/clock.h"
#include "deliver/outbox_worker.h"
#include "net/http_client.h"
#include "platforms/telegram/live_updates.h"
#include "schedule/policy_planner.h"
#include "tdlib/account_pool.h"
#include "theme/theme_engine.h"

namespace gather {

struct Pipeline {
  Pipeline(const Config& config, Store& store, const std::string& data_dir);
  ~Pipeline();

  boost::asio::io_context io;
  boost::asio::thread_pool workers{2};
  SystemClock clock;
  std::unique_ptr<HttpClient> http;
  Transports transports;  // http, and "tdlib": the Telegram accounts
  std::unique_ptr<tdlib::AccountPool> accounts;
  PolicyPlanner planner;
  theme::ThemeEngine themes;  // before sinks: their renderer refers to it
  SinkContext sinks;
  OutboxWorker outbox;
  Conveyor conveyor;
  // Accounts' pushed messages to posts; its timer re-reads the targets and the join map.
  std::unique_ptr<telegram::LiveUpdates> live;
  boost::asio::steady_timer live_refresh{io};

  // Starts the parts that run by themselves (the outbox, the conveyor, live updates).
  void start();
  // After the io loop ended: closes every TDLib client (at most `timeout`).
  void close_accounts(std::chrono::milliseconds timeout);

 private:
  void refresh_live();
  Store& store_;
  std::pair<std::int64_t, std::int64_t> live_seen_{-1, -1};  // (outside changes, join map changes)
};

}  // namespace gather
