#include "platforms/text/html_walk.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace gather::text {
namespace {

// Records the walk as a flat trace: "<tag", ">tag" and text runs in brackets.
class Trace final : public HtmlVisitor {
 public:
  bool enter(const HtmlElement& e) override {
    const std::string tag = e.tag();
    if (tag == "html" || tag == "head" || tag == "body") return true;
    trace += "<" + tag;
    if (auto href = e.attribute("href")) trace += " href=" + std::string(*href);
    if (auto alt = e.attribute("alt")) trace += " alt=" + std::string(*alt);
    return tag != "skip";
  }
  void leave(const HtmlElement& e) override {
    const std::string tag = e.tag();
    if (tag != "html" && tag != "head" && tag != "body") trace += ">" + tag;
  }
  void text(std::string_view chars) override { trace += "[" + std::string(chars) + "]"; }
  std::string trace;
};

TEST(HtmlWalk, ReportsElementsAttributesAndTextInOrder) {
  Trace t;
  walk_html("a<a href='/n/x'>@x</a><img alt=[doge] src=//e.png>&amp;<!-- c --><br />b", t);
  EXPECT_EQ(t.trace, "[a]<a href=/n/x[@x]>a<img alt=[doge]>img[&]<br>br[b]");
}

TEST(HtmlWalk, SkippedChildrenAreNotVisitedButLeaveIsCalled) {
  Trace t;
  walk_html("<skip><b>hidden</b></skip>after", t);
  EXPECT_EQ(t.trace, "<skip>skip[after]");
}

TEST(HtmlWalk, ElementTextAndClasses) {
  struct Check final : HtmlVisitor {
    bool enter(const HtmlElement& e) override {
      if (e.tag() == "a") {
        text_of_a = e.text();
        surl = e.has_class("surl-text");
        link = e.has_class("link");
        both = e.has_class("x");
      }
      return true;
    }
    std::string text_of_a;
    bool surl = true, link = false, both = false;
  } c;
  walk_html("<a class=' link  x '>one <span class='url-icon'><img></span><span>two</span></a>", c);
  EXPECT_EQ(c.text_of_a, "one two");
  EXPECT_FALSE(c.surl);
  EXPECT_TRUE(c.link);
  EXPECT_TRUE(c.both);
}

TEST(HtmlWalk, UnknownTagsAreNamedLowerCase) {
  struct Names final : HtmlVisitor {
    bool enter(const HtmlElement& e) override {
      names.push_back(e.tag());
      return true;
    }
    std::vector<std::string> names;
  } n;
  walk_html("<Weibo-Card data-x=1>x</Weibo-Card>", n);
  EXPECT_EQ(n.names, (std::vector<std::string>{"html", "head", "body", "weibo-card"}));
}

TEST(HtmlWalk, DeepNestingDoesNotExhaustTheStack) {
  std::string deep;
  for (int i = 0; i < 50000; ++i) deep += "<span>";
  deep += "end";
  Trace t;
  walk_html(deep, t);
  EXPECT_NE(t.trace.find("[end]"), std::string::npos);
}

}  // namespace
}  // namespace gather::text
