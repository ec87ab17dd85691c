// One mblog (a Weibo post as the mobile API writes it) to a Post.
#pragma once

#include <string_view>

#include "core/post.h"
#include "platforms/weibo/json_fields.h"

namespace gather::weibo {

// The one category each post gets (see weibo_api.h).
inline constexpr std::string_view kRepost = "转发";
inline constexpr std::string_view kVideo = "视频";
inline constexpr std::string_view kPictures = "图文";
inline constexpr std::string_view kText = "文字";

// `media_base` resolves media URLs that are not absolute (protocol-relative "//wx1..." ones).
Post read_mblog(const json::object& mblog, std::string_view media_base);

}  // namespace gather::weibo
