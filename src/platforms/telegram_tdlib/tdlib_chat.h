// A TDLib chat (with, for supergroups and channels, its `supergroup` and `supergroupFullInfo`)
// to the Feed of its page and what the account knows of it.
#pragma once

#include <boost/json.hpp>

#include <cstdint>
#include <string>

#include "core/post.h"
#include "platforms/telegram_tdlib/tdlib_message.h"

namespace gather::telegram_tdlib {

struct ChatInfo {
  std::int64_t chat_id = 0;
  std::string kind;      // "channel" | "supergroup" | "group" (basic group) | "private" | "" (unknown type)
  std::string username;  // the first active username, "" when none (or no supergroup given)
  std::string title;
  // The account is in the chat: the supergroup's status is creator, administrator, member, or
  // restricted but a member. A private chat always; a basic group or a supergroup without its
  // `supergroup` object: false, as nothing here says so.
  bool is_member = false;
  std::string photo_ref;          // "tg:" + unique id of the big chat photo, "" without one
  std::string photo_internal_id;  // its TDLib file id, as Media::internal_id (never serialised)
};

// `supergroup` and `full_info` may be nullptr. Throws ParseError when `chat` is no TDLib chat.
ChatInfo read_chat(const boost::json::object& chat, const boost::json::object* supergroup);

// title the chat's title; link https://t.me/NAME (https://t.me/c/ID for a supergroup without a
// username, "" for other chats); description the full info's; image the photo's ref.
Feed read_feed(const ChatInfo& chat, const boost::json::object* full_info);

// The ChatRef message parsing needs.
ChatRef chat_ref_of(const ChatInfo& chat);

}  // namespace gather::telegram_tdlib
