// A TDLib `messages` object (getChatHistory's answer, newest first) to a Page.
//
// Posts stay newest first. An album (adjacent messages sharing a media_album_id other than "0")
// becomes one post: the id, url, date, author, reply and forward of its first (smallest id)
// message; every member's media in chronological order; the text of the first member that has
// any (Telegram shows one caption per album); categories of all members, each once, in the
// order they first appear chronologically; views the largest count; edited when any member
// was, `updated` the latest edit. An album the page cuts in two (getChatHistory's limit falls
// inside it) yields a post for each part; the caller avoids that by reading on until the
// oldest message is no album's, or accepts it.
//
// Page.older_cursor is the smallest TDLib message id on the page (service messages included),
// as decimal: getChatHistory's from_message_id for the page before. The feed is left to the
// caller (tdlib_chat.h), since `messages` does not describe the chat.
#pragma once

#include <boost/json.hpp>

#include "core/post.h"
#include "platforms/telegram_tdlib/tdlib_message.h"

namespace gather::telegram_tdlib {

// Throws ParseError when `messages` is not a TDLib messages object (no "@type":"messages" or
// no messages array). null entries (TDLib's "message | null") are skipped.
Page read_messages(const boost::json::object& messages, const Names& names);

}  // namespace gather::telegram_tdlib
