// The time-of-day profile the gather policy learns per platform.
#include "schedule/diurnal_profile.h"

#include <gtest/gtest.h>

#include <cmath>

using gather::policy::DiurnalProfile;

namespace {

constexpr double kHour = 3600;
constexpr double kDay = 86400;

TEST(DiurnalProfile, WithoutEvidenceEveryHourIsAverage) {
  DiurnalProfile p;
  EXPECT_DOUBLE_EQ(p.factor(0, kHour), 1.0);
  p.observe(0, 600, 1);  // one post: far too little to move an hour
  EXPECT_NEAR(p.factor(0, kHour), 1.0, 0.1);
  EXPECT_NEAR(p.factor(12 * kHour, 13 * kHour), 1.0, 0.1);
}

TEST(DiurnalProfile, LearnsBusyDaysAndQuietNightsFromManyFetches) {
  DiurnalProfile p;
  // Three days of a platform's fetches, summed per 10 minutes: 30 posts from 08:00 to 20:00
  // UTC, none at night.
  const double day0 = 20000 * kDay;  // some midnight, far from the epoch
  for (double x = day0; x < day0 + 3 * kDay; x += 600) {
    double hour = std::fmod(x, kDay) / kHour;
    p.observe(x, x + 600, hour >= 8 && hour < 20 ? 30 : 0);
  }
  const double d = day0 + 3 * kDay;
  EXPECT_GT(p.factor(d + 10 * kHour, d + 11 * kHour), 1.6);  // twice the daily average, shrunk a little
  EXPECT_LT(p.factor(d + 2 * kHour, d + 3 * kHour), 0.3);
  // A whole day averages out.
  EXPECT_NEAR(p.factor(d, d + kDay), 1.0, 1e-9);
  // A span is the mean of its hours.
  double half = (p.factor(d + 7 * kHour, d + 8 * kHour) + p.factor(d + 8 * kHour, d + 9 * kHour)) / 2;
  EXPECT_NEAR(p.factor(d + 7 * kHour, d + 9 * kHour), half, 1e-9);
}

TEST(DiurnalProfile, OldDaysAreForgotten) {
  DiurnalProfile p(/*forget_s=*/kDay, /*prior_posts=*/30);
  const double day0 = 20000 * kDay;
  // Busy nights first, then a week of busy days.
  for (double x = day0; x < day0 + 8 * kDay; x += 600) {
    double hour = std::fmod(x, kDay) / kHour;
    bool night = hour < 6;
    bool early = x < day0 + kDay;
    p.observe(x, x + 600, (early ? night : !night) ? 30 : 0);
  }
  const double d = day0 + 8 * kDay;
  EXPECT_LT(p.factor(d + 2 * kHour, d + 3 * kHour), 0.3);
}

TEST(DiurnalProfile, IgnoresEmptyAndBackwardsSpans) {
  DiurnalProfile p;
  p.observe(100, 100, 5);
  p.observe(200, 100, 5);
  p.observe(0, 100, -1);
  EXPECT_DOUBLE_EQ(p.factor(0, kHour), 1.0);
}

}  // namespace
