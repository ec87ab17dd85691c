// The seeds' scheduling policies (BRIEF §4), run by `gather sim` as baselines, and the table of
// policies by name. Each baseline polls at the fair fixed interval: the one that spends the total
// budget evenly, interval = T / Σ r_c (T = targets some credential can deliver, r_c = requests /
// window_s), capped at max_interval_s. None of them learns rates; `--oracle` changes nothing.
//
//  round-robin  every target every interval (staggered); credentials taken in turn among those
//               that reach the target; one whose trailing window is full is passed over, and if
//               all are, the target stays due until the first of them has room.
//  bison-lru    every target every interval; the eligible credential idle longest, eligible =
//               rested its cooldown window_s/requests since its last use; none rested → skip
//               for now: the target stays due until the first of them has rested.
//  bison-wrr    one target per tick (tick = interval / T) by smooth weighted round-robin over the
//               targets' weights (equal unless the scenario gives `weight`); credential as
//               bison-lru; none rested → the tick passes and that target keeps its turn.
// Every baseline leaves expired credentials alone and rests a credential that was refused
// (banned) for the platform's retry_after_s when it gives one (a flood wait), else for its window.
// None of them knows pins or resolves: a live target is polled like any other.
#pragma once

#include <memory>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "schedule/policy.h"

namespace gather::simsched {

std::unique_ptr<policy::Policy> make_round_robin();
std::unique_ptr<policy::Policy> make_bison_lru();
std::unique_ptr<policy::Policy> make_bison_wrr();

// The fair interval of a world (see above), in seconds.
double fair_interval_s(const policy::World& w);

struct PolicyEntry {
  std::string_view name;
  std::unique_ptr<policy::Policy> (*make)();  // nullptr: named but not built yet
};

// Every policy `gather sim --policy` knows, one line each (registry.cpp).
const std::vector<PolicyEntry>& policy_table();

// UnknownPolicy: no such name; NotBuilt: in the table without a factory.
struct UnknownPolicy : std::runtime_error {
  using std::runtime_error::runtime_error;
};
struct PolicyNotBuilt : std::runtime_error {
  using std::runtime_error::runtime_error;
};
std::unique_ptr<policy::Policy> make_policy(std::string_view name);

}  // namespace gather::simsched
