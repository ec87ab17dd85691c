// Per-format escaping, alone and as kainjow runs it on every variable.
#include "theme/escape.h"

#include <gtest/gtest.h>

namespace gather::theme {
namespace {

TEST(MarkdownV2, EscapesEverySpecialCharacter) {
  const std::string specials = "_*[]()~`>#+-=|{}.!\\";
  for (char c : specials) {
    EXPECT_EQ(escape_markdownv2(std::string(1, c)), std::string("\\") + c) << c;
  }
  EXPECT_EQ(escape_markdownv2(specials), "\\_\\*\\[\\]\\(\\)\\~\\`\\>\\#\\+\\-\\=\\|\\{\\}\\.\\!\\\\");
}

TEST(MarkdownV2, LeavesOtherTextAlone) {
  EXPECT_EQ(escape_markdownv2("abc XYZ 019 ,;:?@$%^&'\"/<\n"), "abc XYZ 019 ,;:?@$%^&'\"/<\n");
  // Multi-byte characters are never split or touched.
  EXPECT_EQ(escape_markdownv2("明日方舟「复刻」！😀"), "明日方舟「复刻」！😀");
  EXPECT_EQ(escape_markdownv2("价格 1.5-2 元 (约)"), "价格 1\\.5\\-2 元 \\(约\\)");
}

TEST(MarkdownV2, LinkUrlsEscapeOnlyParenAndBackslash) {
  EXPECT_EQ(escape_markdownv2_url("https://en.wikipedia.org/wiki/C_(programming_language)"),
            "https://en.wikipedia.org/wiki/C_(programming_language\\)");
  EXPECT_EQ(escape_markdownv2_url("https://x.test/a\\b?q=1-2.3"), "https://x.test/a\\\\b?q=1-2.3");
}

TEST(Html, EscapesAmpersandAnglesAndQuotes) {
  EXPECT_EQ(escape_html("a & b < c > d \"e\" 'f'"), "a &amp; b &lt; c &gt; d &quot;e&quot; 'f'");
  EXPECT_EQ(escape_html("&amp;"), "&amp;amp;");
  EXPECT_EQ(escape_html("明日方舟 <b>"), "明日方舟 &lt;b&gt;");
}

TEST(Escaper, TellsLinkTargetsFromText) {
  const std::string href = std::string(1, kHrefMark) + "https://a.test/x_(y)";
  EXPECT_EQ(escaper_for("markdownv2")(href), "https://a.test/x_(y\\)");
  EXPECT_EQ(escaper_for("markdownv2")("x_(y)"), "x\\_\\(y\\)");
  EXPECT_EQ(escaper_for("html")(std::string(1, kHrefMark) + "https://a.test/?a=1&b=\"2\""),
            "https://a.test/?a=1&amp;b=&quot;2&quot;");
  EXPECT_EQ(escaper_for("plain")(href), "https://a.test/x_(y)");
  EXPECT_EQ(escaper_for("plain")("<b>*x*</b>"), "<b>*x*</b>");
  EXPECT_THROW(escaper_for("bbcode"), std::invalid_argument);
}

TEST(Escaper, StripsMarksLeftByUnescapedOutput) {
  std::string out = std::string("see ") + kHrefMark + "https://a.test";
  strip_href_marks(out);
  EXPECT_EQ(out, "see https://a.test");
}

}  // namespace
}  // namespace gather::theme
