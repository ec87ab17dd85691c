// What every feed format does to an item once its fields are read: ids, absolute URLs, plain
// text, clean categories and media.
#pragma once

#include <string>
#include <string_view>

#include "core/post.h"

namespace gather::rss {

// "image" | "video" | "audio" | "file" from a MIME type, a Media RSS medium, or the URL's
// extension, in that order of trust.
std::string media_kind(std::string_view mime, std::string_view medium, std::string_view url);

// Adds a media reference unless its URL is empty or already present.
void add_media(Post& post, std::string_view url, std::string_view mime, std::string_view medium = {});

struct RawItem {
  std::string guid;         // the feed's own id for the item, if any
  std::string description;  // used only for the content-hash id
  bool html_is_text = false;  // `html` holds plain text (Atom type="text", JSON content_text)
};

// Finishes `post` in place. `base` resolves relative URLs. Id: guid, else the item URL, else
// sha256 of title + link + description. Text comes from the HTML unless given. Media come from
// the HTML's <img> when the item declared none.
void finish_post(Post& post, const RawItem& raw, std::string_view base);

}  // namespace gather::rss
