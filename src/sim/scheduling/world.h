// The simulated platform of `gather sim`, in virtual seconds from 0 to the scenario's duration.
// Each target publishes posts by a non-homogeneous Poisson process (thinning, rate
// λ(t) = λ·(1 + diurnal·sin(2πt/86400)), deterministic by seed). A fetch at t returns the newest
// page_size posts published at or before t; a page back returns the ones before those. Each credential (and each platform's anonymous
// budget) is checked against a sliding window: a request that makes more than `requests` within
// the trailing `window_s` is a violation, fails, and bans the credential for ban_s (a violation
// during a ban extends it). Fetches while banned, or at/after expires_at_s, fail and see nothing.
//
// Visibility: a shared or anonymous fetch delivers to every subscriber of the target, a private
// one only to the subscribers of its tenant. A post is detected when it first reaches any
// subscriber; its delay is that time minus its publication time.
#pragma once

#include <cstdint>
#include <deque>
#include <vector>

#include "sim/scheduling/scenario.h"

namespace gather::simsched {

// Requests whose time is within (t − window_s + kWindowSlack, t] count against the budget; the
// slack (1 µs) absorbs rounding, so requests spaced exactly window_s/requests apart never violate.
inline constexpr double kWindowSlack = 1e-6;

struct FetchOutcome {
  policy::FetchStatus status = policy::FetchStatus::ok;
  int new_posts = 0;       // new to this fetch's audience
  bool page_full = false;  // a full page, every post new
  bool violation = false;  // this request broke the budget
  bool ban_started = false;
};

class SimPlatform {
 public:
  explicit SimPlatform(const Scenario& s);

  // A fetch of target t with credential c at virtual second `s` (non-decreasing across calls).
  // page k > 0 pages back: the page_size posts just older than the oldest one page k-1 of this
  // target's chain returned (a cursor, like Telegram's ?before=ID, so new posts do not shift it).
  FetchOutcome fetch(int t, int c, double s, int page = 0);

  const std::vector<double>& posts(int t) const { return posts_[t]; }
  // Virtual second a post first reached a subscriber, or NaN if it never did (yet).
  const std::vector<double>& first_reach(int t) const { return reach_[t]; }
  std::int64_t violations() const { return violations_; }
  std::int64_t bans() const { return bans_; }

 private:
  const Scenario& s_;
  std::vector<std::vector<double>> posts_;
  std::vector<std::vector<double>> reach_;
  std::vector<std::vector<std::size_t>> delivered_hi_;  // [t][subscriber]: posts [0, hi) considered
  std::vector<std::size_t> shared_hi_;                  // [t]: newest index seen by a shared fetch
  std::vector<std::vector<std::size_t>> private_hi_;    // [t][tenant]
  std::vector<std::size_t> chain_lo_;                   // [t]: oldest index the chain returned
  std::vector<std::size_t> chain_seen_;                 // [t]: the audience's watermark before it
  std::vector<std::deque<double>> window_;              // [c]: recent request times
  std::vector<double> banned_until_;
  std::int64_t violations_ = 0;
  std::int64_t bans_ = 0;
};

// Post times of target t over [0, duration_s], sorted (fixed posts_s if the scenario gives them).
std::vector<double> generate_posts(const Scenario& s, int t);

}  // namespace gather::simsched
