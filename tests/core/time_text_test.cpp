#include "core/time_text.h"

#include <gtest/gtest.h>

using namespace std::chrono;
using namespace gather;

TEST(Duration, ParsesUnitsAndCompounds) {
  EXPECT_EQ(parse_duration("30s"), milliseconds{30'000});
  EXPECT_EQ(parse_duration("250ms"), milliseconds{250});
  EXPECT_EQ(parse_duration("5m"), milliseconds{300'000});
  EXPECT_EQ(parse_duration("1h30m"), milliseconds{5'400'000});
  EXPECT_EQ(parse_duration("2d"), milliseconds{172'800'000});
  EXPECT_EQ(parse_duration("45"), milliseconds{45'000});
  EXPECT_EQ(parse_duration("1.5s"), milliseconds{1'500});
}

TEST(Duration, RejectsGarbage) {
  EXPECT_FALSE(parse_duration(""));
  EXPECT_FALSE(parse_duration("soon"));
  EXPECT_FALSE(parse_duration("5 parsecs"));
  EXPECT_FALSE(parse_duration("-3s"));
  EXPECT_FALSE(parse_duration("3x"));
}

TEST(Duration, FormatsForPeople) {
  EXPECT_EQ(format_duration(milliseconds{5'400'000}), "1h30m");
  EXPECT_EQ(format_duration(milliseconds{30'000}), "30s");
  EXPECT_EQ(format_duration(milliseconds{200}), "200ms");
}

TEST(Rfc3339, FormatsUtcSeconds) {
  TimePoint t{seconds{1'763'690'400}};
  EXPECT_EQ(format_rfc3339(t), "2025-11-21T02:00:00Z");
  EXPECT_EQ(format_http_date(t), "Fri, 21 Nov 2025 02:00:00 GMT");
}
