#include "sim/scheduling/runner.h"

#include <boost/json.hpp>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <stdexcept>

#include "schedule/allocation.h"
#include "sim/scheduling/world.h"

namespace gather::simsched {

namespace {

constexpr std::int64_t kMaxRequests = 100'000'000;

// Nearest-rank percentile of sorted values.
double percentile(const std::vector<double>& sorted, double q) {
  if (sorted.empty()) return 0;
  auto rank = static_cast<std::size_t>(std::ceil(q * static_cast<double>(sorted.size())));
  return sorted[std::clamp<std::size_t>(rank, 1, sorted.size()) - 1];
}

}  // namespace

SimResult run_simulation(const Scenario& s, policy::Policy& p, bool oracle) {
  using Clock = std::chrono::steady_clock;
  SimResult r;
  r.policy = std::string(p.name());
  SimPlatform platform(s);
  const policy::TimePoint start{};
  policy::World world = to_world(s, oracle, start);
  const auto secs = [&](policy::TimePoint tp) { return std::chrono::duration<double>(tp - start).count(); };
  const auto nt = static_cast<int>(s.targets.size());
  const auto nc = static_cast<int>(s.credentials.size());
  std::vector<double> last_ok(s.targets.size(), 0.0);

  auto wall0 = Clock::now();
  p.start(world);
  policy::TimePoint now = start;
  while (auto f = p.next(now)) {
    if (f->at < now) throw std::logic_error("policy '" + r.policy + "' asked for a fetch in the past");
    double at = secs(f->at);
    if (at > s.duration_s) break;
    if (f->target < 0 || f->target >= nt || f->credential < 0 || f->credential >= nc)
      throw std::logic_error("policy '" + r.policy + "' named an unknown target or credential");
    const auto& reach = s.credentials[f->credential].reach;
    if (!std::binary_search(reach.begin(), reach.end(), f->target))
      throw std::logic_error("policy '" + r.policy + "' used credential '" + s.credentials[f->credential].id +
                             "' on target '" + s.targets[f->target].id + "' it cannot reach");
    if (++r.requests > kMaxRequests) throw std::logic_error("policy '" + r.policy + "' exceeded 100 million requests");
    now = f->at;
    FetchOutcome o = platform.fetch(f->target, f->credential, at, f->page);
    if (o.status == policy::FetchStatus::ok) {
      r.max_target_gap_s = std::max(r.max_target_gap_s, at - last_ok[f->target]);
      last_ok[f->target] = at;
    } else {
      ++r.failed_requests;
    }
    p.on_result({*f, o.status, o.new_posts, o.page_full, o.retry_after_s});
  }
  r.wall_s = std::chrono::duration<double>(Clock::now() - wall0).count();
  for (int t = 0; t < nt; ++t) r.max_target_gap_s = std::max(r.max_target_gap_s, s.duration_s - last_ok[t]);

  std::vector<double> delays;
  double live_sum = 0, polled_sum = 0;
  std::int64_t live_n = 0, polled_n = 0;
  for (int t = 0; t < nt; ++t) {
    const auto& posts = platform.posts(t);
    const auto& reached = platform.first_reach(t);
    const bool live = s.targets[t].live;
    r.posts += static_cast<std::int64_t>(posts.size());
    if (live) r.live_posts += static_cast<std::int64_t>(posts.size());
    for (std::size_t j = 0; j < posts.size(); ++j) {
      if (!std::isnan(reached[j])) {
        double d = reached[j] - posts[j];
        delays.push_back(d);
        (live ? live_sum : polled_sum) += d;
        ++(live ? live_n : polled_n);
      } else if (posts[j] <= last_ok[t]) ++r.missed;  // a later fetch came and did not bring it
      else ++r.unread_at_end;
    }
  }
  r.detected = static_cast<std::int64_t>(delays.size());
  std::sort(delays.begin(), delays.end());
  double sum = 0;
  for (double d : delays) sum += d;
  r.mean_delay_s = delays.empty() ? 0 : sum / static_cast<double>(delays.size());
  r.p50_delay_s = percentile(delays, 0.50);
  r.p99_delay_s = percentile(delays, 0.99);
  r.max_delay_s = delays.empty() ? 0 : delays.back();
  r.violations = platform.violations();
  r.bans = platform.bans();
  r.flood_waits = platform.flood_waits();
  r.requests_in_flood = platform.requests_in_flood();
  r.resolves = platform.resolves();
  r.failed_resolves = platform.failed_resolves();
  r.mean_delay_live_s = live_n > 0 ? live_sum / static_cast<double>(live_n) : 0;
  r.mean_delay_polled_s = polled_n > 0 ? polled_sum / static_cast<double>(polled_n) : 0;
  r.floor_mean_delay_s = floor_mean_delay_s(s);
  r.ratio_to_floor = r.floor_mean_delay_s > 0 ? r.mean_delay_s / r.floor_mean_delay_s : 0;
  return r;
}

double floor_mean_delay_s(const Scenario& s) {
  // Targets some credential can deliver, and each credential's useful reach in their numbering.
  std::vector<int> index(s.targets.size(), -1);
  std::vector<int> included;
  std::vector<std::vector<int>> reach(s.credentials.size());
  for (std::size_t c = 0; c < s.credentials.size(); ++c)
    for (int t : s.credentials[c].reach)
      if (s.delivers(static_cast<int>(c), t)) {
        if (index[t] < 0) {
          index[t] = static_cast<int>(included.size());
          included.push_back(t);
        }
        reach[c].push_back(index[t]);
      }
  if (included.empty()) return 0;

  double weighted = 0, weight = 0;
  for (double a = 0; a < s.duration_s; a += 3600) {
    double b = std::min(a + 3600, s.duration_s);
    AllocationProblem p;
    // A live target's posts arrive at publication (delay 0): it takes only its safety-net
    // fetches (the lower bound) and adds its posts to the weight at zero delay.
    double live_posts = 0;
    for (int t : included) {
      double rate = s.mean_rate(t, a, b);
      if (s.targets[t].live) live_posts += rate * (b - a);
      p.rate.push_back(s.targets[t].live ? 0 : rate);
    }
    p.min_fetch_rate.assign(included.size(), 1.0 / s.max_interval_s);
    for (std::size_t c = 0; c < s.credentials.size(); ++c) {
      const auto& cred = s.credentials[c];
      double alive = 1;
      if (cred.expires_at_s) alive = std::clamp((*cred.expires_at_s - a) / (b - a), 0.0, 1.0);
      p.budget.push_back(cred.budget_per_s() * alive);
      p.reach.push_back(reach[c]);
    }
    Allocation sol = solve_allocation(p);
    if (!sol.feasible) {
      p.min_fetch_rate.clear();
      sol = solve_allocation(p);
    }
    double posts = 0;
    for (double x : p.rate) posts += x * (b - a);
    if (posts > 0 && !std::isfinite(sol.mean_delay_s)) continue;
    if (posts > 0) weighted += sol.mean_delay_s * posts;
    weight += posts + live_posts;
  }
  return weight > 0 ? weighted / weight : 0;
}

boost::json::object to_json(const SimResult& r) {
  boost::json::object o;
  o["policy"] = r.policy;
  o["posts"] = r.posts;
  o["detected"] = r.detected;
  o["missed"] = r.missed;
  o["unread_at_end"] = r.unread_at_end;
  o["mean_delay_s"] = r.mean_delay_s;
  o["p50_delay_s"] = r.p50_delay_s;
  o["p99_delay_s"] = r.p99_delay_s;
  o["max_delay_s"] = r.max_delay_s;
  o["requests"] = r.requests;
  o["violations"] = r.violations;
  o["bans"] = r.bans;
  o["failed_requests"] = r.failed_requests;
  o["flood_waits"] = r.flood_waits;
  o["requests_in_flood"] = r.requests_in_flood;
  o["resolves"] = r.resolves;
  o["failed_resolves"] = r.failed_resolves;
  o["live_posts"] = r.live_posts;
  o["mean_delay_live_s"] = r.mean_delay_live_s;
  o["mean_delay_polled_s"] = r.mean_delay_polled_s;
  o["max_target_gap_s"] = r.max_target_gap_s;
  o["floor_mean_delay_s"] = r.floor_mean_delay_s;
  o["ratio_to_floor"] = r.ratio_to_floor;
  o["wall_s"] = r.wall_s;
  return o;
}

}  // namespace gather::simsched
