#include "platforms/bilibili/major_part.h"

#include <cctype>
#include <utility>

#include "platforms/bilibili/api_envelope.h"
#include "platforms/bilibili/json_fields.h"
#include "platforms/bilibili/rich_text.h"

namespace gather::bilibili {
namespace {

void add_image(Major& m, std::string url) {
  url = absolute(std::move(url));
  if (!url.empty()) m.images.push_back(std::move(url));
}

std::string live_room(std::string_view room_id) {
  return room_id.empty() || room_id == "0" ? std::string() : "https://live.bilibili.com/" + std::string(room_id);
}

// DYNAMIC_TYPE_LIVE_RCMD: `content` is a JSON document inside a string; its live_play_info
// holds the room.
void read_live_rcmd(const json::object* live_rcmd, Major& m) {
  const auto content = try_parse_object(str(live_rcmd, "content"));
  if (!content) return;
  const json::object* info = obj(&*content, "live_play_info");
  m.title = str(info, "title");
  add_image(m, str(info, "cover"));
  m.url = live_room(str(info, "room_id"));
  if (m.url.empty()) m.url = absolute(str(info, "link"));
}

}  // namespace

Major read_major(const json::object* major, std::string_view dynamic_type) {
  Major m;
  const std::string type = str(major, "type");
  if (type.empty() || type == "MAJOR_TYPE_NONE") {
    // A deleted or hidden original: its tip ("源动态已被作者删除") is all there is to show.
    m.body = str(obj(major, "none"), "tips");
    return m;
  }
  if (type == "MAJOR_TYPE_DRAW") {
    if (const json::array* items = arr(obj(major, "draw"), "items")) {
      for (const json::value& p : *items) add_image(m, str(p.if_object(), "src"));
    }
    return m;
  }
  if (type == "MAJOR_TYPE_OPUS") {
    // The newer form of pictures, text and (since 2024) articles.
    const json::object* opus = obj(major, "opus");
    m.title = str(opus, "title");
    RichText summary = read_rich_text(obj(opus, "summary"));
    m.body = std::move(summary.text);
    m.tags = std::move(summary.tags);
    m.images = std::move(summary.images);
    if (const json::array* pics = arr(opus, "pics")) {
      for (const json::value& p : *pics) add_image(m, str(p.if_object(), "url"));
    }
    // An article's opus carries only the start of the article; its page is the article.
    const bool article = dynamic_type == "DYNAMIC_TYPE_ARTICLE";
    m.truncated = summary.has_more || article;
    if (article) m.url = absolute(str(opus, "jump_url"));
    return m;
  }
  if (type == "MAJOR_TYPE_ARCHIVE") {
    const json::object* a = obj(major, "archive");
    m.title = str(a, "title");
    m.body = str(a, "desc");
    add_image(m, str(a, "cover"));
    const std::string bvid = str(a, "bvid");
    m.url = bvid.empty() ? absolute(str(a, "jump_url")) : "https://www.bilibili.com/video/" + bvid;
    return m;
  }
  if (type == "MAJOR_TYPE_ARTICLE") {
    const json::object* a = obj(major, "article");
    m.title = str(a, "title");
    m.body = str(a, "desc");
    if (const json::array* covers = arr(a, "covers")) {
      for (const json::value& c : *covers) {
        if (const json::string* s = c.if_string()) add_image(m, std::string(*s));
      }
    }
    const std::string id = str(a, "id");
    m.url = id.empty() ? absolute(str(a, "jump_url")) : "https://www.bilibili.com/read/cv" + id;
    m.truncated = true;  // the feed shows the article's summary, never the article
    return m;
  }
  if (type == "MAJOR_TYPE_LIVE_RCMD") {
    read_live_rcmd(obj(major, "live_rcmd"), m);
    return m;
  }
  if (type == "MAJOR_TYPE_LIVE") {
    const json::object* live = obj(major, "live");
    m.title = str(live, "title");
    add_image(m, str(live, "cover"));
    m.url = live_room(str(live, "id"));
    return m;
  }
  // The rest (ugc_season, pgc, common, music, courses, medialist, ...) share one shape: the
  // object named by the type, with title, desc, cover and jump_url.
  std::string key = type.substr(type.rfind("MAJOR_TYPE_") == 0 ? 11 : 0);
  for (char& c : key) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  const json::object* part = obj(major, key);
  m.title = str(part, "title");
  m.body = str(part, "desc");
  add_image(m, str(part, "cover"));
  m.url = absolute(str(part, "jump_url"));
  return m;
}

}  // namespace gather::bilibili
