// A scheduling scenario for `gather sim` (keys documented in README.md): platforms with optional
// anonymous budgets, targets with true post rates and subscribers, credentials with budgets,
// reach and expiry. Loaded from JSON, either as explicit lists or as a `generate` description
// expanded deterministically from the seed. Loading resolves every name to an index, and appends
// one anonymous credential per platform that has an anonymous budget.
#pragma once

#include <boost/json/fwd.hpp>

#include <cstdint>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

#include "schedule/policy.h"

namespace gather::simsched {

// A malformed scenario; what() names the field path, e.g. "targets[3].rate_per_hour must be a
// number >= 0".
class ScenarioError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

struct SimTarget {
  std::string id;
  int platform = 0;
  bool is_public = true;
  double rate_per_s = 0;
  double diurnal = 0;                          // amplitude of the 24 h sinusoid, in [0, 1]
  double weight = 1;
  std::vector<int> subscriber_tenants;         // tenant index per subscriber; -1 = public
  std::optional<std::vector<double>> posts_s;  // fixed post times (tests); else Poisson
  // A live member (an account in the chat) receives its posts at once: delivered at publication,
  // fetches are only a safety net; the policy is told through a pin at max_interval_s.
  bool live = false;
};

// A Telegram-like platform's account rules (README "Accounts"). Each applies to every
// non-anonymous credential of the platform, each credential on its own.
struct FloodWaitRule {
  double wait_s = 0;        // the flood wait's length: every request of the account fails meanwhile
  double probability = 0;   // per request, seeded by (seed, credential)
  int requests = 0;         // the platform's hidden budget: the request that makes more than
  double window_s = 0;      //   `requests` in `window_s` starts a flood wait (0 = none)
};
struct ResolveRule {
  int requests = 0;         // resolves an account may make in any trailing window_s; the first
  double window_s = 0;      //   fetch of a target by an account needs one, over it the fetch fails
};
struct PlatformRules {
  std::optional<FloodWaitRule> flood_wait;
  std::optional<ResolveRule> resolve;
};

struct SimCredential {
  std::string id;
  int platform = 0;
  int tenant = -1;                             // -1 = none (anonymous)
  policy::Scope scope = policy::Scope::shared;
  int requests = 1;
  double window_s = 60;
  std::vector<int> reach;                      // sorted target indices
  std::optional<double> expires_at_s;
  double budget_per_s() const { return requests / window_s; }
};

struct Scenario {
  std::uint64_t seed = 1;
  double duration_s = 86400;
  int page_size = 20;
  double max_interval_s = 3600;
  double ban_s = 1800;
  std::vector<std::string> platforms;
  std::vector<PlatformRules> rules;           // per platform
  std::vector<std::string> tenants;
  std::vector<SimTarget> targets;
  std::vector<SimCredential> credentials;     // anonymous ones (id "anonymous:<platform>") last

  // λ_t(t) in posts per second at virtual second `s`.
  double rate_at(int t, double s) const;
  // The mean of λ_t over [a, b).
  double mean_rate(int t, double a, double b) const;
  // True when a fetch of t with c delivers to at least one subscriber (see policy::delivers).
  bool delivers(int c, int t) const;
};

// Parses a scenario document. `seed_override` replaces the document's seed (posts and generate).
Scenario parse_scenario(const boost::json::value& doc, std::optional<std::uint64_t> seed_override = {});
// Reads and parses a file; errors are prefixed with the path.
Scenario load_scenario(const std::string& path, std::optional<std::uint64_t> seed_override = {});

// What a policy is told at start. True rates only when `oracle`.
policy::World to_world(const Scenario& s, bool oracle, policy::TimePoint start = {});

}  // namespace gather::simsched
