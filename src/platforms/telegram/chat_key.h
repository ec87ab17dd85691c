// A telegram target's key: which chat it names. Public chats are their username (what the web
// preview reads, and accounts too); the rest only an account can read: an invite link's hash
// ("+HASH", joined once by one account when the target says join) or a chat id an account is
// already in ("chat/-1001234567890", from tg:chat/ID or a t.me/c/ID post link).
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace gather::telegram {

struct ChatKey {
  enum class Kind { kUsername, kInvite, kChatId };
  Kind kind = Kind::kUsername;
  std::string username;      // kUsername, lower case
  std::string invite_hash;   // kInvite, as given (hashes are case-sensitive)
  std::int64_t chat_id = 0;  // kChatId
};

// The canonical key of what a user typed: NAME, @NAME, t.me/NAME... (channel_name.h),
// t.me/+HASH, t.me/joinchat/HASH, tg:chat/ID, t.me/c/ID[/N]. Throws std::invalid_argument
// naming what is wrong.
std::string chat_key(std::string_view input);
// Reads a canonical key back. Throws std::invalid_argument for one chat_key never makes.
ChatKey parse_chat_key(std::string_view key);
// The invite link TDLib takes for a hash.
std::string invite_link(std::string_view hash);

}  // namespace gather::telegram
