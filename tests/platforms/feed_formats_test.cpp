// One fixture per feed format, every field checked.
#include <gtest/gtest.h>

#include "core/digest.h"
#include "platforms/rss/feed_parser.h"
#include "test_util.h"

namespace gather::rss {
namespace {

using gather::testing::own_fixture;
using gather::testing::utc;
using namespace std::chrono_literals;

TEST(FeedRss2, ChannelAndFullItem) {
  const Page page = parse_feed(own_fixture("rss2_full.xml"), "https://blog.example.com/feed.xml");
  EXPECT_EQ(page.feed.title, "Example Blog");
  EXPECT_EQ(page.feed.link, "https://blog.example.com/");
  EXPECT_EQ(page.feed.description, "Posts about examples");
  ASSERT_EQ(page.posts.size(), 3u);

  const Post& p = page.posts[0];
  EXPECT_EQ(p.id, "post-1");
  EXPECT_EQ(p.url, "https://blog.example.com/posts/first");
  EXPECT_EQ(p.title, "First & foremost");
  EXPECT_EQ(p.html, "<p>Hello <b>world</b></p><p>Second&nbsp;line<br>third</p><img src=\"/img/inline.png\">");
  EXPECT_EQ(p.text, "Hello world\nSecond line\nthird");
  EXPECT_EQ(p.author, "Joe Writer");
  EXPECT_EQ(p.published, utc(2026, 11, 21, 2));
  EXPECT_FALSE(p.updated.has_value());
  EXPECT_EQ(p.categories, (std::vector<std::string>{"News", "Tech", "Examples"}));
  const std::vector<Media> media{
      {"https://blog.example.com/media/podcast.mp3", "audio", "audio/mpeg"},
      {"https://cdn.example.com/video.mp4", "video", "video/mp4"},
      {"https://blog.example.com/thumbs/1.jpg", "image", ""},
  };
  EXPECT_EQ(p.media, media);
}

TEST(FeedRss2, DescriptionAndMediaGroup) {
  const Page page = parse_feed(own_fixture("rss2_full.xml"), "https://blog.example.com/feed.xml");
  const Post& p = page.posts[1];
  EXPECT_EQ(p.id, "https://blog.example.com/posts/second");
  EXPECT_EQ(p.author, "Ann Author");
  EXPECT_EQ(p.published, utc(2026, 11, 20, 8, 30));
  EXPECT_EQ(p.html, "<p>Escaped <i>HTML</i> with &amp; an <img src=\"pics/a.gif\"></p>");
  EXPECT_EQ(p.text, "Escaped HTML with & an");
  const std::vector<Media> media{
      {"https://cdn.example.com/a.jpg", "image", ""},
      {"https://cdn.example.com/b.webm", "video", ""},
  };
  EXPECT_EQ(p.media, media);

  const Post& q = page.posts[2];
  EXPECT_EQ(q.url, "https://blog.example.com/posts/third");  // from a permalink guid
  EXPECT_EQ(q.id, "https://blog.example.com/posts/third");
  EXPECT_EQ(q.published, utc(2026, 11, 19, 23, 59, 59));
  EXPECT_EQ(q.text, "No link element here");
  EXPECT_TRUE(q.media.empty());
}

TEST(FeedRss2, ImagesInHtmlBecomeMediaWhenNoneDeclared) {
  const Page page = parse_feed(
      "<rss version=\"2.0\"><channel><title>t</title><link>https://i.example.com/</link>"
      "<item><guid>1</guid><description>&lt;img src=\"/a.png\"&gt;&lt;img src=\"data:image/png;base64,AA\"&gt;"
      "</description></item></channel></rss>",
      "");
  ASSERT_EQ(page.posts.size(), 1u);
  EXPECT_EQ(page.posts[0].media, (std::vector<Media>{{"https://i.example.com/a.png", "image", ""}}));
}

TEST(FeedRss091, OldFormat) {
  const Page page = parse_feed(own_fixture("rss091.xml"), "");
  EXPECT_EQ(page.feed.title, "Old News");
  EXPECT_EQ(page.feed.link, "http://old.example.com/");
  ASSERT_EQ(page.posts.size(), 2u);
  EXPECT_EQ(page.posts[0].id, "http://old.example.com/one.html");
  EXPECT_EQ(page.posts[0].url, "http://old.example.com/one.html");
  EXPECT_EQ(page.posts[0].title, "Item one");
  EXPECT_EQ(page.posts[0].text, "One's description");
  EXPECT_EQ(page.posts[1].html, "");
  EXPECT_EQ(page.posts[1].text, "");
  EXPECT_FALSE(page.posts[1].published.has_value());
}

TEST(FeedRdf, ItemsBesideChannel) {
  const Page page = parse_feed(own_fixture("rdf.xml"), "");
  EXPECT_EQ(page.feed.title, "RDF Site");
  EXPECT_EQ(page.feed.link, "http://rdf.example.org/");
  EXPECT_EQ(page.feed.description, "An RSS 1.0 channel");
  ASSERT_EQ(page.posts.size(), 2u);
  const Post& a = page.posts[0];
  EXPECT_EQ(a.id, "http://rdf.example.org/a");
  EXPECT_EQ(a.url, "http://rdf.example.org/a");
  EXPECT_EQ(a.title, "Entry A");
  EXPECT_EQ(a.text, "About A");
  EXPECT_EQ(a.author, "Alice");
  EXPECT_EQ(a.published, utc(2026, 11, 21, 9));
  EXPECT_EQ(a.categories, std::vector<std::string>{"rdf"});
  const Post& b = page.posts[1];
  EXPECT_EQ(b.id, "urn:example:b");
  EXPECT_EQ(b.url, "http://rdf.example.org/b");  // no base given: the channel link
}

TEST(FeedAtom, XmlBaseAndHtmlTitles) {
  const Page page = parse_feed(own_fixture("atom_base.xml"), "https://fetched.example.com/feed");
  EXPECT_EQ(page.feed.title, "Atom Example & Co");
  EXPECT_EQ(page.feed.link, "https://atom.example.net/blog/");
  EXPECT_EQ(page.feed.description, "Relative everything");
  ASSERT_EQ(page.posts.size(), 3u);

  const Post& e = page.posts[0];
  EXPECT_EQ(e.id, "tag:atom.example.net,2026:1");
  EXPECT_EQ(e.title, "Tom & Jerry return");
  EXPECT_EQ(e.url, "https://atom.example.net/blog/2026/tom-and-jerry.html");
  EXPECT_EQ(e.published, utc(2026, 11, 21, 7) + 250ms);
  EXPECT_EQ(e.updated, utc(2026, 11, 21, 10));
  EXPECT_EQ(e.author, "Entry Author");
  EXPECT_EQ(e.categories, (std::vector<std::string>{"cartoons", "Only Label"}));
  EXPECT_EQ(e.html, "<p>Cat &amp; mouse</p>");  // content preferred over summary
  EXPECT_EQ(e.text, "Cat & mouse");
  EXPECT_EQ(e.media, (std::vector<Media>{{"https://atom.example.net/blog/2026/cover.png", "image", "image/png"}}));
}

TEST(FeedAtom, XhtmlAndFallbacks) {
  const Page page = parse_feed(own_fixture("atom_base.xml"), "https://fetched.example.com/feed");
  const Post& e = page.posts[1];
  EXPECT_EQ(e.title, "An XHTML title");
  EXPECT_EQ(e.url, "https://atom.example.net/second.html");  // the text/html alternate wins
  EXPECT_FALSE(e.published.has_value());                      // only <updated>
  EXPECT_EQ(e.updated, utc(2026, 11, 20, 10));
  EXPECT_EQ(e.author, "Feed Owner");
  EXPECT_EQ(e.html, "<p>Para <a href=\"x\">one</a></p><p>Para two</p>");
  EXPECT_EQ(e.text, "Para one\nPara two");
  EXPECT_EQ(e.media, (std::vector<Media>{{"https://atom.example.net/blog/t.jpg", "image", ""}}));

  const Post& t = page.posts[2];
  EXPECT_EQ(t.url, "https://elsewhere.example.org/abs");
  EXPECT_EQ(t.html, "");
  EXPECT_EQ(t.text, "Just\ntext.");
}

TEST(FeedJson, Version11) {
  const Page page = parse_feed(own_fixture("feed11.json"), "https://json.example.com/feed.json");
  EXPECT_EQ(page.feed.title, "JSON Example");
  EXPECT_EQ(page.feed.link, "https://json.example.com/");
  EXPECT_EQ(page.feed.description, "A JSON Feed");
  ASSERT_EQ(page.posts.size(), 3u);

  const Post& a = page.posts[0];
  EXPECT_EQ(a.id, "1");
  EXPECT_EQ(a.url, "https://json.example.com/posts/1");
  EXPECT_EQ(a.title, "HTML item");
  EXPECT_EQ(a.html, "<p>Hi <em>there</em></p>");
  EXPECT_EQ(a.text, "Hi there");
  EXPECT_EQ(a.author, "Item Author");
  EXPECT_EQ(a.published, utc(2026, 11, 21, 2));
  EXPECT_EQ(a.updated, utc(2026, 11, 21, 4));
  EXPECT_EQ(a.categories, (std::vector<std::string>{"a", "b"}));
  const std::vector<Media> media{{"https://json.example.com/img/1.png", "image", ""},
                                 {"https://json.example.com/1.mp3", "audio", "audio/mpeg"}};
  EXPECT_EQ(a.media, media);

  const Post& b = page.posts[1];
  EXPECT_EQ(b.id, "2");
  EXPECT_EQ(b.url, "https://other.example.com/2");
  EXPECT_EQ(b.html, "");
  EXPECT_EQ(b.text, "Plain\ntext body");
  EXPECT_EQ(b.author, "Old Style");

  const Post& c = page.posts[2];
  EXPECT_EQ(c.id, sha256_hex("\n\nno id, no url"));
  EXPECT_EQ(c.author, "Feed Author");
}

TEST(FeedJson, Version10Author) {
  const Page page = parse_feed(
      R"({"version":"https://jsonfeed.org/version/1","title":"t","author":{"name":"Solo"},
          "items":[{"id":"x","content_text":"hi","date_published":"2026-11-21T10:00:00Z"}]})",
      "");
  ASSERT_EQ(page.posts.size(), 1u);
  EXPECT_EQ(page.posts[0].author, "Solo");
  EXPECT_EQ(page.posts[0].published, utc(2026, 11, 21, 10));
}

}  // namespace
}  // namespace gather::rss

namespace gather::rss {
namespace {

// The feed's own image is the target's profile picture, as a Telegram avatar or a Weibo one.
TEST(FeedProfile, ImageFromEachFormat) {
  EXPECT_EQ(parse_feed(R"(<rss version="2.0"><channel><title>t</title><link>https://a.example/</link>
      <image><url>/logo.png</url><title>t</title><link>https://a.example/</link></image></channel></rss>)",
                       "https://a.example/feed.xml")
                .feed.image,
            "https://a.example/logo.png");
  EXPECT_EQ(parse_feed(R"(<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns="http://purl.org/rss/1.0/">
      <channel rdf:about="https://b.example/"><title>b</title><link>https://b.example/</link><image rdf:resource="https://b.example/i.png"/></channel>
      <image rdf:about="https://b.example/i.png"><url>https://b.example/i.png</url></image></rdf:RDF>)",
                       "https://b.example/rss")
                .feed.image,
            "https://b.example/i.png");
  EXPECT_EQ(parse_feed(R"(<feed xmlns="http://www.w3.org/2005/Atom"><title>c</title><icon>/favicon.ico</icon>
      <logo>https://c.example/wide.png</logo></feed>)",
                       "https://c.example/atom.xml")
                .feed.image,
            "https://c.example/wide.png");
  EXPECT_EQ(parse_feed(R"({"version":"https://jsonfeed.org/version/1.1","title":"d","icon":"icon.png","items":[]})",
                       "https://d.example/feed.json")
                .feed.image,
            "https://d.example/icon.png");
  EXPECT_EQ(parse_feed(R"(<rss version="2.0"><channel><title>e</title></channel></rss>)", "https://e.example/").feed.image,
            "");
}

}  // namespace
}  // namespace gather::rss
