// Telegram's entity cache and join map, per account. Resolving a username is the most
// rate-limited call Telegram has, and a chat id is only usable by the account that resolved it
// (access hashes are per account), so each account keeps its own: a restart resolves nothing
// again. The same rows say which account is a member of which chat (the join map).
#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/records.h"

namespace gather {

struct KnownChat {
  Id credential_id = 0;
  // What the target names: a username in lower case ("durov"), "+HASH" for an invite link,
  // "chat/ID" for a chat given by id.
  std::string handle;
  std::int64_t chat_id = 0;  // TDLib's chat id (-100... for channels and supergroups)
  std::string kind;          // "channel" | "supergroup" | "group" | "private"
  std::string title;
  bool member = false;       // the account is in the chat: it gets its messages live
  TimePoint resolved_at{};
};

class ChatDirectory {
 public:
  virtual ~ChatDirectory() = default;
  virtual std::optional<KnownChat> known_chat(Id credential, const std::string& handle) = 0;
  // Inserts or replaces (credential, handle).
  virtual void remember_chat(const KnownChat& chat) = 0;
  // Every handle of that chat id on that account.
  virtual void set_member(Id credential, std::int64_t chat_id, bool member) = 0;
  // All rows, or one account's; ordered by account, then handle.
  virtual std::vector<KnownChat> known_chats(std::optional<Id> credential) = 0;
  // Grows with every remember_chat and set_member through this object: readers of the join map
  // re-read it only when this or the store's outside changes moved.
  virtual std::int64_t changes() const = 0;

  // The resolve log: each searchPublicChat an account made, so its budget survives a restart.
  virtual void record_resolve(Id credential, TimePoint at) = 0;
  virtual int resolves_since(Id credential, TimePoint since) = 0;
  // The join log: joins have a small budget of their own.
  virtual void record_join(Id credential, TimePoint at) = 0;
  virtual int joins_since(Id credential, TimePoint since) = 0;
};

}  // namespace gather
