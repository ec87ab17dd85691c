// Weibo's mobile web API (m.weibo.cn), one request builder and one parser per endpoint. The
// platform uses the timeline; the fetch flow will use the profile and long-text endpoints.
//
// Post conventions (every parser here): id = mid; url = https://weibo.com/{uid}/{bid}; title is
// empty (a Weibo post has none, and its first line is usually a #topic#, a poor title: themes
// that need one take it from the text); categories hold exactly one of 转发 (a repost), 视频
// (a video card), 图文 (pictures), 文字 (text only), checked in that order; tags are the #topics#
// of the text and the names of linked super-topics (超话), without # or the 超话 suffix.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "core/post.h"
#include "net/http_types.h"
#include "platforms/platform.h"

namespace gather::weibo {

// The uid in what a user typed: a bare uid, https://weibo.com/u/UID, https://m.weibo.cn/u/UID,
// https://m.weibo.cn/profile/UID, weibo.com/UID (scheme optional). Throws std::invalid_argument
// naming what is wrong (custom domains like weibo.com/name need a lookup, so they are refused).
std::string uid_from(std::string_view input);

// Where the API lives: platform_base_url("weibo", "https://m.weibo.cn").
std::string api_base();

// The account's posts, newest first (getIndex, containerid 107603{uid}); `since_id` (a page's
// older_cursor) asks for the page after it.
HttpRequest timeline_request(std::string_view uid, std::string_view since_id = {});
// The account's profile (getIndex without a containerid).
HttpRequest profile_request(std::string_view uid);
// The whole text of a post the timeline cut short (statuses/extend).
HttpRequest long_text_request(std::string_view mid);

// A timeline response: posts newest first by time (a pinned post goes where its date puts it),
// older_cursor = cardlistInfo.since_id, the feed from data.userInfo or else the first post's
// author. Throws ParseError on anything but a getIndex container.
Page parse_timeline(std::string_view body, std::string_view base_url);

// A profile response (data.userInfo): title = screen name, link = https://weibo.com/u/{uid},
// description, image = avatar_hd or profile_image_url. Throws ParseError.
Feed parse_profile(std::string_view body);

// A statuses/extend response (data.longTextContent), read with the same rules as a post's text.
struct LongText {
  std::string html;
  std::string text;
  std::vector<std::string> tags;
};
LongText parse_long_text(std::string_view body);
// Replaces a truncated post's text and html with the whole, adds tags the cut text lacked, and
// clears `truncated`.
void apply_long_text(Post& post, const LongText& full);

// How to read any of these responses. Never throws.
Classified classify_response(const HttpResponse& response);

}  // namespace gather::weibo
