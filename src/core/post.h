// The normalised post: what every platform's parser produces and every sink consumes.
#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace gather {

using TimePoint = std::chrono::system_clock::time_point;

struct Media {
  std::string url;   // absolute
  std::string type;  // "image" | "video" | "audio" | "file"
  std::string mime;  // as declared by the source, or empty
  // What a platform that describes its files (Telegram through TDLib) says of them; each omitted
  // from JSON when unset, so other platforms' JSON stays as it was. (Default member initializers
  // throughout, so the three-field Media{url, type, mime} other platforms write stays warning-free.)
  std::optional<std::string> ref = std::nullopt;        // stable across accounts and time: "tg:" + remote unique id
  std::optional<std::int64_t> size = std::nullopt;      // bytes
  std::optional<std::int64_t> width = std::nullopt;     // pixels
  std::optional<std::int64_t> height = std::nullopt;    // pixels
  std::optional<std::int64_t> duration = std::nullopt;  // seconds
  std::optional<std::string> file_name = std::nullopt;  // as the sender named it
  // The handle the account that saw the file downloads it by (TDLib's file id, as text). Never
  // serialised: it means nothing to another session or after the session's files are reset, so
  // it lives only as long as the Post parsed from the account's answer; `ref` is what persists.
  std::string internal_id = {};
  bool operator==(const Media&) const = default;
};

struct Post {
  std::string id;  // unique within its target; stable across fetches
  std::string url;
  std::string title;
  std::string text;  // plain text, HTML removed, entities decoded
  std::string html;  // the source's HTML body, as given
  std::string author;
  std::optional<TimePoint> published;
  std::optional<TimePoint> updated;
  std::vector<std::string> categories;  // the platform's kind of post (转发, 视频, ...) or a feed's
  std::vector<std::string> tags;        // topics the author tagged (#...#, super-topics)
  std::vector<Media> media;
  // The text was cut by the platform; a detail fetch would complete it.
  bool truncated = false;
  bool edited = false;                  // the platform marks it edited
  std::optional<std::int64_t> views;    // where the platform shows a count
  // The post this one reposts or forwards, or empty. A vector because Post is recursive; it
  // never holds more than one.
  std::vector<Post> repost;
  // The id of the post this one replies to, in the same id scheme ("NAME/N"), when it is one.
  std::optional<std::string> reply_to = std::nullopt;
  bool operator==(const Post&) const = default;
};

// The profile of the thing a target points at (a feed's channel, an account).
struct Feed {
  std::string title;
  std::string link;
  std::string description;
  std::string image;  // avatar or logo URL
  bool operator==(const Feed&) const = default;
};

// What one parse of one response yields. Posts are in source order (newest first for most feeds).
struct Page {
  Feed feed;
  std::vector<Post> posts;
  // The platform's token for the page just older than this one (Weibo's since_id, Bilibili's
  // offset), when the response carries one; Platform::request_older reads it.
  std::string older_cursor;
};

}  // namespace gather
