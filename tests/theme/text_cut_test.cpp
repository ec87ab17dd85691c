// The text_limit cut: code points, not bytes; never mid-character; words and lines kept whole
// when a boundary is near.
#include "theme/text_cut.h"

#include <gtest/gtest.h>

namespace gather::theme {
namespace {

bool valid_utf8(const std::string& s) {
  for (std::size_t i = 0; i < s.size();) {
    auto b = static_cast<unsigned char>(s[i]);
    int len = b < 0x80 ? 1 : (b >> 5) == 0x6 ? 2 : (b >> 4) == 0xE ? 3 : (b >> 3) == 0x1E ? 4 : 0;
    if (len == 0 || i + len > s.size()) return false;
    for (int k = 1; k < len; ++k)
      if ((static_cast<unsigned char>(s[i + k]) & 0xC0) != 0x80) return false;
    i += len;
  }
  return true;
}

TEST(CutText, ShortTextIsUnchanged) {
  EXPECT_EQ(cut_text("", 10), "");
  EXPECT_EQ(cut_text("hello", 5), "hello");
  // Ten CJK characters are 30 bytes but ten code points: no cut at a limit of 10.
  EXPECT_EQ(cut_text("明日方舟音律联觉复刻", 10), "明日方舟音律联觉复刻");
}

TEST(CutText, CjkIsCutAtACodePointBoundaryAtEveryLimit) {
  const std::string text = "明日方舟音律联觉复刻现已开启活动期间登录即可领取";  // 24 code points, no spaces
  for (std::size_t limit = 1; limit < 24; ++limit) {
    std::string out = cut_text(text, limit);
    EXPECT_TRUE(valid_utf8(out)) << limit;
    EXPECT_LE(code_points(out), limit) << limit;
    EXPECT_TRUE(out.ends_with("…")) << limit;
    EXPECT_TRUE(text.starts_with(out.substr(0, out.size() - std::string("…").size()))) << limit;
  }
  // Without any break nearby the cut is exactly at the limit.
  EXPECT_EQ(cut_text(text, 5), "明日方舟…");
}

TEST(CutText, PrefersCjkPunctuationNearTheLimit) {
  const std::string text = "沃伦姆德的薄暮复刻现已开启，活动期间登录即可领取奖励";
  // Limit 16: 15 kept would end in "活"; the comma 2 characters back ends a clause.
  EXPECT_EQ(cut_text(text, 16), "沃伦姆德的薄暮复刻现已开启，…");
}

TEST(CutText, KeepsWordsWhole) {
  const std::string text = "The quick brown fox jumps over the lazy dog again and again";
  std::string out = cut_text(text, 30);
  EXPECT_EQ(out, "The quick brown fox jumps…");
  EXPECT_LE(code_points(out), 30u);
}

TEST(CutText, PrefersALineBreak) {
  const std::string text = "first line of the post\nsecond line goes on and on and on";
  EXPECT_EQ(cut_text(text, 28), "first line of the post…");
}

TEST(CutText, FarBoundariesAreNotWorthIt) {
  // A space 40 code points back at a limit of 60 is outside the window: cut mid-word instead.
  std::string text = "word " + std::string(80, 'x');
  EXPECT_EQ(cut_text(text, 60), "word " + std::string(54, 'x') + "…");
}

TEST(CutText, EmojiSequencesStayWhole) {
  // 👩‍💻 is three code points (woman, ZWJ, laptop); a cut between them would leave half an emoji.
  const std::string coder = "\xF0\x9F\x91\xA9\xE2\x80\x8D\xF0\x9F\x92\xBB";
  std::string text = "abcd" + coder + "efgh";
  for (std::size_t limit = 5; limit <= 8; ++limit) {
    std::string out = cut_text(text, limit);
    EXPECT_TRUE(valid_utf8(out));
    bool whole = out.find(coder) != std::string::npos;
    bool none = out.find("\xF0\x9F\x91\xA9") == std::string::npos;
    EXPECT_TRUE(whole || none) << limit << ": " << out;
  }
  // A combining accent stays with its letter.
  EXPECT_EQ(cut_text("abcde\xCC\x81" "fgh", 6), "abcd…");
}

TEST(CutText, InvalidBytesDoNotBreakIt) {
  std::string text = "ab\xFF\xFE" "cdefgh";
  std::string out = cut_text(text, 5);
  EXPECT_TRUE(out.ends_with("…"));
  EXPECT_LE(code_points(out), 5u);
}

}  // namespace
}  // namespace gather::theme
