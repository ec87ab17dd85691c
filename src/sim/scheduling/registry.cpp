// The policies `gather sim --policy` accepts, one line each.
#include "sim/scheduling/baselines.h"

#include "schedule/gather_policy.h"

namespace gather::simsched {

const std::vector<PolicyEntry>& policy_table() {
  static const std::vector<PolicyEntry> table = {
      {"gather", [] { return policy::make_gather_policy(); }},
      {"round-robin", &make_round_robin},
      {"bison-lru", &make_bison_lru},
      {"bison-wrr", &make_bison_wrr},
  };
  return table;
}

std::unique_ptr<policy::Policy> make_policy(std::string_view name) {
  std::string names;
  for (const auto& e : policy_table()) {
    if (e.name == name) {
      if (!e.make) throw PolicyNotBuilt("policy '" + std::string(name) + "' is not built yet");
      return e.make();
    }
    names += (names.empty() ? "" : ", ") + std::string(e.name);
  }
  throw UnknownPolicy("unknown policy '" + std::string(name) + "' (known: " + names + ")");
}

}  // namespace gather::simsched
