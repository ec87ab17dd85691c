// The discrete-event loop of `gather sim`: drives a Policy over a SimPlatform in virtual time and
// measures it against the floor (BRIEF §4's optimum with the true rates, hour by hour).
#pragma once

#include <boost/json/object.hpp>

#include <cstdint>
#include <string>

#include "schedule/policy.h"
#include "sim/scheduling/scenario.h"

namespace gather::simsched {

struct SimResult {
  std::string policy;
  std::int64_t posts = 0;           // published over [0, duration_s]
  std::int64_t detected = 0;        // reached at least one subscriber
  std::int64_t missed = 0;          // lost: published before the target's last fetch, never brought
  std::int64_t unread_at_end = 0;   // published after the target's last fetch (posts = detected + both)
  double mean_delay_s = 0;          // over detected posts
  double p50_delay_s = 0;
  double p99_delay_s = 0;
  double max_delay_s = 0;
  std::int64_t requests = 0;
  std::int64_t violations = 0;
  std::int64_t bans = 0;
  std::int64_t failed_requests = 0;  // refused (banned / over budget / flood wait / resolve) or expired
  // Accounts (README "Accounts"): flood waits started, requests sent during one, resolves made,
  // fetches refused for want of a resolve.
  std::int64_t flood_waits = 0;
  std::int64_t requests_in_flood = 0;
  std::int64_t resolves = 0;
  std::int64_t failed_resolves = 0;
  // Posts of live targets (delivered at publication), and the mean delay split both ways.
  std::int64_t live_posts = 0;
  double mean_delay_live_s = 0;      // over detected posts of live targets
  double mean_delay_polled_s = 0;    // over detected posts of the others
  double max_target_gap_s = 0;       // longest stretch any target went without a successful fetch
  double floor_mean_delay_s = 0;
  double ratio_to_floor = 0;         // mean_delay_s / floor_mean_delay_s
  double wall_s = 0;                 // real seconds spent in the event loop
};

// Runs `p` on the scenario (the policy is told the true rates when `oracle`). Throws
// std::logic_error when the policy breaks the protocol (a time in the past, an unknown index, a
// credential that cannot reach the target) or exceeds 100 million requests.
SimResult run_simulation(const Scenario& s, policy::Policy& p, bool oracle);

// The floor: for each hour, solve_allocation with the hour's mean true rates, budgets
// requests/window_s (times the part of the hour before expiry), useful reach sets and
// min_fetch_rate 1/max_interval_s; the post-weighted mean of the hourly optima. Targets no
// credential can deliver are left out. An hour whose lower bounds cannot be met is solved without
// them. A live target's posts count at delay 0; it takes only its lower bound's fetches.
double floor_mean_delay_s(const Scenario& s);

// The contract object, keys in contract order.
boost::json::object to_json(const SimResult& r);

}  // namespace gather::simsched
