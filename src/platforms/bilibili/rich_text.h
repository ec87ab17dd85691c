// The text of a dynamic: `module_dynamic.desc` and `major.opus.summary` are both
// {"text": ..., "rich_text_nodes": [...]}, the nodes being the text cut into typed runs
// (plain text, @mention, #topic#, emoji, links, lottery, "view picture", ...).
#pragma once

#include <boost/json.hpp>

#include <string>
#include <vector>

namespace gather::bilibili {

struct RichText {
  std::string text;                 // plain text as the reader sees it
  std::vector<std::string> tags;    // topics, without the surrounding '#', in order, no repeats
  std::vector<std::string> images;  // pictures a node links to (RICH_TEXT_NODE_TYPE_VIEW_PICTURE)
  bool has_more = false;            // the platform says the text continues elsewhere
};

// Reads one such object (null gives an empty RichText). The text is the nodes' display texts
// joined: an emoji is its code ("[doge]"), a mention its "@name", a topic its "#topic#"; a web
// link shows its URL instead of the "网页链接" label. Without nodes, `text` is taken as is.
RichText read_rich_text(const boost::json::object* rich);

// Adds `tag` to `tags` unless empty or already there.
void add_tag(std::vector<std::string>& tags, std::string tag);

}  // namespace gather::bilibili
