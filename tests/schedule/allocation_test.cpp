#include "schedule/allocation.h"

#include "schedule/max_flow.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>
#include <random>
#include <stdexcept>

using namespace gather;

namespace {

double floor_of(const AllocationProblem& p, int t) {
  return p.min_fetch_rate.empty() ? 0.0 : p.min_fetch_rate[t];
}

// Budgets respected, f_t = Σ_c x_tc, x only on reachable edges, lower bounds met when feasible.
void expect_valid(const AllocationProblem& p, const Allocation& a) {
  const int T = static_cast<int>(p.rate.size());
  ASSERT_EQ(a.fetch_rate.size(), p.rate.size());
  ASSERT_EQ(a.per_credential.size(), p.budget.size());
  std::vector<double> sum(T, 0.0);
  for (std::size_t c = 0; c < p.budget.size(); ++c) {
    double used = 0;
    for (const auto& [t, x] : a.per_credential[c]) {
      ASSERT_GE(t, 0);
      ASSERT_LT(t, T);
      EXPECT_GT(x, 0);
      EXPECT_NE(std::find(p.reach[c].begin(), p.reach[c].end(), t), p.reach[c].end()) << "c=" << c << " t=" << t;
      used += x;
      sum[t] += x;
    }
    EXPECT_LE(used, p.budget[c] * (1 + 1e-9) + 1e-300) << "credential " << c;
  }
  for (int t = 0; t < T; ++t) {
    EXPECT_NEAR(a.fetch_rate[t], sum[t], 1e-12 * std::max(1.0, sum[t])) << "target " << t;
    if (a.feasible) {
      EXPECT_GE(a.fetch_rate[t], floor_of(p, t) * (1 - 1e-9)) << "target " << t;
    }
  }
  EXPECT_EQ(a.mean_delay_s, mean_delay(p.rate, a.fetch_rate));
}

// The largest relative gain left by moving flow: best[t] is the largest marginal gain λ/f² that
// flow taken from t can reach, directly or relayed through targets whose own rate stays put.
// At the optimum every target fed by c above its lower bound has λ/f² equal to the best that
// c can reach, and a credential with spare budget reaches no target that would gain.
double kkt_violation(const AllocationProblem& p, const Allocation& a) {
  const int T = static_cast<int>(p.rate.size());
  const int C = static_cast<int>(p.budget.size());
  std::vector<double> gain(T);
  for (int t = 0; t < T; ++t) gain[t] = p.rate[t] > 0 ? p.rate[t] / (a.fetch_rate[t] * a.fetch_rate[t]) : 0.0;
  auto fed = [&](int c, double x) { return x > 1e-9 * p.budget[c]; };
  std::vector<double> best = gain, reach_best(C, 0.0);
  for (bool changed = true; changed;) {
    changed = false;
    for (int c = 0; c < C; ++c) {
      for (int u : p.reach[c]) reach_best[c] = std::max(reach_best[c], best[u]);
      for (const auto& [t, x] : a.per_credential[c]) {
        if (fed(c, x) && reach_best[c] > best[t] * (1 + 1e-12)) best[t] = reach_best[c], changed = true;
      }
    }
  }
  double worst = 0;
  for (int c = 0; c < C; ++c) {
    double used = 0;
    for (const auto& [t, x] : a.per_credential[c]) {
      used += x;
      const bool above_floor = a.fetch_rate[t] > floor_of(p, t) * (1 + 1e-7) + 1e-300;
      if (fed(c, x) && above_floor && reach_best[c] > 0) worst = std::max(worst, 1 - gain[t] / reach_best[c]);
    }
    if (used < p.budget[c] * (1 - 1e-7) && reach_best[c] > 0) worst = std::max(worst, 1.0);
  }
  return worst;
}

struct RandomShape {
  int max_targets = 200, max_creds = 20;
  bool floors = false;
};

// Zipf-ish rates, reach sets covering 5–50% of targets, every target reachable.
AllocationProblem random_problem(std::uint64_t seed, RandomShape shape) {
  std::mt19937_64 rng(seed);
  auto uniform = [&](double lo, double hi) { return std::uniform_real_distribution<double>(lo, hi)(rng); };
  auto pick = [&](int lo, int hi) { return std::uniform_int_distribution<int>(lo, hi)(rng); };
  const int T = pick(2, shape.max_targets), C = pick(1, shape.max_creds);
  AllocationProblem p;
  for (int t = 0; t < T; ++t) p.rate.push_back(uniform(0.5, 2.0) / std::pow(pick(1, T), 1.2));
  std::shuffle(p.rate.begin(), p.rate.end(), rng);
  p.reach.resize(C);
  for (int c = 0; c < C; ++c) {
    p.budget.push_back(uniform(0.01, 1.0));
    const double coverage = uniform(0.05, 0.5);
    for (int t = 0; t < T; ++t) {
      if (uniform(0, 1) < coverage) p.reach[c].push_back(t);
    }
  }
  std::vector<char> reached(T, 0);
  for (const auto& r : p.reach) for (int t : r) reached[t] = 1;
  for (int t = 0; t < T; ++t) {
    if (!reached[t]) p.reach[pick(0, C - 1)].push_back(t);
  }
  if (shape.floors) {
    // Of the order of a fair share of the smallest budgets: binding for quiet targets, still feasible.
    const double total = std::accumulate(p.budget.begin(), p.budget.end(), 0.0);
    for (int t = 0; t < T; ++t) p.min_fetch_rate.push_back(uniform(0, 1) < 0.3 ? uniform(0, 2.0) * total / (T * C) : 0.0);
    for (int t = 0; t < T / 10; ++t) p.rate[pick(0, T - 1)] = 0;  // silent targets that still need m_t
  }
  return p;
}

// Each credential splits its budget over its reach with random weights.
std::vector<double> random_feasible_rates(const AllocationProblem& p, std::uint64_t seed) {
  std::mt19937_64 rng(seed);
  std::vector<double> f(p.rate.size(), 0.0);
  for (std::size_t c = 0; c < p.budget.size(); ++c) {
    std::vector<double> w(p.reach[c].size());
    for (double& v : w) v = std::uniform_real_distribution<double>(0.01, 1.0)(rng);
    const double sum = std::accumulate(w.begin(), w.end(), 0.0);
    for (std::size_t i = 0; i < w.size(); ++i) f[p.reach[c][i]] += p.budget[c] * w[i] / sum;
  }
  return f;
}

double sqrt_law_delay(const std::vector<double>& rate, double budget) {
  double s = 0, l = 0;
  for (double r : rate) s += std::sqrt(r), l += r;
  return s * s / (2 * budget * l);
}

TEST(Allocation, OneCredentialReachingAllGivesTheSquareRootLaw) {
  AllocationProblem p;
  p.rate = {1, 4, 9, 0.25, 16};
  p.budget = {3};
  p.reach = {{0, 1, 2, 3, 4}};
  const Allocation a = solve_allocation(p);
  expect_valid(p, a);
  EXPECT_TRUE(a.feasible);
  const double sum_sqrt = 1 + 2 + 3 + 0.5 + 4;
  for (std::size_t t = 0; t < p.rate.size(); ++t) EXPECT_NEAR(a.fetch_rate[t], 3 * std::sqrt(p.rate[t]) / sum_sqrt, 1e-12);
  EXPECT_NEAR(a.mean_delay_s, sqrt_law_delay(p.rate, 3), 1e-12 * a.mean_delay_s);
}

TEST(Allocation, SeveralCredentialsReachingAllPoolTheirBudgets) {
  AllocationProblem p;
  p.rate = {1, 4, 9};
  p.budget = {0.5, 1, 1.5};
  p.reach = {{0, 1, 2}, {2, 1, 0}, {0, 1, 2}};
  const Allocation a = solve_allocation(p);
  expect_valid(p, a);
  EXPECT_NEAR(a.mean_delay_s, sqrt_law_delay(p.rate, 3), 1e-12 * a.mean_delay_s);
}

TEST(Allocation, DisjointGroupsAreEachTheirOwnClosedForm) {
  AllocationProblem p;
  p.rate = {1, 4, 9, 16, 25};
  p.budget = {2, 7};
  p.reach = {{0, 1}, {2, 3, 4}};
  const Allocation a = solve_allocation(p);
  expect_valid(p, a);
  EXPECT_NEAR(a.fetch_rate[0], 2.0 * 1 / 3, 1e-12);
  EXPECT_NEAR(a.fetch_rate[1], 2.0 * 2 / 3, 1e-12);
  EXPECT_NEAR(a.fetch_rate[2], 7.0 * 3 / 12, 1e-12);
  EXPECT_NEAR(a.fetch_rate[3], 7.0 * 4 / 12, 1e-12);
  EXPECT_NEAR(a.fetch_rate[4], 7.0 * 5 / 12, 1e-12);
}

TEST(Allocation, BigCookieWithAPrivateCredentialOnOneTarget) {
  // A reaches 0,1,2; B only 2. B alone lifts target 2 above the others, so A leaves it.
  AllocationProblem p;
  p.rate = {1, 1, 1};
  p.budget = {2, 10};
  p.reach = {{0, 1, 2}, {2}};
  Allocation a = solve_allocation(p);
  expect_valid(p, a);
  EXPECT_NEAR(a.fetch_rate[0], 1, 1e-12);
  EXPECT_NEAR(a.fetch_rate[1], 1, 1e-12);
  EXPECT_NEAR(a.fetch_rate[2], 10, 1e-12);
  ASSERT_EQ(a.per_credential[0].size(), 2u);  // nothing from A to target 2
  EXPECT_EQ(a.per_credential[1], (std::vector<std::pair<int, double>>{{2, 10.0}}));

  // A small B: target 2 is still short, so A tops it up to the common level 3.5/3.
  p.budget = {3, 0.5};
  a = solve_allocation(p);
  expect_valid(p, a);
  for (int t = 0; t < 3; ++t) EXPECT_NEAR(a.fetch_rate[t], 3.5 / 3, 1e-12);
  EXPECT_EQ(a.per_credential[1], (std::vector<std::pair<int, double>>{{2, 0.5}}));
  EXPECT_LT(kkt_violation(p, a), 1e-9);
}

TEST(Allocation, KktCheckRejectsASuboptimalSplit) {
  // Guards the checker used below: a split one exchange away from optimal must fail it.
  AllocationProblem p;
  p.rate = {1, 1, 1};
  p.budget = {3, 0.5};
  p.reach = {{0, 1, 2}, {2}};
  Allocation a;
  a.fetch_rate = {1.2, 7.0 / 6, 3.5 - 1.2 - 7.0 / 6};
  a.per_credential = {{{0, 1.2}, {1, 7.0 / 6}, {2, 3.0 - 1.2 - 7.0 / 6}}, {{2, 0.5}}};
  a.mean_delay_s = mean_delay(p.rate, a.fetch_rate);
  expect_valid(p, a);
  EXPECT_GT(kkt_violation(p, a), 1e-3);
  a.per_credential[1] = {{2, 0.4}};  // spare budget while targets could gain
  a.fetch_rate[2] -= 0.1;
  a.mean_delay_s = mean_delay(p.rate, a.fetch_rate);
  EXPECT_GE(kkt_violation(p, a), 1.0);
}

TEST(Allocation, NestedLevelsPeelOffInOrder) {
  // Target t has its own credential of budget t plus a shared one of budget 1 over all: the
  // shared budget fills the lowest targets to a common level and the rest keep their own.
  AllocationProblem p;
  const int T = 8;
  p.rate.assign(T, 1);
  p.reach.push_back({});
  p.budget.push_back(1);
  for (int t = 0; t < T; ++t) {
    p.reach[0].push_back(t);
    p.reach.push_back({t});
    p.budget.push_back(t);
  }
  const Allocation a = solve_allocation(p);
  expect_valid(p, a);
  // Level L with Σ_{t<L} (L - t) = 1 over t = 0, 1: 2L - 1 = 1, L = 1.
  EXPECT_NEAR(a.fetch_rate[0], 1, 1e-12);
  EXPECT_NEAR(a.fetch_rate[1], 1, 1e-12);
  for (int t = 2; t < T; ++t) EXPECT_NEAR(a.fetch_rate[t], t, 1e-12);
  EXPECT_LT(kkt_violation(p, a), 1e-9);
}

TEST(Allocation, ChainOfOverlappingCredentialsMeetsKkt) {
  // Credential c reaches targets c and c+1: one long connected chain with many levels.
  AllocationProblem p;
  const int C = 300;
  std::mt19937_64 rng(7);
  for (int t = 0; t <= C; ++t) p.rate.push_back(std::uniform_real_distribution<double>(0.01, 10)(rng));
  for (int c = 0; c < C; ++c) {
    p.budget.push_back(std::uniform_real_distribution<double>(0.1, 5)(rng));
    p.reach.push_back({c, c + 1});
  }
  const Allocation a = solve_allocation(p);
  expect_valid(p, a);
  EXPECT_LT(kkt_violation(p, a), 1e-8);
  const Allocation fw = frank_wolfe_allocation(p, 3000);
  EXPECT_LE(a.mean_delay_s, fw.mean_delay_s * (1 + 1e-9));
}

TEST(Allocation, SilentTargetGetsExactlyItsLowerBound) {
  AllocationProblem p;
  p.rate = {0, 1, 4};
  p.min_fetch_rate = {2, 0, 0};
  p.budget = {10};
  p.reach = {{0, 1, 2}};
  const Allocation a = solve_allocation(p);
  expect_valid(p, a);
  EXPECT_TRUE(a.feasible);
  EXPECT_NEAR(a.fetch_rate[0], 2, 1e-12);
  EXPECT_NEAR(a.fetch_rate[1], 8.0 / 3, 1e-12);
  EXPECT_NEAR(a.fetch_rate[2], 16.0 / 3, 1e-12);
}

TEST(Allocation, BindingLowerBoundLeavesTheRestToTheSquareRootLaw) {
  AllocationProblem p;
  p.rate = {1, 100, 25};
  p.min_fetch_rate = {3, 0, 0.5};
  p.budget = {10};
  p.reach = {{0, 1, 2}};
  const Allocation a = solve_allocation(p);
  expect_valid(p, a);
  EXPECT_NEAR(a.fetch_rate[0], 3, 1e-12);  // √ share would be 10/16
  EXPECT_NEAR(a.fetch_rate[1], 7.0 * 10 / 15, 1e-12);
  EXPECT_NEAR(a.fetch_rate[2], 7.0 * 5 / 15, 1e-12);
  EXPECT_LT(kkt_violation(p, a), 1e-9);
}

TEST(Allocation, LowerBoundOnlyOneCredentialCanServe) {
  // Target 0 is reachable only through A, whose budget its bound mostly takes; B covers the rest.
  AllocationProblem p;
  p.rate = {0, 1, 1};
  p.min_fetch_rate = {0.9, 0, 0};
  p.budget = {1, 1};
  p.reach = {{0, 1, 2}, {1, 2}};
  const Allocation a = solve_allocation(p);
  expect_valid(p, a);
  EXPECT_NEAR(a.fetch_rate[0], 0.9, 1e-12);
  EXPECT_NEAR(a.fetch_rate[1], 0.55, 1e-12);
  EXPECT_NEAR(a.fetch_rate[2], 0.55, 1e-12);
}

TEST(Allocation, InfeasibleLowerBoundsAreReportedWithTheBestCommonFraction) {
  AllocationProblem p;
  p.rate = {1, 1, 1};
  p.min_fetch_rate = {1, 1, 0};
  p.budget = {1, 5};
  p.reach = {{0, 1}, {2}};
  const Allocation a = solve_allocation(p);
  expect_valid(p, a);
  EXPECT_FALSE(a.feasible);
  EXPECT_NEAR(a.lower_bound_fraction, 0.5, 1e-12);
  EXPECT_NEAR(a.fetch_rate[0], 0.5, 1e-8);
  EXPECT_NEAR(a.fetch_rate[1], 0.5, 1e-8);
  EXPECT_NEAR(a.fetch_rate[2], 5, 1e-12);
  EXPECT_FALSE(frank_wolfe_allocation(p, 10).feasible);
}

TEST(Allocation, UnreachableTargetWithoutBoundIsInfiniteDelay) {
  AllocationProblem p;
  p.rate = {1, 1};
  p.budget = {1};
  p.reach = {{0}};
  const Allocation a = solve_allocation(p);
  expect_valid(p, a);
  EXPECT_TRUE(a.feasible);
  EXPECT_EQ(a.fetch_rate[1], 0);
  EXPECT_TRUE(std::isinf(a.mean_delay_s));
  p.min_fetch_rate = {0, 0.1};
  EXPECT_FALSE(solve_allocation(p).feasible);
}

TEST(Allocation, MeanDelayEdgeCases) {
  EXPECT_EQ(mean_delay({0, 0}, {1, 0}), 0);
  EXPECT_EQ(mean_delay({}, {}), 0);
  EXPECT_TRUE(std::isinf(mean_delay({1, 1}, {1, 0})));
  EXPECT_DOUBLE_EQ(mean_delay({1, 3}, {0.5, 1}), (1 / 1.0 + 3 / 2.0) / 4);
}

TEST(Allocation, EmptyAndDegenerateProblems) {
  EXPECT_EQ(solve_allocation({}).mean_delay_s, 0);
  AllocationProblem p;
  p.rate = {0, 0};
  p.min_fetch_rate = {0.5, 0};
  p.budget = {1, 0};
  p.reach = {{0, 1}, {1}};
  const Allocation a = solve_allocation(p);
  expect_valid(p, a);
  EXPECT_NEAR(a.fetch_rate[0], 0.5, 1e-12);
  EXPECT_EQ(a.fetch_rate[1], 0);
}

TEST(Allocation, MalformedInputThrows) {
  AllocationProblem p;
  p.rate = {1};
  p.budget = {1};
  p.reach = {{1}};
  EXPECT_THROW(solve_allocation(p), std::invalid_argument);
  p.reach = {{0}};
  p.min_fetch_rate = {1, 2};
  EXPECT_THROW(solve_allocation(p), std::invalid_argument);
  p.min_fetch_rate = {};
  p.budget = {-1};
  EXPECT_THROW(solve_allocation(p), std::invalid_argument);
  p.budget = {1, 1};
  EXPECT_THROW(frank_wolfe_allocation(p, 1), std::invalid_argument);
}

TEST(Allocation, RandomInstancesBeatFrankWolfeAndRandomSplitsAndMeetKkt) {
  for (std::uint64_t seed = 1; seed <= 50; ++seed) {
    SCOPED_TRACE(seed);
    const AllocationProblem p = random_problem(seed, {});
    const Allocation exact = solve_allocation(p);
    expect_valid(p, exact);
    ASSERT_TRUE(std::isfinite(exact.mean_delay_s));
    EXPECT_LT(kkt_violation(p, exact), 1e-7);
    const Allocation fw = frank_wolfe_allocation(p, 2000);
    expect_valid(p, fw);
    EXPECT_LE(exact.mean_delay_s, fw.mean_delay_s * (1 + 1e-9));
    EXPECT_LE(fw.mean_delay_s, exact.mean_delay_s * 1.01);
    for (std::uint64_t k = 0; k < 5; ++k) {
      EXPECT_LE(exact.mean_delay_s, mean_delay(p.rate, random_feasible_rates(p, seed * 100 + k)) * (1 + 1e-9));
    }
  }
}

TEST(Allocation, RandomInstancesWithLowerBoundsMeetKkt) {
  int pinned = 0;  // posting targets held at their lower bound: the bounds must really bind
  for (std::uint64_t seed = 101; seed <= 150; ++seed) {
    SCOPED_TRACE(seed);
    const AllocationProblem p = random_problem(seed, {.floors = true});
    const Allocation exact = solve_allocation(p);
    expect_valid(p, exact);
    EXPECT_TRUE(exact.feasible);
    EXPECT_LT(kkt_violation(p, exact), 1e-7);
    const Allocation fw = frank_wolfe_allocation(p, 500);
    EXPECT_LE(exact.mean_delay_s, fw.mean_delay_s * (1 + 1e-9));
    for (std::size_t t = 0; t < p.rate.size(); ++t) {
      pinned += p.rate[t] > 0 && exact.fetch_rate[t] <= p.min_fetch_rate[t] * (1 + 1e-9);
    }
  }
  EXPECT_GT(pinned, 50);
}

TEST(Allocation, RandomInfeasibleBoundsMeetACommonFractionOptimally) {
  int infeasible = 0;
  for (std::uint64_t seed = 201; seed <= 230; ++seed) {
    SCOPED_TRACE(seed);
    AllocationProblem p = random_problem(seed, {.floors = true});
    for (double& m : p.min_fetch_rate) m *= 40;
    const Allocation exact = solve_allocation(p);
    expect_valid(p, exact);
    if (exact.feasible) continue;
    ++infeasible;
    EXPECT_LT(exact.lower_bound_fraction, 1);
    for (std::size_t t = 0; t < p.rate.size(); ++t) {
      EXPECT_GE(exact.fetch_rate[t], exact.lower_bound_fraction * p.min_fetch_rate[t] * (1 - 1e-8));
    }
    // Looser: targets without a bound that share the bottleneck are starved to ~1e-9 (what the
    // shaved bounds leave), where the flow's absolute rounding is a large relative error.
    EXPECT_LT(kkt_violation(p, exact), 1e-4);
  }
  EXPECT_GT(infeasible, 5);
}

TEST(Allocation, ModerateInstanceSolves) {
  // 20000 targets, 500 credentials, ~200000 edges; a few broad credentials over many narrow ones.
  std::mt19937_64 rng(2024);
  AllocationProblem p;
  const int T = 20000, C = 500;
  for (int t = 0; t < T; ++t) p.rate.push_back(1.0 / std::pow(1 + t, 1.1));
  std::shuffle(p.rate.begin(), p.rate.end(), rng);
  p.reach.resize(C);
  std::uniform_int_distribution<int> any(0, T - 1);
  for (int c = 0; c < C; ++c) {
    p.budget.push_back(std::uniform_real_distribution<double>(0.05, 1.0)(rng));
    const int size = c < 5 ? 10000 : 300;
    for (int k = 0; k < size; ++k) p.reach[c].push_back(any(rng));
  }
  for (int t = 0; t < T; ++t) p.reach[t % C].push_back(t);
  p.min_fetch_rate.assign(T, 1.0 / 86400);
  const Allocation a = solve_allocation(p);
  expect_valid(p, a);
  EXPECT_TRUE(a.feasible);
  EXPECT_LT(kkt_violation(p, a), 1e-7);
}

TEST(Allocation, DuplicateAndUnorderedReachEntriesCountOnce) {
  for (std::uint64_t seed = 301; seed <= 320; ++seed) {
    SCOPED_TRACE(seed);
    const AllocationProblem p = random_problem(seed, {.floors = seed % 2 == 0});
    AllocationProblem messy = p;
    std::mt19937_64 rng(seed);
    for (auto& reach : messy.reach) {
      const std::vector<int> once = reach;
      for (int t : once) {
        if (rng() % 3 == 0) reach.push_back(t);
      }
      std::shuffle(reach.begin(), reach.end(), rng);
    }
    const Allocation a = solve_allocation(p), b = solve_allocation(messy);
    expect_valid(messy, b);
    EXPECT_EQ(a.feasible, b.feasible);
    EXPECT_EQ(a.fetch_rate, b.fetch_rate);
    EXPECT_EQ(a.per_credential, b.per_credential);
  }
}

TEST(Allocation, LowerBoundsThatTakeEveryBudgetAreFeasibleAndAnyMoreAreNot) {
  // The bounds alone use all of both budgets, through the one way of routing them.
  AllocationProblem p;
  p.rate = {1, 1, 1};
  p.min_fetch_rate = {0.5, 1.0, 1.5};
  p.budget = {1, 2};
  p.reach = {{0, 1}, {1, 2}};
  Allocation a = solve_allocation(p);
  expect_valid(p, a);
  EXPECT_TRUE(a.feasible);
  for (int t = 0; t < 3; ++t) EXPECT_NEAR(a.fetch_rate[t], p.min_fetch_rate[t], 1e-12);

  for (double& m : p.min_fetch_rate) m *= 1.01;
  a = solve_allocation(p);
  expect_valid(p, a);
  EXPECT_FALSE(a.feasible);
  EXPECT_NEAR(a.lower_bound_fraction, 1 / 1.01, 1e-9);
  for (int t = 0; t < 3; ++t) EXPECT_NEAR(a.fetch_rate[t], p.min_fetch_rate[t] / 1.01, 1e-8);
}

// ---- MaxFlow ----

struct TestEdge {
  int from, to;
  double capacity;
};

struct FlowRun {
  MaxFlow flow;
  std::vector<int> ids;
  double value;
};

FlowRun run_flow(int nodes, const std::vector<TestEdge>& edges, int source, int sink, double eps) {
  FlowRun r{MaxFlow(nodes, edges.size()), {}, 0};
  for (const TestEdge& e : edges) r.ids.push_back(r.flow.add_edge(e.from, e.to, e.capacity));
  r.value = r.flow.run(source, sink, eps);
  return r;
}

// A maximum flow: within capacities, conserved at every inner node, and as large as the cut
// that reachable_from() finds (edges out of the source side full, edges into it empty).
void expect_max_flow(const FlowRun& r, int nodes, const std::vector<TestEdge>& edges, int source, int sink) {
  const double tol = 1e-9 * std::max(1.0, r.value);
  std::vector<double> net_out(nodes, 0.0);
  for (std::size_t i = 0; i < edges.size(); ++i) {
    const double x = r.flow.flow(r.ids[i]);
    EXPECT_GE(x, -tol) << "edge " << i;
    EXPECT_LE(x, edges[i].capacity + tol) << "edge " << i;
    net_out[edges[i].from] += x;
    net_out[edges[i].to] -= x;
  }
  for (int u = 0; u < nodes; ++u) {
    if (u != source && u != sink) {
      EXPECT_NEAR(net_out[u], 0, tol) << "node " << u;
    }
  }
  EXPECT_NEAR(net_out[source], r.value, tol);
  const auto side = r.flow.reachable_from(source, 0);
  ASSERT_TRUE(side[source]);
  EXPECT_FALSE(side[sink]);
  double cut = 0;
  for (std::size_t i = 0; i < edges.size(); ++i) {
    const double x = r.flow.flow(r.ids[i]);
    if (side[edges[i].from] && !side[edges[i].to]) {
      cut += edges[i].capacity;
      EXPECT_NEAR(x, edges[i].capacity, tol) << "edge " << i;
    } else if (!side[edges[i].from] && side[edges[i].to]) {
      EXPECT_NEAR(x, 0, tol) << "edge " << i;
    }
  }
  EXPECT_NEAR(cut, r.value, tol);
}

TEST(MaxFlow, TextbookNetwork) {
  // CLRS 3rd ed., figure 26.1: s, v1..v4, t; the maximum flow is 23.
  const std::vector<TestEdge> edges = {{0, 1, 16}, {0, 2, 13}, {2, 1, 4}, {1, 3, 12}, {3, 2, 9},
                                       {2, 4, 14}, {4, 3, 7},  {3, 5, 20}, {4, 5, 4}};
  const FlowRun r = run_flow(6, edges, 0, 5, 0);
  EXPECT_DOUBLE_EQ(r.value, 23);
  expect_max_flow(r, 6, edges, 0, 5);
}

TEST(MaxFlow, EdgeIdsFollowCallOrderWithParallelAndOppositeEdges) {
  const std::vector<TestEdge> edges = {{0, 1, 1}, {0, 1, 2}, {1, 0, 5}, {1, 2, 2.5}, {1, 2, 0}};
  const FlowRun r = run_flow(3, edges, 0, 2, 0);
  EXPECT_EQ(r.ids, (std::vector<int>{0, 1, 2, 3, 4}));
  EXPECT_DOUBLE_EQ(r.value, 2.5);
  EXPECT_DOUBLE_EQ(r.flow.flow(3), 2.5);
  EXPECT_EQ(r.flow.flow(4), 0);
  expect_max_flow(r, 3, edges, 0, 2);
}

TEST(MaxFlow, InfiniteInnerEdgesAndLongAlternatingPaths) {
  // source -> credentials -> (∞) -> targets -> sink, a chain where each credential reaches
  // targets i and i+1: the greedy first paths must be undone along the whole chain.
  const int n = 200, source = 0, sink = 2 * n + 2;
  const double inf = std::numeric_limits<double>::infinity();
  std::vector<TestEdge> edges;
  for (int i = 0; i < n; ++i) edges.push_back({source, 1 + i, 1});
  for (int i = 0; i < n; ++i) {
    edges.push_back({1 + i, 1 + n + i, inf});
    edges.push_back({1 + i, 1 + n + i + 1, inf});
  }
  edges.push_back({1 + n, sink, 0});  // target 0 wants nothing; the others 1 each
  for (int j = 1; j <= n; ++j) edges.push_back({1 + n + j, sink, 1});
  const FlowRun r = run_flow(2 * n + 3, edges, source, sink, 1e-12);
  EXPECT_DOUBLE_EQ(r.value, n);
  expect_max_flow(r, 2 * n + 3, edges, source, sink);
}

TEST(MaxFlow, EmptyNetworkAndRunningAgain) {
  MaxFlow none(2);
  EXPECT_EQ(none.run(0, 1, 0), 0);
  EXPECT_EQ(none.reachable_from(0, 0), (std::vector<char>{1, 0}));

  const std::vector<TestEdge> edges = {{0, 1, 3}, {1, 2, 2}};
  FlowRun r = run_flow(3, edges, 0, 2, 0);
  EXPECT_EQ(r.value, 2);
  EXPECT_EQ(r.flow.run(0, 2, 0), 0);  // nothing left to add
  EXPECT_EQ(r.flow.flow(r.ids[1]), 2);
  EXPECT_EQ(r.flow.reachable_from(0, 0), (std::vector<char>{1, 1, 0}));
}

TEST(MaxFlow, RandomNetworksMeetMaxFlowMinCut) {
  const double inf = std::numeric_limits<double>::infinity();
  for (std::uint64_t seed = 1; seed <= 200; ++seed) {
    SCOPED_TRACE(seed);
    std::mt19937_64 rng(seed);
    const int nodes = 2 + static_cast<int>(rng() % 40);
    const int count = static_cast<int>(rng() % (4 * nodes));
    const int source = 0, sink = nodes - 1;
    std::vector<TestEdge> edges;
    for (int k = 0; k < count; ++k) {
      const int from = static_cast<int>(rng() % nodes), to = static_cast<int>(rng() % nodes);
      // Finite out of the source, so the maximum is finite; inner edges are sometimes unbounded.
      const bool unbounded = from != source && rng() % 4 == 0;
      edges.push_back({from, to, unbounded ? inf : std::uniform_real_distribution<double>(0, 10)(rng)});
    }
    const FlowRun r = run_flow(nodes, edges, source, sink, 0);
    expect_max_flow(r, nodes, edges, source, sink);
  }
}

}  // namespace
