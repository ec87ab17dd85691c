#include "app/context.h"

#include <cstdlib>
#include <filesystem>
#include <iostream>

#include "core/secret_box.h"
#include "platforms/platform.h"
#include "store/sqlite_store.h"

namespace gather {

const Config& AppContext::config() {
  if (!config_) {
    // Two statements, not a ?: of temporaries: with the larger Config, g++ 12 warned (falsely)
    // of a maybe-uninitialized map in the moved-from temporary.
    if (config_flag.empty()) config_.emplace();
    else config_ = load_config(config_flag);
    // Every command builds its requests after this: the platforms read their base URLs then.
    for (const auto& [platform, url] : config_->base_urls) set_platform_base_url(platform, url);
  }
  return *config_;
}

std::string AppContext::data_dir() {
  if (!data_flag.empty()) return data_flag;
  if (const char* env = std::getenv("GATHER_DATA"); env && *env) return env;
  if (!config().data_dir.empty()) return config().data_dir;
  if (const char* home = std::getenv("HOME"); home && *home) return std::string(home) + "/.local/share/gather";
  return "gather-data";
}

Store& AppContext::store() {
  if (!store_) {
    std::string dir = data_dir();
    std::error_code ec;
    std::filesystem::create_directories(dir, ec);
    if (ec) throw StoreError("cannot create data directory " + dir + ": " + ec.message());
    SqliteStoreOptions options;
    // Loaded (or created, on first run) before the database so a refused key file stops every
    // command the same way, rather than only the ones that touch credentials.
    options.secrets = std::make_shared<const SecretBox>(load_or_create_key(dir));
    store_ = open_sqlite_store(dir + "/gather.db", options);
    if (!config_flag.empty()) apply_config(config(), *store_);
  }
  return *store_;
}

void print_json(const boost::json::value& v) { std::cout << boost::json::serialize(v) << "\n"; }

boost::json::value seconds_json(std::chrono::milliseconds d) {
  if (d.count() % 1000 == 0) return static_cast<std::int64_t>(d.count() / 1000);
  return static_cast<double>(d.count()) / 1000.0;
}

}  // namespace gather
