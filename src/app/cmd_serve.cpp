#include <boost/asio/signal_set.hpp>
#include <boost/asio/steady_timer.hpp>
#include <spdlog/spdlog.h>

#include "app/commands.h"
#include "app/pipeline.h"

namespace gather {

namespace {

// Runs until SIGINT/SIGTERM, then drains: no new fetches or sends, in-flight ones get
// `drain_timeout` to finish. Whatever is cut off is safe anyway: fetch state and the outbox are
// in the store, and interrupted sends are resent (and deduplicated) on the next start.
int serve(AppContext& ctx) {
  const Config& cfg = ctx.config();
  Store& store = ctx.store();
  Pipeline p(cfg, store, ctx.data_dir());
  boost::asio::signal_set signals(p.io, SIGINT, SIGTERM);
  boost::asio::steady_timer deadline(p.io);
  int parts_busy = 2;
  auto part_idle = [&] {
    if (--parts_busy == 0) {
      spdlog::info("drained; state saved");
      p.io.stop();
    }
  };
  signals.async_wait([&](boost::system::error_code ec, int signo) {
    if (ec) return;
    spdlog::info("signal {}: finishing {} fetches and {} deliveries in flight (at most {}s)", signo,
                 p.conveyor.in_flight(), p.outbox.in_flight(),
                 std::chrono::duration_cast<std::chrono::seconds>(cfg.drain_timeout).count());
    p.live_refresh.cancel();
    p.conveyor.stop(part_idle);
    p.outbox.stop(part_idle);
    deadline.expires_after(cfg.drain_timeout);
    deadline.async_wait([&](boost::system::error_code e) {
      if (e) return;
      spdlog::warn("drain timed out; {} fetches and {} deliveries left to the next start", p.conveyor.in_flight(),
                   p.outbox.in_flight());
      p.io.stop();
    });
    // A second signal means now.
    signals.async_wait([&](boost::system::error_code e2, int) {
      if (!e2) p.io.stop();
    });
  });
  std::size_t targets = 0;
  for (const auto& t : store.targets()) targets += t.enabled ? 1 : 0;
  spdlog::info("gather serving {} targets and {} subscriptions; data in {}", targets, store.subscriptions().size(),
               ctx.data_dir());
  p.start();
  p.io.run();
  p.close_accounts(cfg.drain_timeout);
  // Each failure was logged once when first seen; this is how often they happened.
  if (auto failures = p.themes.failure_summary(); !failures.empty())
    spdlog::warn("theme failures this run (the next theme in each chain was used): {}", failures);
  return 0;
}

}  // namespace

void register_serve_command(CLI::App& app, AppContext& ctx) {
  auto* serve_cmd = app.add_subcommand("serve", "Run the daemon until SIGINT/SIGTERM");
  serve_cmd->callback([&ctx] { serve(ctx); });
}

}  // namespace gather
