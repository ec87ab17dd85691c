// A post's HTML (mblog.text, longTextContent) read the way Weibo's own app shows it.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace gather::weibo {

struct MblogHtml {
  // Plain text: <br> ends a line, links read as their text (@name, #topic#, 网页链接), emoji
  // <img alt="[笑cry]"> as their alt, link icons (images without alt) dropped, the 全文 stub
  // link removed. Whitespace folded within lines, lines trimmed, at most one blank line in a row.
  std::string text;
  // Names of the super-topics (超话) linked, in order, without the 超话 suffix.
  std::vector<std::string> super_topics;
  // The HTML ended in (or held) the 全文 link the timeline puts on a post it cut short.
  bool full_text_stub = false;
};

MblogHtml read_mblog_html(std::string_view html);

// A post's tags: the #topics# of its text, then its super-topics, without duplicates.
std::vector<std::string> tags_of(const MblogHtml& read);

// The #topics# of plain text, without the #s, in order, without duplicates. Topics are read line
// by line between pairs of #; a pair whose inside starts or ends with a space is no topic ("C# and
// F#"). A "[超话]" suffix (how the desktop site writes a super-topic) is dropped.
std::vector<std::string> topics_in(std::string_view text);

}  // namespace gather::weibo
