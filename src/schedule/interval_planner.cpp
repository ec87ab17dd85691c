#include "schedule/interval_planner.h"

#include <algorithm>
#include <cmath>

namespace gather {

using std::chrono::milliseconds;

IntervalPlanner::IntervalPlanner(IntervalPlannerOptions options) : options_(options), rng_(options.seed) {}

void IntervalPlanner::add(const Target& target, std::optional<TimePoint> first_due, TimePoint now) {
  remove(target.id);
  entries_[target.id] = Entry{target.interval.value_or(options_.default_interval), std::nullopt};
  schedule(target.id, first_due ? std::max(*first_due, now) : now);
}

void IntervalPlanner::remove(Id target) {
  auto it = entries_.find(target);
  if (it == entries_.end()) return;
  if (it->second.due) queue_.erase({*it->second.due, target});
  entries_.erase(it);
}

std::optional<TimePoint> IntervalPlanner::next_due() const {
  if (queue_.empty()) return std::nullopt;
  return queue_.begin()->first;
}

std::vector<Id> IntervalPlanner::take_due(TimePoint now, std::size_t limit) {
  std::vector<Id> out;
  while (!queue_.empty() && out.size() < limit && queue_.begin()->first <= now) {
    Id id = queue_.begin()->second;
    queue_.erase(queue_.begin());
    entries_[id].due.reset();
    out.push_back(id);
  }
  return out;
}

milliseconds IntervalPlanner::base_wait(Id target, const FetchReport& report) const {
  auto it = entries_.find(target);
  milliseconds interval = it == entries_.end() ? options_.default_interval : it->second.interval;
  switch (report.kind) {
    case FetchReport::Kind::kNewPosts:
    case FetchReport::Kind::kNothingNew:
      return interval;
    case FetchReport::Kind::kRateLimited:
    case FetchReport::Kind::kError: {
      // Doubling per consecutive error, capped; never sooner than the platform asked for.
      int exponent = std::clamp(report.consecutive_errors - 1, 0, 20);
      double stretched = static_cast<double>(interval.count()) * std::pow(2.0, exponent);
      milliseconds wait{static_cast<milliseconds::rep>(
          std::min(stretched, static_cast<double>(std::max(options_.max_backoff, interval).count())))};
      if (report.retry_after) wait = std::max(wait, milliseconds{*report.retry_after});
      return wait;
    }
  }
  return interval;
}

TimePoint IntervalPlanner::on_result(Id target, const FetchReport& report, TimePoint now) {
  milliseconds wait = base_wait(target, report);
  std::uniform_real_distribution<double> spread(1.0 - options_.jitter, 1.0 + options_.jitter);
  auto jittered = milliseconds{static_cast<milliseconds::rep>(static_cast<double>(wait.count()) * spread(rng_))};
  // Retry-After is a floor, jitter or not.
  if (report.retry_after) jittered = std::max(jittered, milliseconds{*report.retry_after});
  TimePoint due = now + jittered;
  if (entries_.count(target)) schedule(target, due);
  return due;
}

void IntervalPlanner::schedule(Id target, TimePoint due) {
  auto& entry = entries_[target];
  if (entry.due) queue_.erase({*entry.due, target});
  entry.due = due;
  queue_.insert({due, target});
}

}  // namespace gather
