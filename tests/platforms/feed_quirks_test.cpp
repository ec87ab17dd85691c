// What real feeds get wrong: encodings, entities, BOMs, missing ids, broken dates.
#include <gtest/gtest.h>

#include "core/digest.h"
#include "platforms/platform.h"
#include "platforms/rss/feed_parser.h"
#include "test_util.h"

namespace gather::rss {
namespace {

using gather::testing::own_fixture;
using gather::testing::utc;

// A minimal RSS 2.0 document around one item; bytes pass through untouched.
std::string rss_with(std::string_view encoding, std::string_view title, std::string_view description) {
  std::string doc = "<?xml version=\"1.0\"";
  if (!encoding.empty()) doc += " encoding=\"" + std::string(encoding) + "\"";
  doc += "?>\n<rss version=\"2.0\"><channel><title>";
  doc += title;
  doc += "</title><link>https://enc.example.com/</link><item><guid>g1</guid><title>";
  doc += title;
  doc += "</title><description>";
  doc += description;
  doc += "</description></item></channel></rss>";
  return doc;
}

TEST(FeedEncoding, Gbk) {
  // 中文標題: the last byte pair ends in 0x7D ('}'), which only a GBK reader sees as a trail byte.
  const Page page = parse_feed(rss_with("GBK", "\xD6\xD0\xCE\xC4\x98\xCB\xEE\x7D", "\xC4\xDA\xC8\xDD"), "");
  EXPECT_EQ(page.feed.title, "中文標題");
  ASSERT_EQ(page.posts.size(), 1u);
  EXPECT_EQ(page.posts[0].title, "中文標題");
  EXPECT_EQ(page.posts[0].text, "内容");
}

TEST(FeedEncoding, Gb2312LabelAndBig5) {
  EXPECT_EQ(parse_feed(rss_with("gb2312", "\xD6\xD0\xCE\xC4", "x"), "").posts[0].title, "中文");
  EXPECT_EQ(parse_feed(rss_with("big5", "\xA4\xA4\xA4\xE5", "x"), "").posts[0].title, "中文");
}

TEST(FeedEncoding, Windows1252AndLatin1) {
  const Page page = parse_feed(rss_with("windows-1252", "Caf\xE9 \x93quoted\x94 \x80", "na\xEFve"), "");
  EXPECT_EQ(page.posts[0].title, "Café “quoted” €");
  EXPECT_EQ(page.posts[0].text, "naïve");
  EXPECT_EQ(parse_feed(rss_with("ISO-8859-1", "Gr\xFC\xDF" "e", "x"), "").posts[0].title, "Grüße");
}

TEST(FeedEncoding, InvalidUtf8IsReplacedNotFatal) {
  const Page page = parse_feed(rss_with("UTF-8", "bad \xFF byte", "x"), "");
  EXPECT_EQ(page.posts[0].title, "bad \xEF\xBF\xBD byte");
}

TEST(FeedEncoding, ByteOrderMarks) {
  const std::string doc = rss_with("", "BOM", "x");
  EXPECT_EQ(parse_feed("\xEF\xBB\xBF" + doc, "").posts[0].title, "BOM");
  std::string utf16 = "\xFF\xFE";
  for (char c : doc) {
    utf16 += c;
    utf16 += '\0';
  }
  EXPECT_EQ(parse_feed(utf16, "").posts[0].title, "BOM");
  EXPECT_EQ(parse_feed("\xEF\xBB\xBF{\"version\":\"https://jsonfeed.org/version/1.1\",\"items\":[]}", "").posts.size(), 0u);
}

TEST(FeedEntities, HtmlNamedEntitiesInXml) {
  const Page page = parse_feed(own_fixture("entities.xml"), "");
  EXPECT_EQ(page.feed.title, "Café\xC2\xA0" "Feed");
  EXPECT_EQ(page.feed.description, "© 2026 — all rights");
  ASSERT_EQ(page.posts.size(), 1u);
  EXPECT_EQ(page.posts[0].title, "Hello\xC2\xA0world… & <friends> &bogus; <");
  EXPECT_EQ(page.posts[0].html, "<p>Kept &nbsp; in CDATA</p>");
  EXPECT_EQ(page.posts[0].text, "Kept in CDATA");
}

TEST(FeedIds, FallBackToLinkThenHash) {
  const Page page = parse_feed(own_fixture("no_guid.xml"), "");
  ASSERT_EQ(page.posts.size(), 2u);
  EXPECT_EQ(page.posts[0].id, "https://noguid.example.com/a");
  EXPECT_EQ(page.posts[1].url, "");
  EXPECT_EQ(page.posts[1].id, sha256_hex("Nothing but a title\n\nand a description"));
  // Stable across parses: the id is what dedup keys on.
  EXPECT_EQ(parse_feed(own_fixture("no_guid.xml"), "").posts[1].id, page.posts[1].id);
}

TEST(FeedDates, BrokenDatesAreNullNotFatal) {
  const Page page = parse_feed(own_fixture("broken_dates.xml"), "");
  ASSERT_EQ(page.posts.size(), 4u);
  EXPECT_FALSE(page.posts[0].published.has_value());
  EXPECT_FALSE(page.posts[1].published.has_value());
  EXPECT_EQ(page.posts[2].published, utc(2026, 11, 21, 15));
  EXPECT_FALSE(page.posts[3].published.has_value());
}

TEST(FeedNamespaces, PrefixedAtomAndUndeclaredPrefixes) {
  const Page atom = parse_feed(
      "<a:feed xmlns:a=\"http://www.w3.org/2005/Atom\"><a:title>P</a:title>"
      "<a:entry><a:id>1</a:id><a:title>T</a:title><a:link href=\"https://p.example.com/1\"/></a:entry></a:feed>",
      "");
  ASSERT_EQ(atom.posts.size(), 1u);
  EXPECT_EQ(atom.posts[0].url, "https://p.example.com/1");
  // dc: used without a declaration; itunes:author must not pass for <author>.
  const Page rss = parse_feed(
      "<rss><channel><item><guid>1</guid><dc:creator>Dee</dc:creator><itunes:author>No</itunes:author>"
      "</item></channel></rss>",
      "");
  ASSERT_EQ(rss.posts.size(), 1u);
  EXPECT_EQ(rss.posts[0].author, "Dee");
}

TEST(FeedNamespaces, AtomLinkInRssIsNotTheChannelLink) {
  const Page page = parse_feed(
      "<rss xmlns:atom=\"http://www.w3.org/2005/Atom\"><channel>"
      "<atom:link rel=\"self\" href=\"https://x.example.com/feed\"/><link>https://x.example.com/</link>"
      "</channel></rss>",
      "");
  EXPECT_EQ(page.feed.link, "https://x.example.com/");
}

}  // namespace
}  // namespace gather::rss
