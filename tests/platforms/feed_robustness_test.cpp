// Input that is not a feed, or is a broken one: a ParseError naming why, never a crash.
#include <gtest/gtest.h>

#include <random>

#include "platforms/platform.h"
#include "platforms/rss/feed_parser.h"
#include "test_util.h"

namespace gather::rss {
namespace {

using gather::testing::own_fixture;
using gather::testing::shared_fixture;

std::string error_of(std::string_view body) {
  try {
    parse_feed(body, "https://example.com/feed");
  } catch (const ParseError& e) {
    return e.what();
  }
  return "(parsed)";
}

TEST(FeedErrors, EmptyInput) {
  EXPECT_EQ(error_of(""), "not a feed: empty document");
  EXPECT_EQ(error_of("  \n\t "), "not a feed: empty document");
  EXPECT_EQ(error_of("\xEF\xBB\xBF"), "not a feed: empty document");
}

TEST(FeedErrors, HtmlPage) {
  EXPECT_EQ(error_of("<!DOCTYPE html><html><head><meta charset=utf-8><title>x</title></head>"
                     "<body><p>hi<br></body></html>"),
            "not a feed: root element <html>");
  EXPECT_EQ(error_of("<!doctype html>\n<html lang=en><body>x</body></html>"), "not a feed: an HTML page");
  EXPECT_EQ(error_of("<html><body><p>Well formed</p></body></html>"), "not a feed: root element <html>");
}

TEST(FeedErrors, OtherXmlAndJson) {
  EXPECT_EQ(error_of("<foo><bar/></foo>"), "not a feed: root element <foo>");
  EXPECT_EQ(error_of("{\"a\": 1}"), "not a feed: JSON without a jsonfeed version or items");
  EXPECT_EQ(error_of("[1, 2]"), "not a feed: JSON that is not an object");
  EXPECT_TRUE(error_of("{\"version\":").starts_with("JSON error: ")) << error_of("{\"version\":");
}

TEST(FeedErrors, Garbage) {
  EXPECT_TRUE(error_of("just some words").starts_with("XML error at offset")) << error_of("just some words");
  std::mt19937 rng(42);
  for (int round = 0; round < 50; ++round) {
    std::string bytes(1 + rng() % 2000, '\0');
    for (char& c : bytes) c = static_cast<char>(rng());
    const std::string e = error_of(bytes);
    EXPECT_NE(e, "(parsed)");
    EXPECT_EQ(e.find('\n'), std::string::npos) << e;  // one line
  }
}

TEST(FeedErrors, BrokenWithoutCompleteItems) {
  EXPECT_TRUE(error_of("<rss><channel><title>x</title><item><title>half").starts_with("XML error at offset"));
}

TEST(FeedTruncation, CompleteItemsAreSalvaged) {
  const std::string doc = own_fixture("rss2_full.xml");
  std::size_t cut = 0;
  for (int i = 0; i < 2; ++i) cut = doc.find("</item>", cut) + 7;
  const Page two = parse_feed(doc.substr(0, cut + 10), "https://blog.example.com/feed.xml");
  ASSERT_EQ(two.posts.size(), 2u);
  EXPECT_EQ(two.posts[1].id, "https://blog.example.com/posts/second");
  // Cut inside the third item's closing tag: still only the two complete ones.
  const std::size_t third_end = doc.find("</item>", cut);
  EXPECT_EQ(parse_feed(doc.substr(0, third_end + 4), "").posts.size(), 2u);

  const std::string atom = own_fixture("atom_base.xml");
  const std::size_t entry_end = atom.find("</entry>") + 8;
  const Page one = parse_feed(atom.substr(0, entry_end + 20), "");
  ASSERT_EQ(one.posts.size(), 1u);
  EXPECT_EQ(one.posts[0].id, "tag:atom.example.net,2026:1");
}

// Every 37th prefix of each feed: a Page or a ParseError, nothing else.
void parse_all_prefixes(const std::string& doc, std::size_t step) {
  for (std::size_t cut = 0; cut <= doc.size(); cut += step) {
    try {
      const Page page = parse_feed(std::string_view(doc).substr(0, cut), "https://example.com/f");
      for (const Post& p : page.posts) EXPECT_FALSE(p.id.empty()) << "cut at " << cut;
    } catch (const ParseError&) {
    }
  }
}

TEST(FeedTruncation, EveryPrefixParsesOrFailsCleanly) {
  for (const char* name : {"rss2_full.xml", "rss091.xml", "rdf.xml", "atom_base.xml", "feed11.json",
                           "entities.xml", "no_guid.xml", "broken_dates.xml"}) {
    SCOPED_TRACE(name);
    parse_all_prefixes(own_fixture(name), 37);
  }
  parse_all_prefixes(shared_fixture("rss-github-atom.xml"), 37);
}

TEST(FeedTruncation, LargeRealFeedPrefixes) {
  parse_all_prefixes(shared_fixture("rss-ruanyifeng.xml"), 37 * 7);
}

TEST(FeedMutation, FlippedBytesNeverCrash) {
  const std::string doc = own_fixture("rss2_full.xml");
  std::mt19937 rng(7);
  for (int round = 0; round < 300; ++round) {
    std::string m = doc;
    for (int k = 0; k < 5; ++k) m[rng() % m.size()] = static_cast<char>(rng());
    try {
      parse_feed(m, "https://example.com/f");
    } catch (const ParseError&) {
    }
  }
}

TEST(FeedLimits, DeepNestingDoesNotOverflowTheStack) {
  std::string html;
  for (int i = 0; i < 5000; ++i) html += "<div>";
  html += "deep";
  std::string doc = "<rss><channel><item><guid>1</guid><description><![CDATA[" + html +
                    "]]></description></item></channel></rss>";
  const Page page = parse_feed(doc, "");
  ASSERT_EQ(page.posts.size(), 1u);
  EXPECT_EQ(page.posts[0].text, "deep");
}

TEST(FeedLimits, DeepXmlInsideAnItem) {
  std::string doc = "<rss><channel><item><guid>1</guid><title>";
  for (int i = 0; i < 200000; ++i) doc += "<b>";
  doc += "deep";
  for (int i = 0; i < 200000; ++i) doc += "</b>";
  doc += "</title></item></channel></rss>";
  const Page page = parse_feed(doc, "");
  ASSERT_EQ(page.posts.size(), 1u);
  EXPECT_EQ(page.posts[0].title, "deep");
}

}  // namespace
}  // namespace gather::rss
