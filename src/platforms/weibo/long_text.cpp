// statuses/extend: the whole text of a post the timeline cut short.
#include <algorithm>

#include "platforms/weibo/json_fields.h"
#include "platforms/weibo/mblog_html.h"
#include "platforms/weibo/weibo_api.h"

namespace gather::weibo {

LongText parse_long_text(std::string_view body) {
  const json::object root = parse_object(body);
  const json::object* data = field_object(root, "data");
  const json::value* content = data ? data->if_contains("longTextContent") : nullptr;
  if (!content || !content->is_string()) {
    const std::string msg = field_text(root, "msg");
    throw ParseError("no data.longTextContent: not a Weibo long-text response" +
                     (msg.empty() ? "" : " (msg: " + msg + ")"));
  }
  LongText out;
  out.html = std::string(content->get_string());
  MblogHtml read = read_mblog_html(out.html);
  out.tags = tags_of(read);
  out.text = std::move(read.text);
  return out;
}

void apply_long_text(Post& post, const LongText& full) {
  post.html = full.html;
  post.text = full.text;
  for (const auto& tag : full.tags) {
    if (std::find(post.tags.begin(), post.tags.end(), tag) == post.tags.end()) post.tags.push_back(tag);
  }
  post.truncated = false;
}

}  // namespace gather::weibo
