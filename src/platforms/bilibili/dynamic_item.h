// One dynamic (an item of the space feed, or the `orig` a forward carries) as a Post.
//
// What comes from where:
//   id          id_str
//   author      modules.module_author.name
//   published   modules.module_author.pub_ts (unix seconds)
//   categories  one label per dynamic type (see category_of)
//   text        module_dynamic.desc (the author's words), then the body the major part carries
//               (a video's or article's description, an opus summary, a deleted original's tip)
//   tags        #topics# of those texts, and module_dynamic.topic.name
//   title, url, media: per major part (see major_part.h); url is the dynamic's page,
//               https://t.bilibili.com/{id_str}, when the major part has no page of its own
//   repost      a forward's `orig`, read by the same rules
#pragma once

#include <boost/json.hpp>

#include <string>
#include <string_view>

#include "core/post.h"

namespace gather::bilibili {

// The category label of a dynamic type ("DYNAMIC_TYPE_AV" -> "视频"); "" for DYNAMIC_TYPE_NONE
// (a deleted original), "动态" for types this parser does not know.
std::string category_of(std::string_view dynamic_type);

Post read_dynamic(const boost::json::object& item);

}  // namespace gather::bilibili
