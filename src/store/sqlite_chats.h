// The chat directory half of SqliteStore: rows in `telegram_chats` and `telegram_resolves`.
#pragma once

#include "store/chat_directory.h"
#include "store/sqlite_db.h"

namespace gather::sqlite {

class ChatRows final : public ChatDirectory {
 public:
  explicit ChatRows(Database& db) : db_(db) {}
  std::optional<KnownChat> known_chat(Id credential, const std::string& handle) override;
  void remember_chat(const KnownChat& chat) override;
  void set_member(Id credential, std::int64_t chat_id, bool member) override;
  std::vector<KnownChat> known_chats(std::optional<Id> credential) override;
  std::int64_t changes() const override { return changes_; }
  void record_resolve(Id credential, TimePoint at) override;
  int resolves_since(Id credential, TimePoint since) override;
  void record_join(Id credential, TimePoint at) override;
  int joins_since(Id credential, TimePoint since) override;

 private:
  Database& db_;
  std::int64_t changes_ = 0;
};

}  // namespace gather::sqlite
