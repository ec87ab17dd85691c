// What every command shares: global flags, the config (if any) and the store, opened lazily so
// commands that need neither (parse, simulate) start instantly and work without a data dir.
#pragma once

#include <chrono>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>

#include "app/config.h"
#include <boost/json.hpp>

#include "store/store.h"

namespace gather {

// Wrong input from the user (bad argument, unknown id): exit code 2.
class UsageError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

struct AppContext {
  std::string data_flag;    // --data
  std::string config_flag;  // --config
  bool json = false;        // --json
  int verbose = 0;          // -v

  // The loaded config (an empty default one when no --config was given).
  const Config& config();
  // Opens the store (creating the data dir), applying the config's targets and subscriptions.
  Store& store();
  std::string data_dir();

 private:
  std::optional<Config> config_;
  std::unique_ptr<Store> store_;
};

void print_json(const boost::json::value& v);
// A duration in seconds for --json output: an integer when whole (scripts compare 60, not 6E1).
boost::json::value seconds_json(std::chrono::milliseconds d);

}  // namespace gather
