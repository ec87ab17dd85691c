#include "sim/schedule.h"

#include <algorithm>
#include <chrono>
#include <cmath>

#include "sim/rng.h"

namespace gather::sim {

namespace {
constexpr std::uint64_t kRateStream = 1;
constexpr std::uint64_t kGapStream = 2;
constexpr double kGolden = 0.6180339887498949;
}  // namespace

double feed_rate_per_hour(std::uint64_t seed, int feed, double mean_per_hour) {
  // Weyl sequence: frac(offset + i*phi) fills [0,1) evenly for every prefix of feeds.
  double offset = unit_double(mix64(seed, kRateStream));
  double u = std::fmod(offset + kGolden * static_cast<double>(feed), 1.0);
  return mean_per_hour * (0.2 + 1.6 * u);
}

FeedTimeline::FeedTimeline(std::uint64_t seed, int feed, double rate_per_hour, TimePoint start)
    : rate_per_hour_(rate_per_hour),
      rng_(mix64(seed, kGapStream, static_cast<std::uint64_t>(feed))),
      next_(start) {
  draw_next();
}

void FeedTimeline::draw_next() {
  if (rate_per_hour_ <= 0) {
    next_ = TimePoint::max();
    return;
  }
  double gap_s = rng_.exponential(rate_per_hour_ / 3600.0);
  next_ += std::chrono::duration_cast<TimePoint::duration>(std::chrono::duration<double>(gap_s));
}

void FeedTimeline::catch_up(TimePoint now) {
  while (next_ <= now) {
    // Clamped so that posts injected "in the future" (clock set back) keep the list sorted.
    times_.push_back(times_.empty() ? next_ : std::max(next_, times_.back()));
    draw_next();
  }
}

int FeedTimeline::publish(TimePoint now, int n) {
  catch_up(now);
  int first = count();
  // A clock set backwards must not break time order; such posts share the newest time.
  TimePoint at = times_.empty() ? now : std::max(now, times_.back());
  times_.insert(times_.end(), static_cast<std::size_t>(std::max(n, 0)), at);
  return first;
}

}  // namespace gather::sim
