#include "core/post_json.h"

#include <date/date.h>

#include <cstdint>
#include <sstream>
#include <stdexcept>

#include "core/time_text.h"

namespace gather {
namespace json = boost::json;

namespace {

json::value time_or_null(const std::optional<TimePoint>& t) {
  if (!t) return nullptr;
  return json::string(format_rfc3339(*t));
}

std::string str_field(const json::object& o, std::string_view key) {
  auto* v = o.if_contains(key);
  if (!v || v->is_null()) return {};
  if (!v->is_string()) throw std::invalid_argument("post field '" + std::string(key) + "' is not a string");
  return std::string(v->get_string());
}

std::optional<TimePoint> time_field(const json::object& o, std::string_view key) {
  std::string s = str_field(o, key);
  if (s.empty()) return std::nullopt;
  std::istringstream in(s);
  date::sys_seconds t;
  in >> date::parse("%FT%TZ", t);
  if (in.fail()) throw std::invalid_argument("post field '" + std::string(key) + "' is not RFC 3339: " + s);
  return t;
}

std::optional<std::int64_t> int_field(const json::object& o, std::string_view key) {
  auto* v = o.if_contains(key);
  if (!v || v->is_null()) return std::nullopt;
  if (v->is_int64()) return v->get_int64();
  if (v->is_uint64() && v->get_uint64() <= static_cast<std::uint64_t>(INT64_MAX))
    return static_cast<std::int64_t>(v->get_uint64());
  throw std::invalid_argument("post field '" + std::string(key) + "' is not a whole number");
}

std::optional<std::string> optional_str_field(const json::object& o, std::string_view key) {
  if (auto* v = o.if_contains(key); !v || v->is_null()) return std::nullopt;
  return str_field(o, key);
}

// The optional fields are written only when set: the JSON of media that has none of them (every
// platform but TDLib's) stays byte for byte what it was.
json::object media_json(const Media& m) {
  json::object o{{"url", m.url}, {"type", m.type}, {"mime", m.mime}};
  if (m.ref) o["ref"] = *m.ref;
  if (m.size) o["size"] = *m.size;
  if (m.width) o["width"] = *m.width;
  if (m.height) o["height"] = *m.height;
  if (m.duration) o["duration"] = *m.duration;
  if (m.file_name) o["file_name"] = *m.file_name;
  return o;
}

Media media_from_json(const json::object& o) {
  Media m{str_field(o, "url"), str_field(o, "type"), str_field(o, "mime")};
  m.ref = optional_str_field(o, "ref");
  m.size = int_field(o, "size");
  m.width = int_field(o, "width");
  m.height = int_field(o, "height");
  m.duration = int_field(o, "duration");
  m.file_name = optional_str_field(o, "file_name");
  return m;
}

}  // namespace

json::object to_json(const Post& p) {
  json::array categories, tags, media;
  for (const auto& c : p.categories) categories.emplace_back(c);
  for (const auto& t : p.tags) tags.emplace_back(t);
  for (const auto& m : p.media) media.emplace_back(media_json(m));
  json::object o{{"id", p.id},
                      {"url", p.url},
                      {"title", p.title},
                      {"text", p.text},
                      {"html", p.html},
                      {"author", p.author},
                      {"published", time_or_null(p.published)},
                      {"updated", time_or_null(p.updated)},
                      {"categories", std::move(categories)},
                      {"tags", std::move(tags)},
                      {"media", std::move(media)},
                      {"truncated", p.truncated},
                      {"edited", p.edited},
                      {"views", p.views ? json::value(*p.views) : json::value(nullptr)},
                      {"repost", p.repost.empty() ? json::value(nullptr) : json::value(to_json(p.repost.front()))}};
  // Only when set, like the media's optional fields, so posts that reply to nothing read as before.
  if (p.reply_to) o["reply_to"] = *p.reply_to;
  return o;
}

json::object to_json(const Feed& f) {
  return json::object{{"title", f.title}, {"link", f.link}, {"description", f.description}, {"image", f.image}};
}

json::object to_json(const Page& page) {
  json::array posts;
  for (const auto& p : page.posts) posts.emplace_back(to_json(p));
  return json::object{{"feed", to_json(page.feed)}, {"posts", std::move(posts)}};
}

Post post_from_json(const json::value& v) {
  if (!v.is_object()) throw std::invalid_argument("post is not a JSON object");
  const auto& o = v.get_object();
  Post p;
  p.id = str_field(o, "id");
  p.url = str_field(o, "url");
  p.title = str_field(o, "title");
  p.text = str_field(o, "text");
  p.html = str_field(o, "html");
  p.author = str_field(o, "author");
  p.published = time_field(o, "published");
  p.updated = time_field(o, "updated");
  if (auto* c = o.if_contains("categories"); c && c->is_array())
    for (const auto& e : c->get_array())
      if (e.is_string()) p.categories.emplace_back(e.get_string());
  if (auto* c = o.if_contains("tags"); c && c->is_array())
    for (const auto& e : c->get_array())
      if (e.is_string()) p.tags.emplace_back(e.get_string());
  // Entries queued before these fields existed have none of them: the defaults stand.
  if (auto* b = o.if_contains("truncated"); b && b->is_bool()) p.truncated = b->get_bool();
  if (auto* b = o.if_contains("edited"); b && b->is_bool()) p.edited = b->get_bool();
  if (auto* n = o.if_contains("views"); n && n->is_int64()) p.views = n->get_int64();
  if (auto* r = o.if_contains("repost"); r && !r->is_null()) p.repost.push_back(post_from_json(*r));
  p.reply_to = optional_str_field(o, "reply_to");
  if (auto* m = o.if_contains("media"); m && m->is_array())
    for (const auto& e : m->get_array()) {
      if (!e.is_object()) throw std::invalid_argument("post field 'media' holds a non-object");
      p.media.push_back(media_from_json(e.get_object()));
    }
  return p;
}

}  // namespace gather
