// The simulated platform of `gather sim`, in virtual seconds from 0 to the scenario's duration.
// Each target publishes posts by a non-homogeneous Poisson process (thinning, rate
// λ(t) = λ·(1 + diurnal·sin(2πt/86400)), deterministic by seed). A fetch at t returns the newest
// page_size posts published at or before t; a page back returns the ones before those. Each credential (and each platform's anonymous
// budget) is checked against a sliding window: a request that makes more than `requests` within
// the trailing `window_s` is a violation, fails, and bans the credential for ban_s (a violation
// during a ban extends it). Fetches while banned, or at/after expires_at_s, fail and see nothing.
//
// Accounts (a platform with `flood_wait` / `resolve` rules, README "Accounts"), per non-anonymous
// credential: a request that makes more than the hidden flood budget within its window, or one
// drawn at the configured probability, is answered with a flood wait of wait_s (status banned,
// retry_after_s = wait_s); every request during it fails the same way with the time left. Each
// account's first fetch of a target first resolves it against the account's resolve budget (a
// separate sliding window); resolved targets stay cached; over the budget the fetch fails
// (status failed, no retry_after: the account's other chats and other accounts are unaffected).
// Live targets' posts reach every subscriber at publication; a fetch of one finds nothing new.
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
  double retry_after_s = 0;      // the platform's word: a flood wait's time left
  bool flood_started = false;    // this request started a flood wait
  bool in_flood = false;         // this request came during a flood wait
  bool resolved = false;         // this fetch resolved its target first
  bool resolve_refused = false;  // the resolve budget was spent: the fetch failed
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
  std::int64_t flood_waits() const { return flood_waits_; }
  std::int64_t requests_in_flood() const { return requests_in_flood_; }
  std::int64_t resolves() const { return resolves_; }
  std::int64_t failed_resolves() const { return failed_resolves_; }
  // Until when credential c is in a flood wait (-inf if never).
  double flood_until(int c) const { return flood_until_[c]; }

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
  // Accounts.
  std::vector<double> flood_until_;                     // [c]
  std::vector<std::deque<double>> flood_window_;        // [c]: requests against the hidden budget
  std::vector<std::uint64_t> flood_draws_;              // [c]: requests drawn so far (the counter)
  std::vector<std::deque<double>> resolve_window_;      // [c]
  std::vector<std::vector<char>> resolved_;             // [c][t], only for platforms with resolve
  std::int64_t flood_waits_ = 0;
  std::int64_t requests_in_flood_ = 0;
  std::int64_t resolves_ = 0;
  std::int64_t failed_resolves_ = 0;

  // The account rules of c's platform, or nullptr (anonymous credentials have none).
  const FloodWaitRule* flood_rule(int c) const;
  const ResolveRule* resolve_rule(int c) const;
};

// Post times of target t over [0, duration_s], sorted (fixed posts_s if the scenario gives them).
std::vector<double> generate_posts(const Scenario& s, int t);

}  // namespace gather::simsched
