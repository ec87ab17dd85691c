// The freshness floor (BRIEF §4): the best possible split of credential budgets over targets,
// minimising the post-weighted mean detection delay Σ λ_t/(2 f_t) / Σ λ_t. `gather sim` reports
// it beside every policy; planners can use it as their target rates. Rates are per second.
#pragma once

#include <utility>
#include <vector>

namespace gather {

struct AllocationProblem {
  std::vector<double> rate;                 // λ_t, posts per second (already times subscriber weight)
  std::vector<double> min_fetch_rate;       // m_t = 1/max_interval, fetches per second (empty = all 0)
  std::vector<double> budget;               // r_c, requests per second
  std::vector<std::vector<int>> reach;      // reach[c]: targets credential c may fetch
};

struct Allocation {
  // False when the lower bounds cannot all be met. The allocation is then the best effort: every
  // m_t scaled by the largest common fraction that can be met (lower_bound_fraction), and the
  // optimum under those scaled bounds (shaved by 1e-9 so they fit). Targets without a bound that
  // share the bottleneck then get ~nothing, so mean_delay_s is huge: the floor is meaningless
  // until the bounds or budgets change.
  bool feasible = true;
  double lower_bound_fraction = 1.0;
  std::vector<double> fetch_rate;                                    // f_t = Σ_c x_tc
  std::vector<std::vector<std::pair<int, double>>> per_credential;  // [c] -> (t, x_tc > 0)
  double mean_delay_s = 0;                                           // mean_delay(rate, fetch_rate)
};

// The exact optimum (to ~1e-9 relative). Throws std::invalid_argument on malformed input
// (size mismatch, negative or non-finite numbers, reach outside 0..T-1).
Allocation solve_allocation(const AllocationProblem& p);

// Frank–Wolfe, an independent and slower cross-check: converges to the optimum from above. The
// part of each budget that meets the lower bounds is reserved once (by a max-flow) and kept
// fixed, so with binding lower bounds it may stay slightly above the optimum.
Allocation frank_wolfe_allocation(const AllocationProblem& p, int iterations);

// Σ λ/(2f) / Σ λ over targets with λ > 0; 0 if Σ λ = 0; +inf if some λ > 0 target has f = 0.
double mean_delay(const std::vector<double>& rate, const std::vector<double>& fetch_rate);

}  // namespace gather
