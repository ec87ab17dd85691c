#include "platforms/weibo/mblog.h"

#include <algorithm>
#include <string>

#include "platforms/text/dates.h"
#include "platforms/text/urls.h"
#include "platforms/weibo/mblog_html.h"

namespace gather::weibo {
namespace {

void add_media(Post& post, std::string_view base, const std::string& url, const char* type) {
  if (url.empty()) return;
  Media m{text::resolve_url(base, url), type, ""};
  if (std::find(post.media.begin(), post.media.end(), m) == post.media.end()) post.media.push_back(std::move(m));
}

// Pictures at their largest ("large"), falling back to the size the timeline shows. A live
// photo's motion part comes after its still.
void add_pictures(Post& post, const json::object& mblog, std::string_view base) {
  const json::array* pics = field_array(mblog, "pics");
  if (!pics) return;
  for (const json::value& v : *pics) {
    const json::object* pic = v.if_object();
    if (!pic) continue;
    const json::object* large = field_object(*pic, "large");
    std::string url = large ? field_text(*large, "url") : "";
    if (url.empty()) url = field_text(*pic, "url");
    add_media(post, base, url, "image");
    add_media(post, base, field_text(*pic, "videoSrc"), "video");
  }
}

bool is_video_card(const json::object* page_info) {
  return page_info && field_text(*page_info, "type") == "video";
}

// The best stream the card offers: the `urls` map by quality, else media_info's streams.
std::string video_stream(const json::object& page_info) {
  if (const json::object* urls = field_object(page_info, "urls")) {
    for (const char* key : {"mp4_1080p_mp4", "mp4_720p_mp4", "mp4_hd_mp4", "mp4_ld_mp4"}) {
      std::string url = field_text(*urls, key);
      if (!url.empty()) return url;
    }
  }
  if (const json::object* info = field_object(page_info, "media_info")) {
    for (const char* key : {"stream_url_hd", "stream_url"}) {
      std::string url = field_text(*info, key);
      if (!url.empty()) return url;
    }
  }
  return {};
}

void add_video(Post& post, const json::object& page_info, std::string_view base) {
  if (const json::object* pic = field_object(page_info, "page_pic")) add_media(post, base, field_text(*pic, "url"), "image");
  add_media(post, base, video_stream(page_info), "video");
}

std::string_view category_of(const json::object& mblog, const json::object* page_info) {
  if (field_object(mblog, "retweeted_status")) return kRepost;
  if (is_video_card(page_info)) return kVideo;
  const json::array* pics = field_array(mblog, "pics");
  if ((pics && !pics->empty()) || field_int(mblog, "pic_num").value_or(0) > 0) return kPictures;
  return kText;
}

}  // namespace

Post read_mblog(const json::object& mblog, std::string_view media_base) {
  Post post;
  post.id = field_text(mblog, "mid");
  if (post.id.empty()) post.id = field_text(mblog, "id");

  // A deleted original keeps its text ("抱歉，此微博已被作者删除…") but loses its user.
  const json::object* user = field_object(mblog, "user");
  const std::string uid = user ? field_text(*user, "id") : "";
  if (user) post.author = field_text(*user, "screen_name");
  std::string bid = field_text(mblog, "bid");
  if (bid.empty()) bid = field_text(mblog, "mblogid");
  if (!uid.empty() && !bid.empty()) {
    post.url = "https://weibo.com/" + uid + "/" + bid;
  } else if (!post.id.empty()) {
    post.url = "https://m.weibo.cn/detail/" + post.id;
  }

  post.html = field_text(mblog, "text");
  MblogHtml read = read_mblog_html(post.html);
  post.tags = tags_of(read);
  post.text = std::move(read.text);
  post.truncated = field_true(mblog, "isLongText") || read.full_text_stub;

  post.published = text::parse_date(field_text(mblog, "created_at"));
  const json::object* edit = field_object(mblog, "edit_config");
  post.edited = (edit && field_true(*edit, "edited")) || field_int(mblog, "edit_count").value_or(0) > 0;
  if (post.edited) post.updated = text::parse_date(field_text(mblog, "edit_at"));

  const json::object* page_info = field_object(mblog, "page_info");
  post.categories.emplace_back(category_of(mblog, page_info));
  add_pictures(post, mblog, media_base);
  if (is_video_card(page_info)) add_video(post, *page_info, media_base);

  if (const json::object* original = field_object(mblog, "retweeted_status")) {
    post.repost.push_back(read_mblog(*original, media_base));
  }
  return post;
}

}  // namespace gather::weibo
