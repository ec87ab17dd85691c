#include "platforms/text/html_text.h"

#include <gtest/gtest.h>

namespace gather::text {
namespace {

TEST(HtmlToText, BlocksBecomeLines) {
  EXPECT_EQ(html_to_text("<p>Hello <b>world</b></p><p>Second</p>"), "Hello world\nSecond");
  EXPECT_EQ(html_to_text("<h1>Title</h1>Body text<blockquote>quoted</blockquote>after"),
            "Title\nBody text\nquoted\nafter");
}

TEST(HtmlToText, NestedBlocksDoNotStackBlankLines) {
  EXPECT_EQ(html_to_text("<div><div><p>one</p></div><ul><li>two</li><li>three <i>3</i></li></ul></div>"),
            "one\ntwo\nthree 3");
  EXPECT_EQ(html_to_text("<table><tr><td>a</td><td>b</td></tr><tr><td>c</td></tr></table>"), "a b\nc");
}

TEST(HtmlToText, LineBreaks) {
  EXPECT_EQ(html_to_text("a<br>b<br/>c"), "a\nb\nc");
  EXPECT_EQ(html_to_text("a<br><br>b"), "a\n\nb");
  EXPECT_EQ(html_to_text("a<br><br><br><br>b<br><br>"), "a\n\nb");
  EXPECT_EQ(html_to_text("<br><br>x"), "x");
}

TEST(HtmlToText, EntitiesDecoded) {
  EXPECT_EQ(html_to_text("&amp; &lt;tag&gt; &eacute; &#x4e2d;&#25991; &quot;q&quot;"), "& <tag> é 中文 \"q\"");
  EXPECT_EQ(html_to_text("a&nbsp;&nbsp;b"), "a b");
}

TEST(HtmlToText, ScriptAndStyleDropped) {
  EXPECT_EQ(html_to_text("<script>var x = '<p>no</p>';</script><style>p { color: red }</style>Text"), "Text");
  EXPECT_EQ(html_to_text("<p>keep<!-- comment --> this</p>"), "keep this");
}

TEST(HtmlToText, WhitespaceCollapsedAndTrimmed) {
  EXPECT_EQ(html_to_text("  lots   of \n\t space  "), "lots of space");
  EXPECT_EQ(html_to_text("<p>  a  </p>\n\n<p>  b</p>"), "a\nb");
  EXPECT_EQ(html_to_text("<pre>line1\n  line2</pre>"), "line1\nline2");
  EXPECT_EQ(html_to_text(""), "");
  EXPECT_EQ(html_to_text("<p></p><div> </div>"), "");
}

TEST(HtmlToText, PlainTextAndBrokenMarkup) {
  EXPECT_EQ(html_to_text("just text"), "just text");
  EXPECT_EQ(html_to_text("<p>unclosed <b>bold <i>and"), "unclosed bold and");
  EXPECT_EQ(html_to_text("a < b > c"), "a < b > c");
}

TEST(HtmlImages, SrcInOrderWithoutDuplicates) {
  EXPECT_EQ(html_images("<p><img src=\"a.png\"> <img alt=x><img src='b.jpg'></p><img src=\"a.png\">"),
            (std::vector<std::string>{"a.png", "b.jpg"}));
  EXPECT_TRUE(html_images("no images").empty());
  EXPECT_TRUE(html_images("").empty());
}

TEST(HtmlEntity, NamesFromHtml) {
  EXPECT_EQ(html_entity("nbsp"), "\xC2\xA0");
  EXPECT_EQ(html_entity("eacute"), "é");
  EXPECT_EQ(html_entity("hellip"), "…");
  EXPECT_FALSE(html_entity("bogus").has_value());
  EXPECT_FALSE(html_entity("notit").has_value());
  EXPECT_FALSE(html_entity("").has_value());
  EXPECT_FALSE(html_entity("a;b").has_value());
}

}  // namespace
}  // namespace gather::text
