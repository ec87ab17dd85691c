// Helpers for the scheduling-simulator tests.
#pragma once

#include <boost/json.hpp>

#include <string>

#include "sim/scheduling/scenario.h"

namespace gather::simsched::testing {

inline Scenario parse(const std::string& text) { return parse_scenario(boost::json::parse(text)); }

// The error message parsing `text` gives ("" if it parses).
inline std::string error_of(const std::string& text) {
  try {
    parse(text);
  } catch (const ScenarioError& e) {
    return e.what();
  }
  return "";
}

inline std::string scenario_path(const std::string& name) {
  return std::string(GATHER_SOURCE_DIR) + "/sim/scenarios/" + name + ".json";
}

}  // namespace gather::simsched::testing
