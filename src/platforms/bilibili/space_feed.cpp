#include "platforms/bilibili/space_feed.h"

#include <algorithm>

#include "platforms/bilibili/api_envelope.h"
#include "platforms/bilibili/dynamic_item.h"
#include "platforms/bilibili/json_fields.h"
#include "platforms/platform.h"

namespace gather::bilibili {
namespace {

Feed feed_of(const json::object& item) {
  const json::object* author = obj(obj(&item, "modules"), "module_author");
  Feed feed;
  feed.title = str(author, "name");
  feed.image = absolute(str(author, "face"));
  if (const std::string mid = str(author, "mid"); !mid.empty() && mid != "0") {
    feed.link = "https://space.bilibili.com/" + mid;
  }
  return feed;
}

}  // namespace

Page parse_space_feed(std::string_view body) {
  const json::object root = parse_object(body, "bilibili space feed");
  const json::object& data = require_data(root, "bilibili space feed");
  const json::value* items_value = data.if_contains("items");
  if (!items_value) throw ParseError("bilibili space feed: no data.items");
  Page page;
  // A user without dynamics gets "items": [] (or null); that is an empty page, not an error.
  if (const json::array* items = items_value->if_array()) {
    for (const json::value& v : *items) {
      const json::object* item = v.if_object();
      if (!item) continue;
      if (page.posts.empty()) page.feed = feed_of(*item);
      page.posts.push_back(read_dynamic(*item));
    }
  } else if (!items_value->is_null()) {
    throw ParseError("bilibili space feed: data.items is not a list");
  }
  // The pinned item comes first whatever its age; sorting by date puts it where it belongs.
  std::stable_sort(page.posts.begin(), page.posts.end(), [](const Post& a, const Post& b) {
    if (a.published.has_value() != b.published.has_value()) return a.published.has_value();
    return a.published > b.published;
  });
  if (boolean(&data, "has_more")) page.older_cursor = str(&data, "offset");
  return page;
}

std::string space_feed_url(std::string_view base, std::string_view mid, std::string_view offset,
                           const std::optional<WbiKeys>& keys, std::int64_t wts) {
  QueryParams params{{"host_mid", std::string(mid)}};
  if (!offset.empty()) params.emplace_back("offset", std::string(offset));
  std::string url = std::string(base) + "/x/polymer/web-dynamic/v1/feed/space?";
  url += keys ? wbi_sign(std::move(params), keys->img, keys->sub, wts) : wbi_canonical_query(std::move(params));
  return url;
}

}  // namespace gather::bilibili
