#include "app/context.h"

#include <cstdlib>
#include <filesystem>
#include <iostream>

#include "store/sqlite_store.h"

namespace gather {

const Config& AppContext::config() {
  if (!config_) config_ = config_flag.empty() ? Config{} : load_config(config_flag);
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
    store_ = open_sqlite_store(dir + "/gather.db");
    if (!config_flag.empty()) apply_config(config(), *store_);
  }
  return *store_;
}

void print_json(const boost::json::value& v) { std::cout << boost::json::serialize(v) << "\n"; }

}  // namespace gather
