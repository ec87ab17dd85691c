#include "platforms/bilibili/rich_text.h"

#include <algorithm>

#include "platforms/bilibili/json_fields.h"

namespace gather::bilibili {

void add_tag(std::vector<std::string>& tags, std::string tag) {
  if (tag.empty() || std::find(tags.begin(), tags.end(), tag) != tags.end()) return;
  tags.push_back(std::move(tag));
}

namespace {

// "#明日方舟#" -> "明日方舟".
std::string topic_name(std::string_view text) {
  while (!text.empty() && text.front() == '#') text.remove_prefix(1);
  while (!text.empty() && text.back() == '#') text.remove_suffix(1);
  return std::string(text);
}

void read_node(const json::object& node, RichText& out) {
  const std::string type = str(&node, "type");
  std::string shown = str(&node, "text");
  if (type == "RICH_TEXT_NODE_TYPE_TOPIC") {
    add_tag(out.tags, topic_name(shown));
  } else if (type == "RICH_TEXT_NODE_TYPE_EMOJI") {
    // The emoji's code is the text a plain reader understands; the node's text is the same code.
    if (const std::string code = str(obj(&node, "emoji"), "text"); !code.empty()) shown = code;
  } else if (type == "RICH_TEXT_NODE_TYPE_WEB") {
    // Shown as a label ("网页链接"); the link itself is what plain text needs.
    const std::string link = absolute(str(&node, "jump_url"));
    if (!link.empty()) shown = link;
  } else if (type == "RICH_TEXT_NODE_TYPE_VIEW_PICTURE") {
    if (const json::array* pics = arr(&node, "pics")) {
      for (const json::value& p : *pics) {
        if (std::string src = absolute(str(p.if_object(), "src")); !src.empty()) out.images.push_back(std::move(src));
      }
    }
  }
  if (shown.empty()) shown = str(&node, "orig_text");
  out.text += shown;
}

}  // namespace

RichText read_rich_text(const json::object* rich) {
  RichText out;
  if (!rich) return out;
  out.has_more = boolean(rich, "has_more");
  const json::array* nodes = arr(rich, "rich_text_nodes");
  if (!nodes || nodes->empty()) {
    out.text = str(rich, "text");
    return out;
  }
  for (const json::value& n : *nodes) {
    if (const json::object* node = n.if_object()) read_node(*node, out);
  }
  return out;
}

}  // namespace gather::bilibili
