// When each feed's posts appear. A feed publishes by a Poisson process whose arrival times are a
// pure function of (seed, feed index), plus posts injected on demand (POST /_sim/publish). Times
// are materialised lazily up to "now", so the simulator never needs a background ticker and
// virtual time can jump by hours in one call.
#pragma once

#include <cstdint>
#include <vector>

#include "core/post.h"
#include "sim/rng.h"

namespace gather::sim {

// The rate of feed `feed` for a run with mean `mean_per_hour`: spread over 0.2x..1.8x by a
// low-discrepancy sequence so that the mean over any number of feeds stays close to the mean
// asked for, while each feed's rate depends only on (seed, feed).
double feed_rate_per_hour(std::uint64_t seed, int feed, double mean_per_hour);

class FeedTimeline {
 public:
  FeedTimeline(std::uint64_t seed, int feed, double rate_per_hour, TimePoint start);

  double rate_per_hour() const { return rate_per_hour_; }

  // Appends every Poisson arrival at or before `now`. Posts never disappear: if the clock is set
  // back, what already exists stays.
  void catch_up(TimePoint now);
  // Adds `n` posts published at `now` (after catching up, so the list stays in time order) and
  // returns the index of the first one.
  int publish(TimePoint now, int n);

  // Publication time of post k, for k < count(). Indexes are in time order and never reused.
  const std::vector<TimePoint>& times() const { return times_; }
  int count() const { return static_cast<int>(times_.size()); }

 private:
  void draw_next();

  double rate_per_hour_;
  Rng rng_;               // one draw per gap, so the schedule depends only on (seed, feed)
  TimePoint next_;        // the next Poisson arrival not yet in times_
  std::vector<TimePoint> times_;
};

}  // namespace gather::sim
