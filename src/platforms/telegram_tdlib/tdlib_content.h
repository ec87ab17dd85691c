// What a TDLib MessageContent carries: the kind of post it makes, its text and its files.
//
// Posts (kind, as the web preview's parser names it in Post.categories, and media type):
//   messageText        "text"      (its link_preview is ignored, as the preview's parser does)
//   messagePhoto       "photo"     the largest size, "image"
//   messageVideo       "video"     "video"
//   messageAnimation   "video"     "video" (a GIF is a silent video on Telegram)
//   messageVideoNote   "video"     "video", square: width = height = its length
//   messageDocument    "document"  "file"
//   messageAudio       "document"  "audio" (the preview shows music as a document)
//   messageVoiceNote   "voice"     "audio"
//   messageSticker     "sticker"   "image", MIME from its format (webp, tgs, webm)
//   messagePoll        "poll"      the question and one "- option" line per option
//   messageLocation    "text"      "Location: LAT, LON"
//   messageContact     "text"      "Contact: NAME, PHONE"
// Anything else (joins, pins, title and photo changes, chat creation...) is a service message,
// not a post.
#pragma once

#include <boost/json.hpp>

#include <optional>
#include <string>
#include <vector>

#include "core/post.h"
#include "platforms/telegram_tdlib/formatted_text.h"

namespace gather::telegram_tdlib {

struct Content {
  std::string kind;     // "text", "photo", "video", "document", "voice", "poll", "sticker"
  RenderedText text;    // the text or caption
  std::vector<Media> media;
};

// nullopt for a service message (or a content object without @type).
std::optional<Content> read_content(const boost::json::object& content, const RenderOptions& options = {});

}  // namespace gather::telegram_tdlib
