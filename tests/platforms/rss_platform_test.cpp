#include "platforms/rss/rss_platform.h"

#include <gtest/gtest.h>

#include "core/time_text.h"
#include "platforms/platform.h"

namespace gather::rss {
namespace {

using namespace std::chrono_literals;

HttpResponse response(long status, Headers headers = {}) {
  HttpResponse r;
  r.status = status;
  r.headers = std::move(headers);
  return r;
}

TEST(Registry, RssIsRegistered) {
  const Platform* p = find_platform("rss");
  ASSERT_NE(p, nullptr);
  EXPECT_EQ(p->name(), "rss");
  EXPECT_EQ(find_platform("nope"), nullptr);
  EXPECT_EQ(platform_names(), (std::vector<std::string>{"rss", "weibo", "bilibili", "bilibili-live", "telegram", "telegram-tdlib"}));
}

TEST(RssPlatform, CanonicalKey) {
  const RssPlatform rss;
  EXPECT_EQ(rss.canonical_key("  HTTPS://Example.COM/Feed.xml#frag "), "https://example.com/Feed.xml");
  EXPECT_EQ(rss.canonical_key("http://example.com"), "http://example.com/");
  EXPECT_EQ(rss.canonical_key("https://example.com/feed?format=rss"), "https://example.com/feed?format=rss");
  for (const char* bad : {"ftp://example.com/feed", "file:///etc/passwd", "example.com/feed", "not a url", "",
                          "https://", "mailto:me@example.com"}) {
    EXPECT_THROW(rss.canonical_key(bad), std::invalid_argument) << bad;
  }
  try {
    rss.canonical_key("ftp://x/y");
  } catch (const std::invalid_argument& e) {
    EXPECT_EQ(std::string(e.what()), "not an http(s) URL: ftp://x/y");
  }
}

TEST(RssPlatform, RequestCarriesValidators) {
  const RssPlatform rss;
  const HttpRequest plain = rss.request_for("https://example.com/feed", {});
  EXPECT_EQ(plain.url, "https://example.com/feed");
  EXPECT_EQ(plain.method, "GET");
  EXPECT_TRUE(find_header(plain.headers, "Accept").has_value());
  EXPECT_FALSE(find_header(plain.headers, "If-None-Match").has_value());
  EXPECT_FALSE(find_header(plain.headers, "If-Modified-Since").has_value());

  const HttpRequest cond = rss.request_for("https://example.com/feed", {"\"abc\"", "Sat, 21 Nov 2026 10:00:00 GMT"});
  EXPECT_EQ(find_header(cond.headers, "if-none-match"), "\"abc\"");
  EXPECT_EQ(find_header(cond.headers, "If-Modified-Since"), "Sat, 21 Nov 2026 10:00:00 GMT");
}

TEST(RssPlatform, ClassifyPageKeepsValidators) {
  const RssPlatform rss;
  const Classified c = rss.classify(response(200, {{"etag", "W/\"v1\""}, {"Last-Modified", "Sat, 21 Nov 2026 10:00:00 GMT"}}));
  EXPECT_EQ(c.outcome, Outcome::kPage);
  EXPECT_EQ(c.validators.etag, "W/\"v1\"");
  EXPECT_EQ(c.validators.last_modified, "Sat, 21 Nov 2026 10:00:00 GMT");
  EXPECT_EQ(rss.classify(response(203)).outcome, Outcome::kPage);
  EXPECT_EQ(rss.classify(response(304)).outcome, Outcome::kNotModified);
}

TEST(RssPlatform, ClassifyRateLimits) {
  const RssPlatform rss;
  const Classified seconds = rss.classify(response(429, {{"Retry-After", " 120 "}}));
  EXPECT_EQ(seconds.outcome, Outcome::kRateLimited);
  EXPECT_EQ(seconds.retry_after, 120s);
  EXPECT_EQ(seconds.reason, "HTTP 429");

  const Classified bare = rss.classify(response(429));
  EXPECT_EQ(bare.outcome, Outcome::kRateLimited);
  EXPECT_FALSE(bare.retry_after.has_value());

  const auto when = std::chrono::system_clock::now() + 90s;
  const Classified dated = rss.classify(response(503, {{"Retry-After", format_http_date(when)}}));
  EXPECT_EQ(dated.outcome, Outcome::kRateLimited);
  ASSERT_TRUE(dated.retry_after.has_value());
  EXPECT_GE(*dated.retry_after, 85s);
  EXPECT_LE(*dated.retry_after, 90s);

  const Classified past = rss.classify(response(503, {{"Retry-After", "Sat, 01 Jan 2000 00:00:00 GMT"}}));
  EXPECT_EQ(past.retry_after, 0s);

  EXPECT_EQ(rss.classify(response(503)).outcome, Outcome::kTransient);
  EXPECT_EQ(rss.classify(response(503, {{"Retry-After", "soon"}})).outcome, Outcome::kTransient);
}

TEST(RssPlatform, ClassifyFailures) {
  const RssPlatform rss;
  EXPECT_EQ(rss.classify(response(500)).outcome, Outcome::kTransient);
  EXPECT_EQ(rss.classify(response(502)).reason, "HTTP 502");
  EXPECT_EQ(rss.classify(response(404)).outcome, Outcome::kGone);
  EXPECT_EQ(rss.classify(response(410)).outcome, Outcome::kGone);
  EXPECT_EQ(rss.classify(response(403)).outcome, Outcome::kFailed);
  EXPECT_EQ(rss.classify(response(400)).outcome, Outcome::kFailed);
  EXPECT_EQ(rss.classify(response(301)).outcome, Outcome::kFailed);

  HttpResponse timeout;
  timeout.error = "timeout after 20000 ms";
  const Classified t = rss.classify(timeout);
  EXPECT_EQ(t.outcome, Outcome::kTransient);
  EXPECT_EQ(t.reason, "timeout after 20000 ms");
  EXPECT_EQ(rss.classify(HttpResponse{}).reason, "no HTTP response");
}

TEST(RssPlatform, ParseDelegatesToTheFeedParser) {
  const RssPlatform rss;
  const Page page = rss.parse("<rss><channel><title>T</title><item><guid>1</guid><link>/a</link></item></channel></rss>",
                              "https://example.com/feed");
  ASSERT_EQ(page.posts.size(), 1u);
  EXPECT_EQ(page.posts[0].url, "https://example.com/a");
  EXPECT_THROW(rss.parse("", ""), ParseError);
}

}  // namespace
}  // namespace gather::rss
