#include <gtest/gtest.h>

#include <chrono>

#include "sim/schedule.h"
#include "sim_test_util.h"

namespace gather::sim {
namespace {

using namespace std::chrono_literals;
using testing::VirtualSim;

const TimePoint kStart{std::chrono::seconds{1'700'000'000}};

TEST(Schedule, SameSeedSameTimes) {
  FeedTimeline a(7, 3, 10, kStart), b(7, 3, 10, kStart);
  a.catch_up(kStart + 100h);
  b.catch_up(kStart + 50h);
  b.catch_up(kStart + 100h);  // catching up in steps must not change anything
  EXPECT_EQ(a.times(), b.times());
  EXPECT_GT(a.count(), 0);
}

TEST(Schedule, DifferentSeedOrFeedDiffers) {
  FeedTimeline a(7, 3, 10, kStart), b(8, 3, 10, kStart), c(7, 4, 10, kStart);
  for (auto* t : {&a, &b, &c}) t->catch_up(kStart + 100h);
  EXPECT_NE(a.times(), b.times());
  EXPECT_NE(a.times(), c.times());
}

TEST(Schedule, CountMatchesRateOverLongRun) {
  // 1000 h at 10/h: 10000 expected, standard deviation 100, so 5% is 5 sigma.
  FeedTimeline t(1, 0, 10, kStart);
  t.catch_up(kStart + 1000h);
  EXPECT_NEAR(t.count(), 10'000, 500);
  for (std::size_t k = 1; k < t.times().size(); ++k) ASSERT_LE(t.times()[k - 1], t.times()[k]);
  EXPECT_GT(t.times().front(), kStart);
  EXPECT_LE(t.times().back(), kStart + 1000h);
}

TEST(Schedule, PerFeedRatesSpreadAroundTheMean) {
  double sum = 0;
  for (int i = 0; i < 20; ++i) {
    double r = feed_rate_per_hour(42, i, 10);
    EXPECT_GE(r, 2.0);
    EXPECT_LE(r, 18.0);
    sum += r;
  }
  EXPECT_NEAR(sum / 20, 10.0, 1.0);
  EXPECT_EQ(feed_rate_per_hour(42, 5, 10), feed_rate_per_hour(42, 5, 10));
}

TEST(Schedule, WholeSimulatorCountOverLongVirtualRun) {
  SimOptions o;
  o.feeds = 8;
  o.rate_per_hour = 10;
  VirtualSim sim(o);
  sim.clock.advance(1000h);
  double expected = 0;
  int total = 0;
  for (int i = 0; i < o.feeds; ++i) {
    expected += sim.core->feed_rate_per_hour(i) * 1000;
    total += sim.core->post_count(i);
  }
  EXPECT_NEAR(total, expected, expected * 0.05);
}

TEST(Schedule, NothingBeforeTimeMoves) {
  VirtualSim sim;
  EXPECT_TRUE(sim.core->posts(std::nullopt).empty());
}

TEST(Schedule, PublishMergesInTimeOrder) {
  FeedTimeline t(1, 0, 10, kStart);
  t.catch_up(kStart + 5h);
  int before = t.count();
  int first = t.publish(kStart + 10h, 3);
  EXPECT_GE(first, before);  // Poisson posts up to 10h came first
  ASSERT_EQ(t.count(), first + 3);
  EXPECT_EQ(t.times().back(), kStart + 10h);
  t.catch_up(kStart + 20h);
  for (std::size_t k = 1; k < t.times().size(); ++k) ASSERT_LE(t.times()[k - 1], t.times()[k]);
}

TEST(Schedule, ZeroRatePublishesNothing) {
  FeedTimeline t(1, 0, 0, kStart);
  t.catch_up(kStart + 1000h);
  EXPECT_EQ(t.count(), 0);
}

}  // namespace
}  // namespace gather::sim
