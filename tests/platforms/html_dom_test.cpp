#include "platforms/text/html_dom.h"

#include <gtest/gtest.h>

namespace gather::text {
namespace {

TEST(HtmlDom, ClassesAttributesAndSourceSlices) {
  const std::string html =
      R"(<div class=" a  b-c	wrap" data-x="1 &amp; 2"><p class="b">one &amp; <i>two</i></p><p class="wrap_not">x</p></div>)";
  const HtmlDoc doc(html);
  const GumboNode* div = find_first(doc.root(), with_class("wrap"));
  ASSERT_NE(div, nullptr);
  EXPECT_TRUE(has_class(div, "a"));
  EXPECT_TRUE(has_class(div, "b-c"));
  EXPECT_FALSE(has_class(div, "b"));
  EXPECT_EQ(attribute(div, "DATA-X"), "1 & 2");
  EXPECT_FALSE(attribute(div, "id").has_value());
  EXPECT_EQ(find_all(doc.root(), with_class("wrap")).size(), 1u);  // "wrap_not" is another class
  const GumboNode* p = find_first(div, with_class("b"));
  EXPECT_EQ(doc.inner_html(p), "one &amp; <i>two</i>");
  EXPECT_EQ(node_text(p), "one & two");
  const GumboNode* i = find_first(p, with_tag(GUMBO_TAG_I));
  EXPECT_TRUE(inside(i, div, with_class("b")));
  EXPECT_FALSE(inside(i, p, with_class("b")));  // strictly below the top
  EXPECT_EQ(find_first(doc.root(), with_class("missing")), nullptr);
}

TEST(HtmlDom, NodeTextCollapsesSpaces) {
  const HtmlDoc doc("<span>  Forwarded\n from&nbsp;&nbsp;<b>X</b>  </span>");
  EXPECT_EQ(node_text(find_first(doc.root(), with_tag(GUMBO_TAG_SPAN))), "Forwarded from X");
}

TEST(HtmlDom, BackgroundImageOfAnInlineStyle) {
  EXPECT_EQ(css_background_image("width:800px;background-image:url('https://x.test/a.jpg')"), "https://x.test/a.jpg");
  EXPECT_EQ(css_background_image("background-image: url(\"https://x.test/b;c.jpg\"); height:2px"), "https://x.test/b;c.jpg");
  EXPECT_EQ(css_background_image("BACKGROUND: #fff url( //x.test/c.png ) no-repeat"), "//x.test/c.png");
  EXPECT_FALSE(css_background_image("width:800px").has_value());
  EXPECT_FALSE(css_background_image("background-image:none").has_value());
  EXPECT_FALSE(css_background_image("").has_value());
  EXPECT_FALSE(css_background_image("background-image:url('')").has_value());
}

}  // namespace
}  // namespace gather::text
