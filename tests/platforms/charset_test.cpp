#include "platforms/text/charset.h"

#include <gtest/gtest.h>

namespace gather::text {
namespace {

TEST(ToUtf8, ChineseEncodings) {
  EXPECT_EQ(to_utf8("\xD6\xD0\xCE\xC4", "GBK"), "中文");
  EXPECT_EQ(to_utf8("\xD6\xD0\xCE\xC4", "gb2312"), "中文");
  EXPECT_EQ(to_utf8("\xD6\xD0\xCE\xC4\x98\xCB\xEE\x7D", "GB18030"), "中文標題");
  EXPECT_EQ(to_utf8("\x95\x32\x82\x36", "gbk"), "𠀀");  // 4-byte GB18030 under a GBK label
  EXPECT_EQ(to_utf8("\xA4\xA4\xA4\xE5", "Big5"), "中文");
}

TEST(ToUtf8, WesternEncodings) {
  EXPECT_EQ(to_utf8("caf\xE9 \x80\x93x\x94", "windows-1252"), "café €“x”");
  EXPECT_EQ(to_utf8("caf\xE9", "ISO-8859-1"), "café");
  EXPECT_EQ(to_utf8("caf\xE9", "latin1"), "café");
  EXPECT_EQ(to_utf8("plain ascii", "us-ascii"), "plain ascii");
}

TEST(ToUtf8, InvalidBytesReplaced) {
  EXPECT_EQ(to_utf8("a\xFF" "b", "UTF-8"), "a\xEF\xBF\xBD" "b");
  EXPECT_EQ(to_utf8("a\xFF" "b", ""), "a\xEF\xBF\xBD" "b");
  EXPECT_EQ(to_utf8("\xD6", "GBK"), "\xEF\xBF\xBD");                  // cut inside a character
  EXPECT_EQ(to_utf8("\xE4\xB8", "utf-8"), "\xEF\xBF\xBD");            // truncated UTF-8
  EXPECT_EQ(to_utf8("ok \xC3\xA9", "x-no-such-encoding"), "ok é");  // unknown: read as UTF-8
  EXPECT_EQ(to_utf8("", "GBK"), "");
}

TEST(XmlEncoding, Prolog) {
  EXPECT_EQ(xml_declared_encoding("<?xml version=\"1.0\" encoding=\"GBK\"?><rss/>"), "GBK");
  EXPECT_EQ(xml_declared_encoding("\xEF\xBB\xBF  <?xml version='1.0' encoding = 'big5' ?>"), "big5");
  EXPECT_EQ(xml_declared_encoding("<?xml version=\"1.0\"?><rss/>"), "");
  EXPECT_EQ(xml_declared_encoding("<rss encoding=\"x\"/>"), "");
  EXPECT_EQ(xml_declared_encoding(""), "");
}

TEST(XmlEncoding, BomAndConversion) {
  EXPECT_EQ(detect_bom("\xEF\xBB\xBFx").encoding, "UTF-8");
  EXPECT_EQ(detect_bom("\xEF\xBB\xBFx").length, 3u);
  EXPECT_EQ(detect_bom("\xFF\xFEx").encoding, "UTF-16LE");
  EXPECT_EQ(detect_bom("\xFE\xFFx").encoding, "UTF-16BE");
  EXPECT_EQ(detect_bom("<x/>").length, 0u);
  EXPECT_EQ(xml_to_utf8("\xEF\xBB\xBF<a>\xC3\xA9</a>"), "<a>é</a>");
  EXPECT_EQ(xml_to_utf8(std::string("\xFF\xFE<\0a\0/\0>\0", 10)), "<a/>");
  EXPECT_EQ(xml_to_utf8("<?xml version=\"1.0\" encoding=\"gbk\"?><a>\xD6\xD0</a>"),
            "<?xml version=\"1.0\" encoding=\"gbk\"?><a>中</a>");
}

}  // namespace
}  // namespace gather::text
