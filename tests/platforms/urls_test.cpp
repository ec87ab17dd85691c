#include "platforms/text/urls.h"

#include <gtest/gtest.h>

namespace gather::text {
namespace {

TEST(ResolveUrl, RelativeForms) {
  const std::string base = "https://a.example.com/blog/feed.xml";
  EXPECT_EQ(resolve_url(base, "post.html"), "https://a.example.com/blog/post.html");
  EXPECT_EQ(resolve_url(base, "/x/y"), "https://a.example.com/x/y");
  EXPECT_EQ(resolve_url(base, "../up"), "https://a.example.com/up");
  EXPECT_EQ(resolve_url(base, "//cdn.example.net/i.png"), "https://cdn.example.net/i.png");
  EXPECT_EQ(resolve_url(base, "?page=2"), "https://a.example.com/blog/feed.xml?page=2");
  EXPECT_EQ(resolve_url(base, "#top"), "https://a.example.com/blog/feed.xml#top");
  EXPECT_EQ(resolve_url("https://a.example.com", "x"), "https://a.example.com/x");
}

TEST(ResolveUrl, AbsoluteAndWhitespace) {
  EXPECT_EQ(resolve_url("https://a.example.com/", "http://b.example.org/p?q=1"), "http://b.example.org/p?q=1");
  EXPECT_EQ(resolve_url("https://a.example.com/", "  \n/x  "), "https://a.example.com/x");
  EXPECT_EQ(resolve_url("  https://a.example.com/d/  ", "e"), "https://a.example.com/d/e");
  EXPECT_EQ(resolve_url("https://a.example.com/", "mailto:me@example.com"), "mailto:me@example.com");
}

TEST(ResolveUrl, UnresolvableComesBackUnchanged) {
  EXPECT_EQ(resolve_url("", "/x"), "/x");
  EXPECT_EQ(resolve_url("not a url", "/x"), "/x");
  EXPECT_EQ(resolve_url("relative/base", "x"), "x");
  EXPECT_EQ(resolve_url("https://a.example.com/", "has space"), "has space");
  EXPECT_EQ(resolve_url("https://a.example.com/", ""), "");
}

}  // namespace
}  // namespace gather::text
