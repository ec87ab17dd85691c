// The major part of a dynamic (modules.module_dynamic.major): what the dynamic is about beyond
// the author's words, one shape per major type (pictures, a video, an article, an opus, a live
// room, a deleted original, ...).
#pragma once

#include <boost/json.hpp>

#include <string>
#include <string_view>
#include <vector>

namespace gather::bilibili {

// What a major part contributes to its Post.
struct Major {
  std::string title;
  std::string body;  // text beyond the author's words
  std::string url;   // "" when the dynamic's own page is the link
  std::vector<std::string> images;
  std::vector<std::string> tags;
  bool truncated = false;
};

// Per major type:
//   DRAW        draw.items[].src as images
//   OPUS        opus.title; opus.summary as body (and its #topics#); opus.pics[].url as images;
//               an article in opus form links to opus.jump_url and is truncated
//   ARCHIVE     archive.title, .desc as body, .cover; https://www.bilibili.com/video/{bvid}
//   ARTICLE     article.title, .desc as body, .covers; https://www.bilibili.com/read/cv{id};
//               truncated (the feed carries a summary)
//   LIVE_RCMD   live_rcmd.content, a JSON document in a string: live_play_info.title, .cover,
//               https://live.bilibili.com/{room_id}
//   LIVE        live.title, .cover, https://live.bilibili.com/{id}
//   NONE / null none.tips as body (a deleted original: "源动态已被作者删除")
//   others      the object named by the type (ugc_season, pgc, common, music, courses, ...):
//               title, desc as body, cover, jump_url
// `dynamic_type` is the item's DYNAMIC_TYPE_*, which tells an article's opus from a picture's.
Major read_major(const boost::json::object* major, std::string_view dynamic_type);

}  // namespace gather::bilibili
