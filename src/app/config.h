// The TOML config file. Every error names the file, the line and the key, and nothing is
// applied from a file with an error in it.
#pragma once

#include <chrono>
#include <optional>
#include <stdexcept>
#include <map>
#include <string>
#include <vector>

#include "core/records.h"
#include "deliver/sink_settings.h"
#include "schedule/fetch_planner.h"
#include "tdlib/tdlib_parameters.h"
#include "theme/theme_options.h"

namespace gather {

class ConfigError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

struct ConfigTarget {
  Target target;  // name, platform, key (already canonical), interval, backfill
  int line = 0;
};

struct ConfigSubscription {
  std::string target_name;
  Subscription subscription;  // subscriber kind/address/secret, filters, theme
  int line = 0;
};

struct Config {
  std::string path;  // "" when no file was given
  std::string data_dir;
  std::string user_agent = "gather/0.1 (+https://github.com/gather)";
  ScheduleOptions schedule;  // [schedule]: min/max interval, budgets
  std::map<std::string, std::string> base_urls;  // [platform.NAME] base_url: where its API lives
  std::chrono::milliseconds fetch_timeout{std::chrono::seconds{20}};
  std::size_t max_body_bytes = 8u << 20;
  std::string proxy;
  std::size_t concurrency = 32;
  std::string log_level = "info";
  int max_attempts = 8;
  std::chrono::milliseconds retry_base{std::chrono::seconds{2}};
  std::chrono::milliseconds retry_cap{std::chrono::minutes{10}};
  std::chrono::milliseconds drain_timeout{std::chrono::seconds{10}};
  // [telegram]: tdjson (the TDLib library; default the one install-deps put in deps/), api_id and
  // api_hash (from https://my.telegram.org, required once an account is added).
  tdlib::TdlibSettings telegram;
  SinkSettings sinks;  // [sink.KIND]: chat endpoints and tokens, pacing overrides
  // [themes]: the user's template directory (relative to the file), text_limit, and
  // [themes.platform] NAME = "theme". Every theme named in the file is checked to exist.
  theme::ThemeOptions themes;
  std::vector<ConfigTarget> targets;
  std::vector<ConfigSubscription> subscriptions;
};

// Reads and checks a config file. Relative paths in it (data, jsonl files) are relative to the
// file's directory. Throws ConfigError("FILE:LINE: ...").
Config load_config(const std::string& path);

class Store;
// What the sinks need for the subscriptions the store holds (those added from the CLI too): a bot
// token for telegram-bot, an endpoint for onebot. Throws ConfigError naming the missing key.
void check_sink_settings(const Config& config, Store& store);

// Makes the store hold what the config declares: config targets and subscriptions are added or
// updated; ones the config no longer lists are disabled (targets) or removed (subscriptions).
// Targets and subscriptions added from the CLI are left alone.
void apply_config(const Config& config, Store& store);

}  // namespace gather
