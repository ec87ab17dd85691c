#include "schedule/interval_planner.h"

#include <gtest/gtest.h>

#include "core/clock.h"

using namespace gather;
using namespace std::chrono;

namespace {

Target target(Id id, std::optional<milliseconds> interval = std::nullopt) {
  Target t;
  t.id = id;
  t.interval = interval;
  return t;
}

FetchReport ok() { return FetchReport{FetchReport::Kind::kNothingNew, 0, std::nullopt, 0}; }
FetchReport error(int n) { return FetchReport{FetchReport::Kind::kError, 0, std::nullopt, n}; }

TEST(IntervalPlanner, NewTargetsAreDueAtOnceAndPersistedOnesWhenSaved) {
  ManualClock clock;
  IntervalPlanner p;
  p.add(target(1), std::nullopt, clock.now());
  p.add(target(2), clock.now() + seconds{90}, clock.now());
  EXPECT_EQ(p.take_due(clock.now(), 10), std::vector<Id>{1});
  clock.advance(seconds{89});
  EXPECT_TRUE(p.take_due(clock.now(), 10).empty());
  clock.advance(seconds{1});
  EXPECT_EQ(p.take_due(clock.now(), 10), std::vector<Id>{2});
}

TEST(IntervalPlanner, IntervalsStayWithinJitterAndAverageToTheInterval) {
  ManualClock clock;
  IntervalPlanner p({.default_interval = seconds{60}, .jitter = 0.1, .max_backoff = hours{1}, .seed = 7});
  p.add(target(1), std::nullopt, clock.now());
  double total = 0;
  const int n = 2000;
  for (int i = 0; i < n; ++i) {
    ASSERT_EQ(p.take_due(clock.now(), 1).size(), 1u);
    TimePoint due = p.on_result(1, ok(), clock.now());
    auto gap = duration_cast<milliseconds>(due - clock.now());
    ASSERT_GE(gap, milliseconds{54'000});
    ASSERT_LE(gap, milliseconds{66'000});
    total += static_cast<double>(gap.count());
    clock.set(due);
  }
  EXPECT_NEAR(total / n, 60'000, 600);
}

TEST(IntervalPlanner, PinnedIntervalWins) {
  IntervalPlanner p({.default_interval = minutes{5}, .jitter = 0, .max_backoff = hours{1}, .seed = 1});
  ManualClock clock;
  p.add(target(1, seconds{30}), std::nullopt, clock.now());
  p.take_due(clock.now(), 1);
  EXPECT_EQ(p.on_result(1, ok(), clock.now()) - clock.now(), seconds{30});
}

TEST(IntervalPlanner, ErrorsBackOffExponentiallyUpToTheCap) {
  IntervalPlanner p({.default_interval = seconds{60}, .jitter = 0, .max_backoff = minutes{10}, .seed = 1});
  p.add(target(1), std::nullopt, TimePoint{});
  EXPECT_EQ(p.base_wait(1, error(1)), seconds{60});
  EXPECT_EQ(p.base_wait(1, error(2)), seconds{120});
  EXPECT_EQ(p.base_wait(1, error(4)), seconds{480});
  EXPECT_EQ(p.base_wait(1, error(5)), minutes{10});
  EXPECT_EQ(p.base_wait(1, error(50)), minutes{10});
}

TEST(IntervalPlanner, RetryAfterIsAFloorEvenWithJitter) {
  IntervalPlanner p({.default_interval = seconds{10}, .jitter = 0.5, .max_backoff = hours{1}, .seed = 3});
  ManualClock clock;
  p.add(target(1), std::nullopt, clock.now());
  for (int i = 0; i < 100; ++i) {
    p.take_due(clock.now(), 1);
    FetchReport r{FetchReport::Kind::kRateLimited, 0, seconds{120}, 1};
    TimePoint due = p.on_result(1, r, clock.now());
    ASSERT_GE(due - clock.now(), seconds{120});
    clock.set(due);
  }
}

TEST(IntervalPlanner, TargetsBeingFetchedAreNotHandedOutTwice) {
  IntervalPlanner p;
  ManualClock clock;
  p.add(target(1), std::nullopt, clock.now());
  p.add(target(2), std::nullopt, clock.now());
  auto first = p.take_due(clock.now(), 1);
  ASSERT_EQ(first.size(), 1u);
  auto second = p.take_due(clock.now() + hours{10}, 10);
  ASSERT_EQ(second.size(), 1u);
  EXPECT_NE(first[0], second[0]);
  EXPECT_FALSE(p.next_due());
  p.remove(first[0]);
  p.on_result(first[0], ok(), clock.now());  // a result for a removed target is ignored
  EXPECT_FALSE(p.next_due());
}

}  // namespace
