// Exact solver: the decomposition algorithm for separable convex minimisation over a
// polymatroid (Fujishige 1980; Groenevelt 1991), here over the polymatroid of fetch-rate vectors
// that the bipartite credential → target network can carry.
//
// For a sub-problem (targets X, credentials Y, capacity ρ = Σ_Y r_c) every target wants
// d_t(θ) = max(m_t, θ √λ_t), the minimiser of the cost under the single constraint f(X) = ρ at
// the common level θ solving Σ_X d_t(θ) = ρ. One max-flow tells whether d(θ) fits the network.
// If it does, X is one block of the optimum, fixed at d(θ). If not, the targets cut off from the
// source in the residual graph form the maximal set A with d(A) > r(N(A)); at the optimum A is
// tight (uses all of N(A)) and sits at lower levels than X \ A, so the problem splits into A with
// credentials N(A) (restriction) and X \ A with the credentials outside N(A) (contraction).
// Each sub-problem is first split into connected components, which are independent.
//
// Cost: every max-flow either fixes a block or splits its target set in two, so there are fewer
// than 2·(number of distinct levels) flows; each runs on its own sub-network, and a target takes
// part in at most (depth of the split tree) of them. Dinic on this 3-layer network is
// O(E·√V)-ish in practice (worst case O(V²E)). Worst case overall is O(levels · flow(E)),
// reached only when levels peel off one at a time. Whether the lower bounds are feasible is read
// off the optimum itself when it meets them; only a shortfall costs a max-flow of the bounds
// alone (and then a second decomposition, under the scaled bounds).
#include "schedule/allocation.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>
#include <span>
#include <stdexcept>
#include <string>

#include "schedule/max_flow.h"

namespace gather {
namespace {

constexpr double kInf = std::numeric_limits<double>::infinity();
// Residual capacity below this fraction of a network's total capacity is rounding noise.
constexpr double kFlowEps = 1e-13;
// A flow this close (relative to total capacity) to its demand counts as meeting it; the
// resulting error in the delay is of the same relative order.
constexpr double kSaturated = 1e-11;
// Lower bounds count as met when the shortfall is below this fraction of their sum.
constexpr double kFeasible = 1e-9;

struct Network {
  std::vector<double> weight;  // √λ_t
  std::vector<double> floor;   // m_t
  std::vector<double> budget;  // r_c
  // t -> the credentials reaching it, deduplicated and ascending, as one flat array (a vector
  // per target costs 1e5 allocations and scatters the edges over the heap).
  std::vector<int> first_cred, cred;
  int targets() const { return static_cast<int>(weight.size()); }
  int credentials() const { return static_cast<int>(budget.size()); }
  std::span<const int> reached_by(int t) const {
    return {cred.data() + first_cred[t], cred.data() + first_cred[t + 1]};
  }
};

void require(bool ok, const std::string& what) {
  if (!ok) throw std::invalid_argument("allocation: " + what);
}

bool finite_nonnegative(double v) { return std::isfinite(v) && v >= 0; }

// Inverts p.reach into net.first_cred/cred in two passes (count, fill), dropping duplicates
// without copying or sorting the reach lists: credentials are visited in ascending order, so a
// duplicate of (c, t) is always the entry just appended for t.
void index_reach(const AllocationProblem& p, Network& net) {
  const int T = net.targets();
  std::vector<int> last(T, -1);  // the last credential counted for t
  net.first_cred.assign(T + 1, 0);
  for (int c = 0; c < net.credentials(); ++c) {
    for (int t : p.reach[c]) {
      require(t >= 0 && t < T, "reach lists a target outside 0..T-1");
      if (last[t] != c) last[t] = c, ++net.first_cred[t + 1];
    }
  }
  for (int t = 0; t < T; ++t) net.first_cred[t + 1] += net.first_cred[t];
  net.cred.resize(net.first_cred[T]);
  std::vector<int> next(net.first_cred.begin(), net.first_cred.end() - 1);  // next free slot per t
  for (int c = 0; c < net.credentials(); ++c) {
    for (int t : p.reach[c]) {
      if (next[t] > net.first_cred[t] && net.cred[next[t] - 1] == c) continue;
      net.cred[next[t]++] = c;
    }
  }
}

Network validate(const AllocationProblem& p) {
  const int T = static_cast<int>(p.rate.size());
  require(p.min_fetch_rate.empty() || p.min_fetch_rate.size() == p.rate.size(),
          "min_fetch_rate must be empty or one per target");
  require(p.reach.size() == p.budget.size(), "reach must have one entry per budget");
  Network net;
  for (double r : p.rate) require(finite_nonnegative(r), "rates must be finite and >= 0");
  for (double m : p.min_fetch_rate) require(finite_nonnegative(m), "min_fetch_rate must be finite and >= 0");
  for (double b : p.budget) require(finite_nonnegative(b), "budgets must be finite and >= 0");
  net.weight.resize(T);
  std::transform(p.rate.begin(), p.rate.end(), net.weight.begin(), [](double r) { return std::sqrt(r); });
  net.floor = p.min_fetch_rate.empty() ? std::vector<double>(T, 0.0) : p.min_fetch_rate;
  net.budget = p.budget;
  index_reach(p, net);
  return net;
}

// c -> the targets it reaches, deduplicated and ascending (for Frank–Wolfe, which works per
// credential).
std::vector<std::vector<int>> reach_lists(const Network& net) {
  std::vector<std::vector<int>> reach(net.credentials());
  for (int t = 0; t < net.targets(); ++t) {
    for (int c : net.reached_by(t)) reach[c].push_back(t);
  }
  return reach;
}

// The largest θ with Σ_X max(m_t, θ w_t) ≤ ρ; +inf when no target of X grows (w = 0 for all),
// 0 when even the lower bounds exceed ρ.
double level(const Network& net, const std::vector<int>& targets, double rho) {
  double pinned = 0;
  std::vector<std::pair<double, int>> grow;  // (θ at which t leaves its lower bound, t)
  for (int t : targets) {
    if (net.weight[t] > 0) {
      grow.emplace_back(net.floor[t] / net.weight[t], t);
    } else {
      pinned += net.floor[t];
    }
  }
  if (grow.empty()) return kInf;
  std::sort(grow.begin(), grow.end());
  const std::size_t n = grow.size();
  // Suffix sums rather than a running difference, so no cancellation builds up.
  std::vector<double> still_pinned(n + 1, 0.0);
  for (std::size_t i = n; i-- > 0;) still_pinned[i] = still_pinned[i + 1] + net.floor[grow[i].second];
  double active = 0;  // Σ w over targets above their lower bound
  for (std::size_t i = 0; i < n; ++i) {
    const double base = pinned + still_pinned[i];
    if (active > 0) {
      const double theta = (rho - base) / active;
      if (theta <= grow[i].first) return std::max(theta, 0.0);
    } else if (base > rho) {
      return 0;
    }
    active += net.weight[grow[i].second];
  }
  return std::max((rho - pinned) / active, 0.0);
}

struct Sub {
  std::vector<int> targets, creds;
  bool connected = false;  // known to be one connected component (so not to be split into them)
};

struct LocalEdge {
  int cred, target;  // indices into Sub::creds, Sub::targets
};

// Flow network source → credentials (r_c) → targets (∞) → sink (demand) of one sub-problem.
class SubFlow {
 public:
  SubFlow(const Network& net, const Sub& sub, const std::vector<LocalEdge>& edges,
          const std::vector<double>& demand)
      : creds_(static_cast<int>(sub.creds.size())),
        flow_(creds_ + static_cast<int>(sub.targets.size()) + 2, edges.size() + sub.creds.size() + sub.targets.size()) {
    const int source = 0, sink = creds_ + static_cast<int>(sub.targets.size()) + 1;
    double capacity = 0;
    for (int i = 0; i < creds_; ++i) {
      flow_.add_edge(source, 1 + i, net.budget[sub.creds[i]]);
      capacity += net.budget[sub.creds[i]];
    }
    first_edge_ = creds_;  // edge ids count up from 0 in the order added
    for (const LocalEdge& e : edges) flow_.add_edge(1 + e.cred, 1 + creds_ + e.target, kInf);
    for (std::size_t j = 0; j < demand.size(); ++j) {
      flow_.add_edge(1 + creds_ + static_cast<int>(j), sink, demand[j]);
      demanded_ += demand[j];
    }
    scale_ = std::max(capacity, demanded_);
    eps_ = kFlowEps * scale_;
    delivered_ = flow_.run(source, sink, eps_);
  }

  bool saturated(double tolerance) const { return delivered_ >= demanded_ - tolerance * scale_; }
  double delivered() const { return delivered_; }
  double on_edge(std::size_t i) const { return flow_.flow(first_edge_ + static_cast<int>(i)); }
  // Targets the source cannot reach in the residual graph: the maximal most-violated set.
  std::vector<char> cut_off(std::size_t targets) const {
    const auto seen = flow_.reachable_from(0, eps_);
    std::vector<char> out(targets);
    for (std::size_t j = 0; j < targets; ++j) out[j] = !seen[1 + creds_ + j];
    return out;
  }

 private:
  int creds_;
  MaxFlow flow_;
  int first_edge_ = 0;  // id of the edge for edges[0]; edges[i] has id first_edge_ + i
  double demanded_ = 0, delivered_ = 0, scale_ = 0, eps_ = 0;
};

class Solver {
 public:
  explicit Solver(const Network& net)
      : net_(net), slot_(net.credentials(), -1), fetch_(net.targets(), 0.0), x_(net.credentials()) {}

  Sub everything() const {
    Sub all;
    all.targets.resize(net_.targets());
    all.creds.resize(net_.credentials());
    std::iota(all.targets.begin(), all.targets.end(), 0);
    std::iota(all.creds.begin(), all.creds.end(), 0);
    return all;
  }

  void decompose(Sub all) {
    std::vector<Sub> work;
    work.push_back(std::move(all));
    while (!work.empty()) {
      Sub sub = std::move(work.back());
      work.pop_back();
      const auto edges = local_edges(sub);
      if (!sub.connected) {
        auto parts = components(sub, edges);
        if (parts.size() != 1 || parts[0].creds.size() < sub.creds.size()) {
          for (auto& part : parts) work.push_back(std::move(part));
          continue;
        }
      }
      fix_or_split(sub, edges, work);
    }
  }

  // Routes as much of `demand` (one per target of `sub`) as fits and keeps it; false if short.
  bool route_and_keep(const Sub& sub, const std::vector<double>& demand, double tolerance) {
    const auto edges = local_edges(sub);
    const SubFlow flow(net_, sub, edges, demand);
    keep(sub, edges, flow);
    return flow.saturated(tolerance);
  }

  const std::vector<double>& fetch_rate() const { return fetch_; }
  std::vector<std::vector<std::pair<int, double>>>& per_credential() { return x_; }

 private:
  std::vector<LocalEdge> local_edges(const Sub& sub) {
    for (std::size_t i = 0; i < sub.creds.size(); ++i) slot_[sub.creds[i]] = static_cast<int>(i);
    std::vector<LocalEdge> edges;
    for (std::size_t j = 0; j < sub.targets.size(); ++j) {
      for (int c : net_.reached_by(sub.targets[j])) {
        if (slot_[c] >= 0) edges.push_back({slot_[c], static_cast<int>(j)});
      }
    }
    for (int c : sub.creds) slot_[c] = -1;
    return edges;
  }

  // Connected components that contain a target; credentials reaching nothing here are dropped.
  // The union-find runs over the credentials alone (each target joins those reaching it), so its
  // parent array stays in cache however many targets there are.
  static std::vector<Sub> components(const Sub& sub, const std::vector<LocalEdge>& edges) {
    const int nc = static_cast<int>(sub.creds.size());
    std::vector<int> parent(nc);
    std::iota(parent.begin(), parent.end(), 0);
    auto root = [&](int v) {
      while (parent[v] != v) v = parent[v] = parent[parent[v]];
      return v;
    };
    std::vector<int> joined(sub.targets.size(), -1);  // target -> a credential reaching it
    for (const LocalEdge& e : edges) {
      int& first = joined[e.target];
      if (first < 0) {
        first = e.cred;
      } else {
        parent[root(e.cred)] = root(first);
      }
    }
    std::vector<int> part_of(nc, -1);  // credential root -> part
    std::vector<Sub> parts;
    for (std::size_t j = 0; j < sub.targets.size(); ++j) {
      int p = -1;  // a target that no credential reaches is a part of its own
      if (joined[j] >= 0) p = part_of[root(joined[j])];
      if (p < 0) {
        p = static_cast<int>(parts.size());
        parts.push_back({.targets = {}, .creds = {}, .connected = true});
        if (joined[j] >= 0) part_of[root(joined[j])] = p;
      }
      parts[p].targets.push_back(sub.targets[j]);
    }
    for (int i = 0; i < nc; ++i) {
      const int p = part_of[root(i)];
      if (p >= 0) parts[p].creds.push_back(sub.creds[i]);
    }
    return parts;
  }

  void fix_or_split(const Sub& sub, const std::vector<LocalEdge>& edges, std::vector<Sub>& work) {
    double rho = 0;
    for (int c : sub.creds) rho += net_.budget[c];
    const double theta = level(net_, sub.targets, rho);
    std::vector<double> demand(sub.targets.size());
    for (std::size_t j = 0; j < demand.size(); ++j) {
      const int t = sub.targets[j];
      demand[j] = std::isinf(theta) ? net_.floor[t] : std::max(net_.floor[t], theta * net_.weight[t]);
    }
    const SubFlow flow(net_, sub, edges, demand);
    if (std::isinf(theta) || flow.saturated(kSaturated) || !split(sub, edges, flow, work)) {
      keep(sub, edges, flow);
    }
  }

  // Restriction to the cut-off set A (with N(A)) and contraction to the rest (without N(A)).
  static bool split(const Sub& sub, const std::vector<LocalEdge>& edges, const SubFlow& flow,
                    std::vector<Sub>& work) {
    const auto in_a = flow.cut_off(sub.targets.size());
    const auto count = std::count(in_a.begin(), in_a.end(), 1);
    if (count == 0 || count == static_cast<long>(in_a.size())) return false;  // rounding; keep as is
    std::vector<char> serves_a(sub.creds.size(), 0);
    for (const LocalEdge& e : edges) serves_a[e.cred] |= in_a[e.target];
    Sub low, high;
    for (std::size_t j = 0; j < sub.targets.size(); ++j) (in_a[j] ? low : high).targets.push_back(sub.targets[j]);
    for (std::size_t i = 0; i < sub.creds.size(); ++i) (serves_a[i] ? low : high).creds.push_back(sub.creds[i]);
    work.push_back(std::move(low));
    work.push_back(std::move(high));
    return true;
  }

  void keep(const Sub& sub, const std::vector<LocalEdge>& edges, const SubFlow& flow) {
    for (std::size_t i = 0; i < edges.size(); ++i) {
      const double x = flow.on_edge(i);
      if (!(x > 0)) continue;
      const int c = sub.creds[edges[i].cred], t = sub.targets[edges[i].target];
      x_[c].emplace_back(t, x);
      fetch_[t] += x;
    }
  }

  const Network& net_;
  std::vector<int> slot_;  // scratch: credential -> index in the current Sub, or -1
  std::vector<double> fetch_;
  std::vector<std::vector<std::pair<int, double>>> x_;
};

// The decomposition of the whole network: the optimum under net's lower bounds when they are
// feasible.
Solver optimum(const Network& net) {
  Solver solver(net);
  solver.decompose(solver.everything());
  return solver;
}

bool any_floor(const Network& net) {
  return std::any_of(net.floor.begin(), net.floor.end(), [](double m) { return m > 0; });
}

double met_fraction(const Network& net, const std::vector<double>& fetch) {
  double fraction = 1;
  for (int t = 0; t < net.targets(); ++t) {
    if (net.floor[t] > 0) fraction = std::min(fraction, fetch[t] / net.floor[t]);
  }
  return fraction;
}

// min_t f_t / m_t over the lexicographically fairest split with f ∝ m: the largest common
// fraction of every lower bound that the network can carry.
double lower_bound_fraction(const Network& net) {
  Network fair = net;
  fair.weight = net.floor;
  std::fill(fair.floor.begin(), fair.floor.end(), 0.0);
  return met_fraction(net, optimum(fair).fetch_rate());
}

bool floors_fit(const Network& net) {
  Solver solver(net);
  return solver.route_and_keep(solver.everything(), net.floor, kFeasible);
}

// Whether `fetch`, carried by a flow within the budgets, meets the lower bounds by floors_fit()'s
// measure: short by at most kFeasible of the larger of Σ r_c and Σ m_t in all. Part of that flow
// then delivers min(f_t, m_t) to each target, so floors_fit()'s maximum flow would pass too.
bool meets_floors(const Network& net, const std::vector<double>& fetch) {
  double short_by = 0, demanded = 0;
  for (int t = 0; t < net.targets(); ++t) {
    short_by += std::max(0.0, net.floor[t] - fetch[t]);
    demanded += net.floor[t];
  }
  const double capacity = std::accumulate(net.budget.begin(), net.budget.end(), 0.0);
  return short_by <= kFeasible * std::max(capacity, demanded);
}

// Frank–Wolfe over the budgets left after the reserved lower-bound flow: y[c][i] is the free
// rate credential c sends to reach[c][i].
class FrankWolfe {
 public:
  FrankWolfe(const Network& net, const std::vector<double>& reserved,
             const std::vector<std::vector<std::pair<int, double>>>& reserved_x)
      : net_(net), reach_(reach_lists(net)), reserved_(reserved), free_(net.targets(), 0.0), vertex_(net.targets()) {
    // Start evenly spread, so every reachable target keeps a positive share through all the
    // convex combinations that follow.
    for (int c = 0; c < net.credentials(); ++c) {
      double used = 0;
      for (const auto& [t, v] : reserved_x[c]) used += v;
      const auto& reach = reach_[c];
      spare_.push_back(reach.empty() ? 0.0 : std::max(0.0, net.budget[c] - used));
      y_.emplace_back(reach.size(), reach.empty() ? 0.0 : spare_[c] / reach.size());
      for (int t : reach) free_[t] += y_[c][0];
    }
  }

  // Each credential's whole spare budget moves a fraction `step` toward its best target.
  void step(double step) {
    std::fill(vertex_.begin(), vertex_.end(), 0.0);
    for (int c = 0; c < net_.credentials(); ++c) {
      if (y_[c].empty()) continue;
      const std::size_t best = best_target(c);
      for (double& v : y_[c]) v *= 1 - step;
      y_[c][best] += step * spare_[c];
      vertex_[reach_[c][best]] += spare_[c];
    }
    for (std::size_t t = 0; t < free_.size(); ++t) free_[t] = (1 - step) * free_[t] + step * vertex_[t];
  }

  // Reserved plus free flow per credential; fills `fetch` with the resulting f_t.
  std::vector<std::vector<std::pair<int, double>>> combined(
      const std::vector<std::vector<std::pair<int, double>>>& reserved_x, std::vector<double>& fetch) const {
    fetch.assign(net_.targets(), 0.0);
    std::vector<double> row(net_.targets(), 0.0);
    std::vector<std::vector<std::pair<int, double>>> x(net_.credentials());
    for (int c = 0; c < net_.credentials(); ++c) {
      for (const auto& [t, v] : reserved_x[c]) row[t] += v;
      for (std::size_t i = 0; i < y_[c].size(); ++i) row[reach_[c][i]] += y_[c][i];
      for (int t : reach_[c]) {
        if (row[t] > 0) x[c].emplace_back(t, row[t]), fetch[t] += row[t];
        row[t] = 0;
      }
    }
    return x;
  }

 private:
  // The linear minimisation: the reachable target with the largest marginal gain λ/f².
  std::size_t best_target(int c) const {
    std::size_t best = 0;
    double best_gain = -1;
    for (std::size_t i = 0; i < reach_[c].size(); ++i) {
      const int t = reach_[c][i];
      const double f = reserved_[t] + free_[t], lambda = net_.weight[t] * net_.weight[t];
      const double gain = f > 0 ? lambda / (f * f) : (lambda > 0 ? kInf : 0.0);
      if (gain > best_gain) best_gain = gain, best = i;
    }
    return best;
  }

  const Network& net_;
  const std::vector<std::vector<int>> reach_;
  const std::vector<double>& reserved_;
  std::vector<double> free_, vertex_, spare_;
  std::vector<std::vector<double>> y_;
};

Allocation finish(const AllocationProblem& p, Allocation out, std::vector<double> fetch,
                  std::vector<std::vector<std::pair<int, double>>> x) {
  for (auto& row : x) std::sort(row.begin(), row.end());
  out.fetch_rate = std::move(fetch);
  out.per_credential = std::move(x);
  out.mean_delay_s = mean_delay(p.rate, out.fetch_rate);
  return out;
}

}  // namespace

double mean_delay(const std::vector<double>& rate, const std::vector<double>& fetch_rate) {
  double posts = 0, delay = 0;
  for (std::size_t t = 0; t < rate.size(); ++t) {
    if (!(rate[t] > 0)) continue;
    posts += rate[t];
    const double f = t < fetch_rate.size() ? fetch_rate[t] : 0.0;
    delay += f > 0 ? rate[t] / (2 * f) : kInf;
  }
  return posts > 0 ? delay / posts : 0.0;
}

Allocation solve_allocation(const AllocationProblem& p) {
  Network net = validate(p);
  Allocation out;
  {
    // Optimistically: the decomposition under the bounds as given. When its optimum meets
    // them (the usual case) that proves them feasible, which saves the max-flow over the
    // whole network that floors_fit() costs; only a shortfall needs floors_fit()'s verdict.
    Solver solver = optimum(net);
    if (!any_floor(net) || meets_floors(net, solver.fetch_rate()) || floors_fit(net)) {
      return finish(p, out, solver.fetch_rate(), std::move(solver.per_credential()));
    }
  }
  out.feasible = false;
  out.lower_bound_fraction = lower_bound_fraction(net);
  // Shaved a little so the scaled bounds fit despite rounding in the fraction.
  const double scale = out.lower_bound_fraction * (1 - kFeasible);
  for (double& m : net.floor) m *= scale;
  Solver solver = optimum(net);
  return finish(p, out, solver.fetch_rate(), std::move(solver.per_credential()));
}

Allocation frank_wolfe_allocation(const AllocationProblem& p, int iterations) {
  const Network net = validate(p);
  Allocation out;
  Solver reserve(net);  // the lower bounds' share, fixed throughout
  if (any_floor(net) && !reserve.route_and_keep(reserve.everything(), net.floor, kFeasible)) {
    out.feasible = false;
    out.lower_bound_fraction = met_fraction(net, reserve.fetch_rate());
  }
  FrankWolfe fw(net, reserve.fetch_rate(), reserve.per_credential());
  for (int k = 1; k <= iterations; ++k) fw.step(2.0 / (k + 2));
  std::vector<double> fetch;
  auto x = fw.combined(reserve.per_credential(), fetch);
  return finish(p, out, std::move(fetch), std::move(x));
}

}  // namespace gather
