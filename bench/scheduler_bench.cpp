// The gather scheduler (src/schedule/) at the scale of 100,000 targets, 2,000 credentials and
// 1,000,000 reachability edges (each credential reaches 500 random targets of its platform; 30% of
// the targets are public, reached as well by their platform's anonymous credential; lognormal
// rates). Everything is drawn from a fixed seed, so every run sees the same world.
//
//   BM_SolveAllocation   solve_allocation() on the plan the policy would build (oracle rates, and
//                        the uniform prior a learning policy starts from).
//   BM_Start             GatherPolicy::start(world): copy the world, plan once, queue every target.
//                        Counters: heap the policy holds after start per target (its copy of the
//                        World included), that World copy alone, the difference (the scheduler's
//                        own state), and the peak heap during start.
//   BM_Dispatch          decisions per second of the next()/on_result() loop after start (start
//                        excluded), oracle and learning, with the default plan periods (periodic
//                        re-plans included, and reported without them) and with plan periods of
//                        1e12 s (a learning policy still re-plans on surprises; counted).
//
// Build and run (only this target; RelWithDebInfo, no sanitizers):
//   cmake -S . -B build -DCMAKE_BUILD_TYPE=RelWithDebInfo -DGATHER_SANITIZE=OFF
//   cmake --build build --target scheduler_bench -j2
//   build/bench/scheduler_bench                      # about a minute on 2 cores
//   build/bench/scheduler_bench --benchmark_filter=Dispatch
//   SCHEDULER_BENCH_ALL=1 build/bench/scheduler_bench    # adds learning with huge plan periods
#include <benchmark/benchmark.h>
#include <malloc.h>

#include <algorithm>
#include <array>
#include <atomic>
#include <chrono>
#include <cmath>
#include <cstdint>
#include <cstdlib>
#include <memory>
#include <new>
#include <numeric>
#include <string>
#include <vector>

#include "schedule/allocation.h"
#include "schedule/gather_policy.h"
#include "schedule/policy.h"

// ---- Heap accounting: bytes live (malloc_usable_size) through operator new, and their peak. ----

namespace {
std::atomic<long long> g_live{0};
std::atomic<long long> g_peak{0};

void count_alloc(void* p) {
  const auto n = static_cast<long long>(malloc_usable_size(p));
  const long long now = g_live.fetch_add(n, std::memory_order_relaxed) + n;
  long long peak = g_peak.load(std::memory_order_relaxed);
  while (now > peak && !g_peak.compare_exchange_weak(peak, now, std::memory_order_relaxed)) {
  }
}
void count_free(void* p) { g_live.fetch_sub(static_cast<long long>(malloc_usable_size(p)), std::memory_order_relaxed); }
}  // namespace

// Not inlined: inlined into a new/delete pair, g++ 12 mistakes free() for a mismatched delete.
[[gnu::noinline]] void* operator new(std::size_t n) {
  void* p = std::malloc(n ? n : 1);
  if (!p) throw std::bad_alloc();
  count_alloc(p);
  return p;
}
[[gnu::noinline]] void operator delete(void* p) noexcept {
  if (!p) return;
  count_free(p);
  std::free(p);
}
[[gnu::noinline]] void operator delete(void* p, std::size_t) noexcept { operator delete(p); }

namespace {

using gather::policy::CredentialInfo;
using gather::policy::FetchStatus;
using gather::policy::GatherOptions;
using gather::policy::GatherPolicy;
using gather::policy::Scope;
using gather::policy::TargetInfo;
using gather::policy::TrueRate;
using gather::policy::World;

constexpr int kTargets = 100'000;
constexpr int kCredentials = 2'000;  // plus one anonymous credential per platform
constexpr int kReachPerCredential = 500;
constexpr int kPlatforms = 2;
constexpr double kPublicFraction = 0.3;
constexpr double kMeanPostsPerHour = 2;
constexpr double kRateSigma = 1.5;  // lognormal spread of the post rates
constexpr std::uint64_t kSeed = 20240611;

// Heap in use by malloc (small chunks plus mmapped ones), overhead included.
long long heap_in_use() {
  const struct mallinfo2 m = mallinfo2();
  return static_cast<long long>(m.uordblks + m.hblkhd);
}

// splitmix64: the same stream on every platform and standard library.
class Rng {
 public:
  explicit Rng(std::uint64_t seed) : s_(seed) {}
  std::uint64_t next() {
    std::uint64_t z = (s_ += 0x9e3779b97f4a7c15ULL);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
  }
  double uniform() { return static_cast<double>(next() >> 11) * 0x1.0p-53; }  // [0, 1)
  int below(int n) { return static_cast<int>(uniform() * n); }
  double normal() {  // Box–Muller
    const double u = 1 - uniform(), v = uniform();
    return std::sqrt(-2 * std::log(u)) * std::cos(2 * 3.141592653589793 * v);
  }

 private:
  std::uint64_t s_;
};

struct Fixture {
  World world;                     // with true_rates (oracle); learning runs copy it without
  std::size_t edges = 0;
};

Fixture build() {
  Fixture fx;
  World& w = fx.world;
  w.start = std::chrono::system_clock::time_point(std::chrono::seconds(1'750'000'000));
  w.max_interval_s = 3600;
  w.page_size = 20;
  for (int p = 0; p < kPlatforms; ++p) w.platforms.push_back("p" + std::to_string(p));

  Rng rng(kSeed);
  std::vector<std::vector<int>> of_platform(kPlatforms);
  std::vector<double> rate(kTargets);
  double sum = 0;
  w.targets.resize(kTargets);
  for (int t = 0; t < kTargets; ++t) {
    TargetInfo& ti = w.targets[t];
    ti.platform = t % kPlatforms;
    ti.id = "p" + std::to_string(ti.platform) + "/t" + std::to_string(t);
    ti.is_public = rng.uniform() < kPublicFraction;
    ti.subscriber_tenants = {"tenant" + std::to_string(rng.below(50))};
    of_platform[ti.platform].push_back(t);
    rate[t] = std::exp(kRateSigma * rng.normal());
    sum += rate[t];
  }
  std::vector<TrueRate> truth(kTargets);
  for (int t = 0; t < kTargets; ++t) {
    truth[t].per_s = rate[t] * kMeanPostsPerHour / 3600 * kTargets / sum;
    truth[t].diurnal = 0.3;
  }
  w.true_rates = std::move(truth);

  // Authenticated credentials: 10 requests a minute, 500 distinct targets of their platform.
  std::vector<int> mark(kTargets, -1);
  w.credentials.resize(kCredentials + kPlatforms);
  for (int c = 0; c < kCredentials; ++c) {
    CredentialInfo& ci = w.credentials[c];
    ci.id = "c" + std::to_string(c);
    ci.platform = c % kPlatforms;
    ci.tenant = "tenant" + std::to_string(c % 50);
    ci.scope = Scope::shared;
    ci.requests = 10;
    ci.window_s = 60;
    const auto& pool = of_platform[ci.platform];
    ci.reach.reserve(kReachPerCredential);
    while (static_cast<int>(ci.reach.size()) < kReachPerCredential) {
      const int t = pool[rng.below(static_cast<int>(pool.size()))];
      if (mark[t] == c) continue;
      mark[t] = c;
      ci.reach.push_back(t);
    }
    fx.edges += ci.reach.size();
  }
  // One anonymous budget per platform over its public targets: 30 requests a minute.
  for (int p = 0; p < kPlatforms; ++p) {
    CredentialInfo& ci = w.credentials[kCredentials + p];
    ci.id = "anon-p" + std::to_string(p);
    ci.platform = p;
    ci.scope = Scope::anonymous;
    ci.requests = 30;
    ci.window_s = 60;
    for (int t : of_platform[p])
      if (w.targets[t].is_public) ci.reach.push_back(t);
    fx.edges += ci.reach.size();
  }
  of_platform = {};
  rate = {};
  mark = {};
  return fx;
}

const Fixture& fixture() {
  static const Fixture fx = build();
  return fx;
}

const World& world_for(bool oracle) {
  if (oracle) return fixture().world;
  static const World learning = [] {
    World w = fixture().world;
    w.true_rates.reset();
    return w;
  }();
  return learning;
}

// The problem GatherPolicy::plan builds at time 0: every credential with its delivering reach
// (all are shared or anonymous here), budgets at 0.98, the targets some credential reaches (numbered
// in order of first appearance, as plan() does), min rate 1/(0.85 · max_interval), and either the
// true mean rate or the prior a learning policy starts from.
gather::AllocationProblem problem(bool oracle) {
  const World& w = fixture().world;
  const GatherOptions o;
  gather::AllocationProblem p;
  std::vector<int> index(kTargets, -1), included;
  for (const auto& ci : w.credentials) {
    std::vector<int> reach;
    reach.reserve(ci.reach.size());
    for (int t : ci.reach) {
      if (index[t] < 0) {
        index[t] = static_cast<int>(included.size());
        included.push_back(t);
      }
      reach.push_back(index[t]);
    }
    p.budget.push_back(o.budget_safety * ci.budget_per_s());
    p.reach.push_back(std::move(reach));
  }
  for (int t : included) p.rate.push_back(oracle ? (*w.true_rates)[t].per_s : o.prior_rate_per_s);
  p.min_fetch_rate.assign(included.size(), 1 / (o.gap_margin * w.max_interval_s));
  return p;
}

void set_scale_counters(benchmark::State& state) {
  state.counters["targets"] = kTargets;
  state.counters["credentials"] = static_cast<double>(fixture().world.credentials.size());
  state.counters["edges"] = static_cast<double>(fixture().edges);
}

// ---- (1) the planner ----

void BM_SolveAllocation(benchmark::State& state) {
  const bool oracle = state.range(0) != 0;
  state.SetLabel(oracle ? "oracle rates" : "prior rates");
  const auto p = problem(oracle);
  double delay = 0;
  bool feasible = true;
  for (auto _ : state) {
    auto a = gather::solve_allocation(p);
    delay = a.mean_delay_s;
    feasible = a.feasible;
    benchmark::DoNotOptimize(a);
  }
  set_scale_counters(state);
  state.counters["mean_delay_s"] = delay;
  state.counters["feasible"] = feasible;
}
BENCHMARK(BM_SolveAllocation)->ArgName("oracle")->Arg(1)->Arg(0)->Unit(benchmark::kMillisecond)->Iterations(3);

// ---- (1) start, and (3) memory per target ----

// Heap growth of a copy of `w`: what the policy's own copy of its input costs.
long long world_copy_bytes(const World& w) {
  const long long before = heap_in_use();
  auto copy = std::make_unique<World>(w);
  const long long grown = heap_in_use() - before;
  benchmark::DoNotOptimize(copy);
  return grown;
}

void BM_Start(benchmark::State& state) {
  const bool oracle = state.range(0) != 0;
  state.SetLabel(oracle ? "oracle" : "learning");
  const World& world = world_for(oracle);
  long long state_bytes = 0, peak_bytes = 0;
  for (auto _ : state) {
    state.PauseTiming();
    const long long before = heap_in_use();
    const long long live_before = g_live.load();
    g_peak.store(live_before);
    state.ResumeTiming();

    auto policy = std::make_unique<GatherPolicy>();
    policy->start(world);

    state.PauseTiming();
    state_bytes = heap_in_use() - before;
    peak_bytes = g_peak.load() - live_before;
    policy.reset();
    state.ResumeTiming();
  }
  const auto copy = static_cast<double>(world_copy_bytes(world));
  set_scale_counters(state);
  state.counters["world_B/target"] = copy / kTargets;
  state.counters["state_B/target"] = static_cast<double>(state_bytes) / kTargets;
  state.counters["state_minus_world_B/target"] = (static_cast<double>(state_bytes) - copy) / kTargets;
  state.counters["peak_in_start_B/target"] = static_cast<double>(peak_bytes) / kTargets;
}
BENCHMARK(BM_Start)->ArgName("oracle")->Arg(1)->Arg(0)->Unit(benchmark::kMillisecond)->Iterations(2);

// ---- (2) the dispatcher ----

// Re-plans are seen from outside through planned_rate(): plan() recomputes every target's rate,
// and the busiest targets' rates move with every plan (the oracle's diurnal mean differs from one
// period to the next; learned estimates drift). A step of the loop (on_result, then next) during
// which one of these sampled rates changed contained a re-plan; its wall time is the re-plan's.
constexpr int kSamples = 8;
// Virtual time after which a learning policy is past its first round (every target due within
// first_round_s, far more than the budgets can serve at once) and its early surprise re-plans.
constexpr double kSettled_s = 1800;

struct Tally {
  long long decisions = 0, replans = 0;
  double wall_s = 0, replan_s = 0;
  double rate() const { return wall_s > 0 ? static_cast<double>(decisions) / wall_s : 0; }
  double dispatch_rate() const {
    return wall_s > replan_s ? static_cast<double>(decisions) / (wall_s - replan_s) : 0;
  }
};

void BM_Dispatch(benchmark::State& state) {
  const bool oracle = state.range(0) != 0;
  const bool huge_periods = state.range(1) != 0;
  const auto decisions = state.range(2);
  state.SetLabel(std::string(oracle ? "oracle" : "learning") + (huge_periods ? ", plan periods 1e12 s" : ", default plan periods"));
  const World& world = world_for(oracle);
  const auto& truth = *fixture().world.true_rates;

  // The driver's side: posts arrive at the true mean rate, carried over in fractions so every
  // fetch sees a whole number (no RNG in the loop); a page holds page_size posts.
  std::vector<double> carry(kTargets, 0), seen(kTargets, 0);
  std::vector<int> samples(kTargets);
  std::iota(samples.begin(), samples.end(), 0);
  std::partial_sort(samples.begin(), samples.begin() + kSamples, samples.end(),
                    [&](int x, int y) { return truth[x].per_s > truth[y].per_s; });
  samples.resize(kSamples);
  std::array<double, kSamples> sampled{};

  GatherOptions o;
  if (huge_periods) o.plan_period_s = o.learn_plan_period_s = 1e12;
  const long long before = heap_in_use();
  auto policy = std::make_unique<GatherPolicy>(o);
  policy->start(world);
  const long long after_start = heap_in_use() - before;
  for (int k = 0; k < kSamples; ++k) sampled[k] = policy->planned_rate(samples[k]);

  auto now = world.start;
  double virtual_s = 0;
  Tally all, early, settled;
  for (auto _ : state) {
    using clock = std::chrono::steady_clock;
    auto prev = clock::now();
    for (long long i = 0; i < decisions; ++i) {
      auto f = policy->next(now);
      if (!f) break;
      now = f->at;
      const double s = std::chrono::duration<double>(now - world.start).count();
      const int t = f->target;
      carry[t] += truth[t].per_s * (s - seen[t]);
      seen[t] = s;
      int posts = static_cast<int>(carry[t]);
      carry[t] -= posts;
      const bool full = posts >= world.page_size;
      if (full) posts = world.page_size;
      policy->on_result({*f, FetchStatus::ok, posts, full});

      const auto tick = clock::now();
      const double step = std::chrono::duration<double>(tick - prev).count();
      prev = tick;
      bool replanned = false;
      for (int k = 0; k < kSamples; ++k) {
        const double r = policy->planned_rate(samples[k]);
        if (r != sampled[k]) replanned = true;
        sampled[k] = r;
      }
      for (Tally* tally : {&all, s < kSettled_s ? &early : &settled}) {
        ++tally->decisions;
        tally->wall_s += step;
        if (replanned) ++tally->replans, tally->replan_s += step;
      }
    }
    virtual_s = std::chrono::duration<double>(now - world.start).count();
  }
  const long long after_run = heap_in_use() - before;
  set_scale_counters(state);
  state.counters["decisions"] = static_cast<double>(all.decisions);
  state.counters["virtual_s"] = virtual_s;
  // On CPU time (the Time column is wall time; the machine may be shared).
  state.counters["decisions/s"] = benchmark::Counter(static_cast<double>(all.decisions), benchmark::Counter::kIsRate);
  // The rest on wall time: all steps, and all but those that contained a re-plan.
  state.counters["wall_decisions/s"] = all.rate();
  state.counters["dispatch_only/s"] = all.dispatch_rate();
  state.counters["replans"] = static_cast<double>(all.replans);
  state.counters["replan_ms"] = all.replans ? 1e3 * all.replan_s / static_cast<double>(all.replans) : 0;
  // The first half hour of virtual time (the learning policy's cold start), and the rest.
  state.counters["first30m_dispatch_only/s"] = early.dispatch_rate();
  state.counters["settled_decisions/s"] = settled.rate();
  state.counters["settled_dispatch_only/s"] = settled.dispatch_rate();
  state.counters["settled_replans"] = static_cast<double>(settled.replans);
  state.counters["state_B/target_start"] = static_cast<double>(after_start) / kTargets;
  state.counters["state_B/target_end"] = static_cast<double>(after_run) / kTargets;
}
// Args: oracle, huge plan periods, decisions. Learning with huge plan periods is opt-in (main):
// its first half hour costs as much as the default-period run (the early re-plans are the
// surprise-triggered ones, which no option turns off) and would double the run time.
BENCHMARK(BM_Dispatch)
    ->ArgNames({"oracle", "huge_periods", "decisions"})
    ->Args({1, 0, 1'500'000})
    ->Args({1, 1, 1'500'000})
    ->Args({0, 0, 1'000'000})
    ->Unit(benchmark::kMillisecond)
    ->Iterations(1);

}  // namespace

int main(int argc, char** argv) {
  benchmark::Initialize(&argc, argv);
  if (benchmark::ReportUnrecognizedArguments(argc, argv)) return 1;
  if (const char* all = std::getenv("SCHEDULER_BENCH_ALL"); all && *all && std::string(all) != "0") {
    benchmark::RegisterBenchmark("BM_Dispatch", BM_Dispatch)
        ->ArgNames({"oracle", "huge_periods", "decisions"})
        ->Args({0, 1, 700'000})
        ->Unit(benchmark::kMillisecond)
        ->Iterations(1);
  }
  benchmark::RunSpecifiedBenchmarks();
  benchmark::Shutdown();
  return 0;
}
