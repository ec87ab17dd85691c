#include "app/pipeline.h"

#include <random>

#include <spdlog/spdlog.h>

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

tdlib::AccountPool::Options account_options(const Config& c, const std::string& data_dir) {
  tdlib::AccountPool::Options o;
  o.settings = c.telegram;
  o.data_dir = data_dir;
  if (c.telegram.resolve_limit) o.resolve_limit = *c.telegram.resolve_limit;
  if (c.telegram.join_limit) o.join_limit = *c.telegram.join_limit;
  return o;
}

std::optional<SecretBox> account_key(const std::string& data_dir) {
  try {
    return load_or_create_key(data_dir);
  } catch (const std::exception&) {
    return std::nullopt;  // the store refused it already, or accounts will say why
  }
}
}  // namespace

Pipeline::Pipeline(const Config& config, Store& store, const std::string& data_dir)
    : http(make_curl_client(io)),
      transports(*http),
      accounts(std::make_unique<tdlib::AccountPool>(account_options(config, data_dir), account_key(data_dir),
                                                    io.get_executor())),
      planner(planner_options(config)),
      themes(config.themes),
      sinks{io, *http, clock, config.user_agent, themes.renderer(), config.sinks},
      outbox(store, sinks, outbox_options(config)),
      conveyor(io, workers, store, transports, planner, clock, conveyor_options(config), [this] { outbox.poke(); }),
      store_(store) {
  // Before anything runs: a chat subscription with no token would only fail post by post.
  check_sink_settings(config, store);
  transports.add("tdlib", *accounts);
  accounts->set_chat_directory(&store.chat_directory());
  telegram::LiveUpdates::Hooks hooks;
  hooks.targets = [&store] { return store.targets(); };
  hooks.pushed = [this](Id target, Id credential, std::vector<Post> posts) {
    conveyor.ingest_pushed(target, credential, std::move(posts));
  };
  hooks.live = [this](Id target, bool is_live) { conveyor.set_live(target, is_live); };
  live = std::make_unique<telegram::LiveUpdates>(io.get_executor(), store.chat_directory(), std::move(hooks));
  accounts->set_update_listener([this](Id credential, const tdlib::Object& update) { live->on_update(credential, update); });
}

void Pipeline::start() {
  refresh_live();
  outbox.start();
  conveyor.start();
}

void Pipeline::refresh_live() {
  try {
    // Targets change by another process's commit, the join map by this one's jobs: re-read the
    // two only when either moved, not every tick.
    const auto seen = std::pair{store_.outside_changes(), store_.chat_directory().changes()};
    if (seen != live_seen_) {
      live->refresh();
      live_seen_ = seen;
    }
  } catch (const std::exception& e) {
    spdlog::warn("telegram live updates: cannot read the join map: {}", e.what());
  }
  live_refresh.expires_after(std::chrono::seconds{2});
  live_refresh.async_wait([this](boost::system::error_code ec) {
    if (!ec) refresh_live();
  });
}

void Pipeline::close_accounts(std::chrono::milliseconds timeout) {
  live_refresh.cancel();
  if (!accounts->close_all(timeout)) spdlog::warn("some Telegram sessions did not close in time; TDLib reopens them");
}

// Parses still running must finish before the conveyor they report to goes away.
Pipeline::~Pipeline() { workers.join(); }

}  // namespace gather
