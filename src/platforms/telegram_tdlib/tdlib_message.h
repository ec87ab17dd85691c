// One TDLib `message` to a Post.
//
//   Post.id         "PREFIX/N": N the server message id (TDLib's id >> 20), PREFIX the chat's
//                   username, as the web preview's parser writes ids, so a channel read either
//                   way yields the same ids; "c/ID" for a supergroup without one (ID its
//                   supergroup id: the chat id without -100), "chat/ID" for other chats
//   Post.url        https://t.me/NAME/N, https://t.me/c/ID/N (members only), "" for basic groups
//                   and private chats (no link reaches them)
//   Post.text/html  the text or caption (formatted_text.h); tags its hashtags
//   Post.author     author_signature, else the sender: a chat's title, a user's name as the
//                   caller resolves it, else the user id as text
//   Post.published  date; edit_date, when not 0, sets `updated` and `edited`
//   Post.views      interaction_info.view_count, when TDLib gives interaction_info
//   Post.categories the content's kind (tdlib_content.h), then "forward" for a forward
//   Post.media      the content's files (tdlib_media.h)
//   Post.reply_to   the replied-to message's post id, when it is a message of a known chat
//   Post.repost     a forward: one Post for its origin — author the channel's signature or title,
//                   the chat's title, the user's name or the hidden user's name; for a channel
//                   post also id and url; published the original date. The content stays on the
//                   outer post, as the preview's parser does.
// Not posts (nullopt): service messages, and messages without a server id (being sent, failed,
// scheduled: their id is not a multiple of 2^20).
#pragma once

#include <boost/json.hpp>

#include <cstdint>
#include <functional>
#include <optional>
#include <string>

#include "core/post.h"

namespace gather::telegram_tdlib {

// A chat as far as the caller knows it.
struct ChatRef {
  std::int64_t chat_id = 0;  // TDLib's chat id (-100... for supergroups and channels); 0: unknown
  std::string username;      // "" when it has none (or it is not known)
  std::string title;
};

// What the caller knows beyond the message itself. Every lookup may be empty.
struct Names {
  // The chat the messages are read from. chat_id 0 means "the chat the message says".
  ChatRef chat;
  // Other chats (forward origins, replies in other chats, channels posting in a group).
  std::function<std::optional<ChatRef>(std::int64_t chat_id)> chat_by_id;
  // A user's display name.
  std::function<std::optional<std::string>(std::int64_t user_id)> user_name;
};

// N of "NAME/N": the server message id, or nullopt for a local (unsent, scheduled) message.
std::optional<std::int64_t> server_message_id(std::int64_t tdlib_message_id);

// The supergroup id of a supergroup or channel chat id (-1001234567890 -> 1234567890), or
// nullopt for other chats.
std::optional<std::int64_t> supergroup_id_of(std::int64_t chat_id);

// The PREFIX of a chat's post ids, and the URL of its message N ("" when it has none).
std::string post_prefix(const ChatRef& chat);
std::string post_url(const ChatRef& chat, std::int64_t server_id);

std::optional<Post> read_message(const boost::json::object& message, const Names& names);

}  // namespace gather::telegram_tdlib
