// JSON Feed 1.0 and 1.1 (https://www.jsonfeed.org/version/1.1/).
#include <boost/json.hpp>

#include <string>

#include "platforms/platform.h"
#include "platforms/rss/formats.h"
#include "platforms/rss/post_finish.h"
#include "platforms/text/dates.h"
#include "platforms/text/urls.h"

namespace gather::rss {
namespace {

namespace json = boost::json;

std::string str(const json::object& o, std::string_view key) {
  const json::value* v = o.if_contains(key);
  if (!v) return {};
  if (const json::string* s = v->if_string()) return std::string(*s);
  // Ids are strings by the spec, numbers in practice.
  if (v->is_int64()) return std::to_string(v->get_int64());
  if (v->is_uint64()) return std::to_string(v->get_uint64());
  return {};
}

const json::object* obj(const json::object& o, std::string_view key) {
  const json::value* v = o.if_contains(key);
  return v ? v->if_object() : nullptr;
}

const json::array* arr(const json::object& o, std::string_view key) {
  const json::value* v = o.if_contains(key);
  return v ? v->if_array() : nullptr;
}

// 1.1's authors[0].name, else 1.0's author.name.
std::string author_of(const json::object& o) {
  if (const json::array* authors = arr(o, "authors")) {
    for (const json::value& a : *authors) {
      if (const json::object* ao = a.if_object()) {
        std::string name = str(*ao, "name");
        if (!name.empty()) return name;
      }
    }
  }
  if (const json::object* a = obj(o, "author")) return str(*a, "name");
  return {};
}

Post read_item(const json::object& item, const std::string& feed_author, std::string_view base) {
  Post post;
  RawItem raw;
  raw.guid = str(item, "id");
  post.url = str(item, "url");
  if (post.url.empty()) post.url = str(item, "external_url");
  post.title = str(item, "title");
  post.html = str(item, "content_html");
  if (post.html.find_first_not_of(" \t\r\n") == std::string::npos) {
    post.html = str(item, "content_text");
    if (post.html.empty()) post.html = str(item, "summary");
    raw.html_is_text = true;
  }
  raw.description = post.html;
  post.author = author_of(item);
  if (post.author.empty()) post.author = feed_author;
  post.published = text::parse_date(str(item, "date_published"));
  post.updated = text::parse_date(str(item, "date_modified"));
  if (const json::array* tags = arr(item, "tags")) {
    for (const json::value& t : *tags) {
      if (const json::string* s = t.if_string()) post.categories.emplace_back(*s);
    }
  }
  add_media(post, str(item, "image"), {}, "image");
  add_media(post, str(item, "banner_image"), {}, "image");
  if (const json::array* attachments = arr(item, "attachments")) {
    for (const json::value& a : *attachments) {
      if (const json::object* ao = a.if_object()) add_media(post, str(*ao, "url"), str(*ao, "mime_type"));
    }
  }
  finish_post(post, raw, base);
  return post;
}

}  // namespace

Page read_json_feed(std::string_view body, std::string_view base_url) {
  boost::system::error_code ec;
  json::value doc = json::parse(body, ec);
  if (ec) throw ParseError("JSON error: " + ec.message());
  const json::object* root = doc.if_object();
  if (!root) throw ParseError("not a feed: JSON that is not an object");
  const std::string version = str(*root, "version");
  const json::array* items = arr(*root, "items");
  if (!version.starts_with("https://jsonfeed.org/version/") && !items) {
    throw ParseError("not a feed: JSON without a jsonfeed version or items");
  }
  Page page;
  page.feed.title = str(*root, "title");
  page.feed.link = text::resolve_url(base_url, str(*root, "home_page_url"));
  page.feed.description = str(*root, "description");
  const std::string icon = !str(*root, "icon").empty() ? str(*root, "icon") : str(*root, "favicon");
  if (!icon.empty()) page.feed.image = text::resolve_url(base_url, icon);
  const std::string base = !base_url.empty() ? std::string(base_url) : page.feed.link;
  const std::string feed_author = author_of(*root);
  if (items) {
    for (const json::value& v : *items) {
      if (const json::object* item = v.if_object()) page.posts.push_back(read_item(*item, feed_author, base));
    }
  }
  return page;
}

}  // namespace gather::rss
