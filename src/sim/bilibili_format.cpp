#include "sim/bilibili_format.h"

#include <boost/json.hpp>

#include <charconv>

#include "core/digest.h"

namespace gather::sim {

namespace json = boost::json;

namespace {

// Ids are 7·10^17 + feed·10^9 + k: 18 digits like the site's, ordered by k within a feed.
constexpr std::int64_t kIdBase = 700'000'000'000'000'000;
constexpr std::int64_t kIdsPerFeed = 1'000'000'000;

std::optional<std::int64_t> digits(std::string_view s) {
  if (s.empty() || s.size() > 18 || (s.size() > 1 && s.front() == '0')) return std::nullopt;  // one spelling
  std::int64_t v = 0;
  const auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  if (ec != std::errc{} || end != s.data() + s.size() || v < 0) return std::nullopt;
  return v;
}

// The body of the post as plain text: the same words the feeds carry as HTML, with characters
// JSON and the parser must keep as they are.
std::string plain_body(const SimPost& p) {
  return "Post " + std::to_string(p.index) + " of feed " + std::to_string(p.feed) +
         ": fish & chips, 3 < 4, \"quoted\" \u2014 caf\u00e9";
}

json::object text_node(std::string text, std::string_view type = "RICH_TEXT_NODE_TYPE_TEXT") {
  return {{"orig_text", text}, {"text", text}, {"type", type}};
}

json::object rich_desc(const SimPost& p) {
  json::array nodes;
  nodes.push_back(text_node(p.title + "\n" + plain_body(p)));
  for (const std::string& c : p.categories) {
    nodes.push_back(text_node(" "));
    json::object topic = text_node("#" + c + "#", "RICH_TEXT_NODE_TYPE_TOPIC");
    topic["jump_url"] = "//search.bilibili.com/all?keyword=" + c;
    nodes.push_back(std::move(topic));
  }
  return {{"rich_text_nodes", std::move(nodes)}, {"text", bilibili_dynamic_text(p)}};
}

json::value major_of(const SimPost& p) {
  if (!p.image_url) return nullptr;
  json::object pic{{"src", *p.image_url}, {"width", 1080}, {"height", 810}, {"size", 120.5}, {"tags", json::array{}}};
  return json::object{{"type", "MAJOR_TYPE_DRAW"},
                      {"draw", json::object{{"id", p.index + 1}, {"items", json::array{std::move(pic)}}}}};
}

json::object dynamic_item(const SimPost& p) {
  const std::string id = bilibili_dynamic_id(p.feed, p.index);
  const std::int64_t mid = bilibili_mid(p.feed);
  const auto pub_ts = std::chrono::duration_cast<std::chrono::seconds>(p.published.time_since_epoch()).count();
  json::object author{{"mid", mid},
                      {"name", bilibili_up_name(p.feed)},
                      {"face", "https://i0.hdslb.com/bfs/face/member/noface.jpg"},
                      {"jump_url", "//space.bilibili.com/" + std::to_string(mid) + "/dynamic"},
                      {"pub_ts", pub_ts},
                      {"pub_action", ""},
                      {"type", "AUTHOR_TYPE_NORMAL"}};
  json::object dynamic{{"additional", nullptr}, {"desc", rich_desc(p)}, {"major", major_of(p)}, {"topic", nullptr}};
  json::object stat{{"comment", json::object{{"count", 0}}},
                    {"forward", json::object{{"count", 0}}},
                    {"like", json::object{{"count", p.index}}}};
  return {{"basic", json::object{{"comment_id_str", id}, {"comment_type", p.image_url ? 11 : 17}, {"rid_str", id}}},
          {"id_str", id},
          {"modules", json::object{{"module_author", std::move(author)},
                                   {"module_dynamic", std::move(dynamic)},
                                   {"module_stat", std::move(stat)}}},
          {"type", p.image_url ? "DYNAMIC_TYPE_DRAW" : "DYNAMIC_TYPE_WORD"},
          {"visible", true}};
}

}  // namespace

std::int64_t bilibili_mid(int feed) { return kBilibiliFirstMid + feed; }

std::optional<int> bilibili_feed_of_mid(std::string_view mid, int feeds) {
  const auto v = digits(mid);
  if (!v || *v < kBilibiliFirstMid || *v - kBilibiliFirstMid >= feeds) return std::nullopt;
  return static_cast<int>(*v - kBilibiliFirstMid);
}

std::string bilibili_up_name(int feed) { return "Sim up " + std::to_string(feed); }

std::string bilibili_dynamic_id(int feed, int k) {
  return std::to_string(kIdBase + static_cast<std::int64_t>(feed) * kIdsPerFeed + k);
}

std::optional<int> bilibili_dynamic_index(std::string_view id, int feed) {
  const auto v = digits(id);
  const std::int64_t first = kIdBase + static_cast<std::int64_t>(feed) * kIdsPerFeed;
  if (!v || *v < first || *v >= first + kIdsPerFeed) return std::nullopt;
  return static_cast<int>(*v - first);
}

std::string bilibili_dynamic_text(const SimPost& p) {
  std::string text = p.title + "\n" + plain_body(p);
  for (const std::string& c : p.categories) text += " #" + c + "#";
  return text;
}

WbiKeyPair bilibili_wbi_keys(std::uint64_t seed) {
  const std::string s = std::to_string(seed);
  return {md5_hex("sim wbi img " + s), md5_hex("sim wbi sub " + s)};
}

std::string render_nav(const WbiKeyPair& keys) {
  json::object wbi{{"img_url", "https://i0.hdslb.com/bfs/wbi/" + keys.img + ".png"},
                   {"sub_url", "https://i0.hdslb.com/bfs/wbi/" + keys.sub + ".png"}};
  json::object data{{"isLogin", false}, {"wbi_img", std::move(wbi)}};
  return json::serialize(json::object{{"code", -101}, {"message", "账号未登录"}, {"ttl", 1}, {"data", std::move(data)}});
}

std::string render_space_page(const SpacePage& page) {
  json::array items;
  for (const SimPost& p : page.posts) items.push_back(dynamic_item(p));
  const std::string offset = page.posts.empty() ? "" : bilibili_dynamic_id(page.feed, page.posts.back().index);
  json::object data{{"has_more", page.has_more},
                    {"items", std::move(items)},
                    {"offset", offset},
                    {"update_baseline", page.posts.empty() ? "" : bilibili_dynamic_id(page.feed, page.posts.front().index)},
                    {"update_num", 0}};
  return json::serialize(json::object{{"code", 0}, {"message", "0"}, {"ttl", 1}, {"data", std::move(data)}});
}

std::string render_api_error(int code, std::string_view message, std::string_view data_json) {
  json::object o{{"code", code}, {"message", message}, {"ttl", 1}};
  if (!data_json.empty()) o["data"] = json::parse(data_json);
  return json::serialize(o);
}

}  // namespace gather::sim
