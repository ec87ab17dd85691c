// Each target on its own interval (pinned, or the default), with jitter so that targets added
// together drift apart instead of hitting a platform in bursts.
#pragma once

#include <map>
#include <random>
#include <set>
#include <unordered_map>

#include "schedule/fetch_planner.h"

namespace gather {

struct IntervalPlannerOptions {
  std::chrono::milliseconds default_interval{std::chrono::minutes{5}};
  double jitter = 0.1;  // each interval is drawn uniformly from interval * [1 - j, 1 + j]
  std::chrono::milliseconds max_backoff{std::chrono::hours{1}};
  std::uint64_t seed = 1;
};

class IntervalPlanner final : public FetchPlanner {
 public:
  explicit IntervalPlanner(IntervalPlannerOptions options = {});
  void add(const Target& target, std::optional<TimePoint> first_due, TimePoint now) override;
  void remove(Id target) override;
  std::optional<TimePoint> next_due() const override;
  std::vector<Id> take_due(TimePoint now, std::size_t limit) override;
  TimePoint on_result(Id target, const FetchReport& report, TimePoint now) override;
  std::size_t size() const override { return entries_.size(); }

  // The un-jittered wait after a report: the interval, stretched by backoff or Retry-After.
  std::chrono::milliseconds base_wait(Id target, const FetchReport& report) const;

 private:
  struct Entry {
    std::chrono::milliseconds interval;
    std::optional<TimePoint> due;  // nullopt while being fetched
  };
  void schedule(Id target, TimePoint due);

  IntervalPlannerOptions options_;
  std::unordered_map<Id, Entry> entries_;
  std::set<std::pair<TimePoint, Id>> queue_;  // (due, target): O(log n) per decision
  std::mt19937_64 rng_;
};

}  // namespace gather
