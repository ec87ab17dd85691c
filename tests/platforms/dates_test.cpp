#include "platforms/text/dates.h"

#include <gtest/gtest.h>

#include "test_util.h"

namespace gather::text {
namespace {

using gather::testing::utc;
using namespace std::chrono_literals;

struct Case {
  const char* input;
  TimePoint expected;
};

TEST(ParseDate, Rfc822Forms) {
  const Case cases[] = {
      {"Sat, 21 Nov 2026 10:00:00 +0800", utc(2026, 11, 21, 2)},
      {"Sat, 21 Nov 2026 10:00:00 +08:00", utc(2026, 11, 21, 2)},
      {"Sat, 21 Nov 2026 10:00:00 -0530", utc(2026, 11, 21, 15, 30)},
      {"Sat, 21 Nov 2026 10:00:00 GMT", utc(2026, 11, 21, 10)},
      {"Sat, 21 Nov 2026 10:00:00 UT", utc(2026, 11, 21, 10)},
      {"Sat, 21 Nov 2026 10:00:00 UTC", utc(2026, 11, 21, 10)},
      {"Sat, 21 Nov 2026 10:00:00 Z", utc(2026, 11, 21, 10)},
      {"Sat, 21 Nov 2026 10:00:00 EST", utc(2026, 11, 21, 15)},
      {"Sat, 21 Nov 2026 10:00:00 EDT", utc(2026, 11, 21, 14)},
      {"Sat, 21 Nov 2026 10:00:00 CST", utc(2026, 11, 21, 16)},
      {"Sat, 21 Nov 2026 10:00:00 MDT", utc(2026, 11, 21, 16)},
      {"Sat, 21 Nov 2026 10:00:00 PST", utc(2026, 11, 21, 18)},
      {"Sat, 21 Nov 2026 10:00:00 pdt", utc(2026, 11, 21, 17)},
      {"Sat, 21 Nov 2026 10:00:00 A", utc(2026, 11, 21, 10)},
      {"Sat, 21 Nov 2026 10:00:00 GMT+0800", utc(2026, 11, 21, 2)},
      {"21 Nov 2026 10:00:00 +0000", utc(2026, 11, 21, 10)},
      {"Sat, 21 Nov 2026 10:00 +0000", utc(2026, 11, 21, 10)},
      {"Sun, 1 Nov 2026 10:00:00 +0000", utc(2026, 11, 1, 10)},
      {"Sun, 01 Nov 2026 9:05:07 +0000", utc(2026, 11, 1, 9, 5, 7)},
      {"Sat, 21 Nov 26 10:00:00 +0000", utc(2026, 11, 21, 10)},
      {"Fri, 21 Nov 97 10:00:00 +0000", utc(1997, 11, 21, 10)},
      {"Mon, 21 Nov 2026 10:00:00 +0000", utc(2026, 11, 21, 10)},  // wrong weekday
      {"Saturday, 21 November 2026 10:00:00 +0000", utc(2026, 11, 21, 10)},
      {"Thurs, 19 Nov 2026 10:00:00 +0000", utc(2026, 11, 19, 10)},
      {"sat, 21 nov 2026 10:00:00 gmt", utc(2026, 11, 21, 10)},
      {"Sat, 21 Nov 2026 10:00:00 +0800 (CST)", utc(2026, 11, 21, 2)},
      {"  Sat,  21 Nov 2026   10:00:00 GMT \n", utc(2026, 11, 21, 10)},
      {"Sat, 21 Nov 2026 10:00:00", utc(2026, 11, 21, 10)},
      {"21 Nov 2026", utc(2026, 11, 21)},
  };
  for (const auto& c : cases) {
    auto got = parse_date(c.input);
    ASSERT_TRUE(got.has_value()) << c.input;
    EXPECT_EQ(*got, c.expected) << c.input;
  }
}

TEST(ParseDate, Iso8601Forms) {
  const Case cases[] = {
      {"2026-11-21T10:00:00Z", utc(2026, 11, 21, 10)},
      {"2026-11-21t10:00:00z", utc(2026, 11, 21, 10)},
      {"2026-11-21T10:00:00+08:00", utc(2026, 11, 21, 2)},
      {"2026-11-21T10:00:00+0800", utc(2026, 11, 21, 2)},
      {"2026-11-21T10:00:00-05:00", utc(2026, 11, 21, 15)},
      {"2026-11-21T10:00:00.123Z", utc(2026, 11, 21, 10) + 123ms},
      {"2026-11-21T10:00:00.123456789-05:00", utc(2026, 11, 21, 15) + 123456us},
      {"2026-11-21 10:00:00Z", utc(2026, 11, 21, 10)},
      {"2026-11-21 10:00:00 +08:00", utc(2026, 11, 21, 2)},
      {"2026-11-21 10:00:00 UTC", utc(2026, 11, 21, 10)},
      {"2026-11-21T10:00:00", utc(2026, 11, 21, 10)},
      {"2026-11-21T10:00Z", utc(2026, 11, 21, 10)},
      {"2026-11-21", utc(2026, 11, 21)},
      {"2026/11/21 10:00:00", utc(2026, 11, 21, 10)},
      {"1999-12-31T23:59:59+00:00", utc(1999, 12, 31, 23, 59, 59)},
  };
  for (const auto& c : cases) {
    auto got = parse_date(c.input);
    ASSERT_TRUE(got.has_value()) << c.input;
    EXPECT_EQ(*got, c.expected) << c.input;
  }
}

TEST(ParseDate, WeiboForm) {
  EXPECT_EQ(parse_date("Sat Nov 21 10:00:00 +0800 2026"), utc(2026, 11, 21, 2));
  EXPECT_EQ(parse_date("Tue Jan 05 23:30:01 +0800 2021"), utc(2021, 1, 5, 15, 30, 1));
}

TEST(ParseDate, GarbageIsNullopt) {
  const char* bad[] = {"",
                       "   ",
                       "yesterday",
                       "not a date at all 2026",
                       "2026-13-01",
                       "2026-02-30",
                       "2026-11-21T25:00:00Z",
                       "2026-11-21T10:00:00+99:00",
                       "Sat, 32 Nov 2026 10:00:00 GMT",
                       "Sat, 21 Foo 2026 10:00:00 GMT",
                       "Sat, 21 Nov 2026 10:00:00 XYZ",
                       "9999-12-31T00:00:00Z",
                       "0001-01-01T00:00:00Z",
                       "1 2 3",
                       "2026-11-21T10:00:00Zjunk",
                       "\xff\xfe\x00garbage"};
  for (const char* b : bad) EXPECT_FALSE(parse_date(b).has_value()) << b;
  EXPECT_FALSE(parse_date(std::string(1000, '9')).has_value());
}

}  // namespace
}  // namespace gather::text
