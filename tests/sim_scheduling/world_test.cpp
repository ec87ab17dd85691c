// The simulated platform: Poisson posting, pages, budgets, bans, expiry, visibility.
#include <gtest/gtest.h>

#include <cmath>

#include "sim/scheduling/world.h"
#include "test_util.h"

using namespace gather::simsched;
using namespace gather::simsched::testing;
using gather::policy::FetchStatus;

namespace {

TEST(WorldTest, PoissonCountsWithinTolerance) {
  // 1 post/s for a day, flat and with a full diurnal swing: both expect 86400 posts.
  for (double diurnal : {0.0, 1.0}) {
    Scenario s = parse(R"({"seed":11,"duration_s":86400,"platforms":{"P":{}},
      "targets":[{"id":"a","rate_per_hour":3600,"diurnal":)" + std::to_string(diurnal) + "}]}");
    auto posts = generate_posts(s, 0);
    EXPECT_NEAR(static_cast<double>(posts.size()), 86400, 4 * std::sqrt(86400.0)) << diurnal;
    EXPECT_TRUE(std::is_sorted(posts.begin(), posts.end()));
    if (diurnal == 1.0) {
      // The first half-day (sin > 0) holds about (1 + 2/π) / 2 of the posts.
      auto first_half = std::count_if(posts.begin(), posts.end(), [](double x) { return x < 43200; });
      EXPECT_NEAR(static_cast<double>(first_half) / posts.size(), (1 + 2 / M_PI) / 2, 0.01);
    }
    EXPECT_EQ(generate_posts(s, 0), posts);  // deterministic
  }
}

const char* kOne = R"({"page_size":20,"ban_s":300,"platforms":{"P":{}},
  "targets":[{"id":"a","posts_s":[1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21,22,23,24,25,26,27,28,29,30]}],
  "credentials":[{"id":"c","tenant":"x","limit":{"requests":2,"window_s":60},"targets":"*","expires_at_s":1000}]})";

TEST(WorldTest, PageTruncationMissesOlderPosts) {
  Scenario s = parse(kOne);
  SimPlatform p(s);
  auto o = p.fetch(0, 0, 100);
  EXPECT_EQ(o.status, FetchStatus::ok);
  EXPECT_EQ(o.new_posts, 20);
  EXPECT_TRUE(o.page_full);
  const auto& reach = p.first_reach(0);
  for (int j = 0; j < 10; ++j) EXPECT_TRUE(std::isnan(reach[j])) << j;  // fell off the page
  for (int j = 10; j < 30; ++j) EXPECT_EQ(reach[j], 100) << j;
  auto again = p.fetch(0, 0, 130);
  EXPECT_EQ(again.new_posts, 0);
  EXPECT_FALSE(again.page_full);
}

TEST(WorldTest, ViolationBansForBanSeconds) {
  Scenario s = parse(kOne);
  SimPlatform p(s);
  EXPECT_EQ(p.fetch(0, 0, 0).status, FetchStatus::ok);
  EXPECT_EQ(p.fetch(0, 0, 1).status, FetchStatus::ok);
  auto third = p.fetch(0, 0, 2);  // 3 requests in 60 s, budget 2
  EXPECT_EQ(third.status, FetchStatus::banned);
  EXPECT_TRUE(third.violation);
  EXPECT_TRUE(third.ban_started);
  EXPECT_EQ(third.new_posts, 0);
  auto banned = p.fetch(0, 0, 200);  // window is clear, the ban (until 302) is not
  EXPECT_EQ(banned.status, FetchStatus::banned);
  EXPECT_FALSE(banned.violation);
  EXPECT_EQ(p.fetch(0, 0, 302.5).status, FetchStatus::ok);
  EXPECT_EQ(p.violations(), 1);
  EXPECT_EQ(p.bans(), 1);
}

TEST(WorldTest, ExactPacingAtTheBudgetNeverViolates) {
  Scenario s = parse(kOne);
  SimPlatform p(s);
  for (int k = 0; k < 30; ++k) EXPECT_EQ(p.fetch(0, 0, k * 30.0).status, FetchStatus::ok) << k;
  EXPECT_EQ(p.violations(), 0);
}

TEST(WorldTest, ExpiredCredentialFails) {
  Scenario s = parse(kOne);
  SimPlatform p(s);
  EXPECT_EQ(p.fetch(0, 0, 999).status, FetchStatus::ok);
  auto o = p.fetch(0, 0, 1000);
  EXPECT_EQ(o.status, FetchStatus::expired);
  EXPECT_EQ(o.new_posts, 0);
  EXPECT_EQ(p.violations(), 0);
}

TEST(WorldTest, PrivateFetchReachesOnlyItsTenant) {
  Scenario s = parse(R"({"platforms":{"P":{}},
    "targets":[{"id":"a","posts_s":[10,20],"subscribers":[{"tenant":"x"},{"tenant":"y"}]},
               {"id":"b","posts_s":[5],"subscribers":[{"tenant":"y"}]}],
    "credentials":[{"id":"px","tenant":"x","scope":"private","limit":{"requests":9,"window_s":60},"targets":"*"},
                   {"id":"sh","tenant":"y","scope":"shared","limit":{"requests":9,"window_s":60},"targets":"*"}]})");
  SimPlatform p(s);
  EXPECT_EQ(p.fetch(0, 0, 15).new_posts, 1);
  EXPECT_EQ(p.first_reach(0)[0], 15);           // reached x's subscriber
  EXPECT_EQ(p.fetch(1, 0, 30).new_posts, 1);    // new to x's audience...
  EXPECT_TRUE(std::isnan(p.first_reach(1)[0]));  // ...but x does not subscribe to b
  auto shared = p.fetch(0, 1, 31);
  EXPECT_EQ(shared.new_posts, 2);  // the private fetch is not visible to the shared audience
  EXPECT_EQ(p.first_reach(0)[0], 15);
  EXPECT_EQ(p.first_reach(0)[1], 31);
  EXPECT_EQ(p.fetch(0, 0, 32).new_posts, 0);  // x's audience saw the shared fetch
}

}  // namespace
