#include "platforms/bilibili/dynamic_item.h"

#include <array>
#include <utility>

#include "platforms/bilibili/json_fields.h"
#include "platforms/bilibili/major_part.h"
#include "platforms/bilibili/rich_text.h"

namespace gather::bilibili {

std::string category_of(std::string_view dynamic_type) {
  // Short labels as the site names the kinds; 转发 / 视频 / 图文 / 文字 are meant to be the words
  // other platforms (Weibo) use for the same kinds, so that one category filter fits both.
  static constexpr std::array<std::pair<std::string_view, std::string_view>, 14> kLabels{{
      {"DYNAMIC_TYPE_AV", "视频"},
      {"DYNAMIC_TYPE_UGC_SEASON", "视频"},  // a new episode of a video collection
      {"DYNAMIC_TYPE_PGC", "剧集"},
      {"DYNAMIC_TYPE_DRAW", "图文"},
      {"DYNAMIC_TYPE_WORD", "文字"},
      {"DYNAMIC_TYPE_FORWARD", "转发"},
      {"DYNAMIC_TYPE_ARTICLE", "专栏"},
      {"DYNAMIC_TYPE_LIVE_RCMD", "直播"},
      {"DYNAMIC_TYPE_LIVE", "直播"},
      {"DYNAMIC_TYPE_MUSIC", "音频"},
      {"DYNAMIC_TYPE_COURSES_SEASON", "课程"},
      {"DYNAMIC_TYPE_COMMON_SQUARE", "分享"},
      {"DYNAMIC_TYPE_COMMON_VERTICAL", "分享"},
      {"DYNAMIC_TYPE_MEDIALIST", "收藏夹"},
  }};
  if (dynamic_type == "DYNAMIC_TYPE_NONE") return {};
  for (const auto& [type, label] : kLabels) {
    if (type == dynamic_type) return std::string(label);
  }
  return "动态";
}

namespace {

std::string join_text(std::string first, const std::string& second) {
  if (second.empty() || second == first) return first;
  if (first.empty()) return second;
  return first + "\n\n" + second;
}

}  // namespace

Post read_dynamic(const json::object& item) {
  Post post;
  const std::string type = str(&item, "type");
  const json::object* modules = obj(&item, "modules");
  const json::object* author = obj(modules, "module_author");
  const json::object* dynamic = obj(modules, "module_dynamic");

  post.id = str(&item, "id_str");
  post.author = str(author, "name");
  if (const auto ts = integer(author, "pub_ts"); ts && *ts > 0) post.published = TimePoint{std::chrono::seconds{*ts}};
  if (std::string label = category_of(type); !label.empty()) post.categories.push_back(std::move(label));

  RichText desc = read_rich_text(obj(dynamic, "desc"));
  Major major = read_major(obj(dynamic, "major"), type);

  post.title = std::move(major.title);
  post.text = join_text(std::move(desc.text), major.body);
  for (std::string& t : desc.tags) add_tag(post.tags, std::move(t));
  for (std::string& t : major.tags) add_tag(post.tags, std::move(t));
  add_tag(post.tags, str(obj(dynamic, "topic"), "name"));
  for (std::string& url : desc.images) post.media.push_back({std::move(url), "image", {}});
  for (std::string& url : major.images) post.media.push_back({std::move(url), "image", {}});
  post.truncated = major.truncated || desc.has_more;

  // Videos, articles and live rooms link to their own pages; every other kind to the dynamic.
  post.url = std::move(major.url);
  if (post.url.empty() && !post.id.empty()) post.url = "https://t.bilibili.com/" + post.id;

  if (const json::object* orig = obj(&item, "orig")) post.repost.push_back(read_dynamic(*orig));
  return post;
}

}  // namespace gather::bilibili
