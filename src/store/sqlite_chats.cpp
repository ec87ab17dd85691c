#include "store/sqlite_chats.h"

namespace gather::sqlite {

namespace {

constexpr const char* kCols = "credential_id, handle, chat_id, kind, title, member, resolved_at";

KnownChat read(const Statement& st) {
  KnownChat c;
  c.credential_id = st.int64(0);
  c.handle = st.text(1);
  c.chat_id = st.int64(2);
  c.kind = st.text(3);
  c.title = st.text(4);
  c.member = st.int64(5) != 0;
  c.resolved_at = from_ms(st.int64(6));
  return c;
}

}  // namespace

std::optional<KnownChat> ChatRows::known_chat(Id credential, const std::string& handle) {
  auto st = db_.prepare(std::string("SELECT ") + kCols + " FROM telegram_chats WHERE credential_id=? AND handle=?");
  st.bind(1, credential).bind(2, handle);
  if (!st.step()) return std::nullopt;
  return read(st);
}

void ChatRows::remember_chat(const KnownChat& c) {
  ++changes_;
  db_.prepare("INSERT OR REPLACE INTO telegram_chats (credential_id, handle, chat_id, kind, title, member, resolved_at) "
              "VALUES (?,?,?,?,?,?,?)")
      .bind(1, c.credential_id)
      .bind(2, c.handle)
      .bind(3, c.chat_id)
      .bind(4, c.kind)
      .bind(5, c.title)
      .bind(6, c.member ? 1 : 0)
      .bind(7, to_ms(c.resolved_at))
      .run();
}

void ChatRows::set_member(Id credential, std::int64_t chat_id, bool member) {
  ++changes_;
  db_.prepare("UPDATE telegram_chats SET member=? WHERE credential_id=? AND chat_id=?")
      .bind(1, member ? 1 : 0)
      .bind(2, credential)
      .bind(3, chat_id)
      .run();
}

std::vector<KnownChat> ChatRows::known_chats(std::optional<Id> credential) {
  std::vector<KnownChat> out;
  auto st = credential ? db_.prepare(std::string("SELECT ") + kCols +
                                     " FROM telegram_chats WHERE credential_id=? ORDER BY credential_id, handle")
                       : db_.prepare(std::string("SELECT ") + kCols + " FROM telegram_chats ORDER BY credential_id, handle");
  if (credential) st.bind(1, *credential);
  while (st.step()) out.push_back(read(st));
  return out;
}

namespace {

// Each log keeps two days: no budget looks further back, and the rows would grow without bound.
void record(Database& db, const char* table, Id credential, TimePoint at) {
  db.prepare(std::string("INSERT INTO ") + table + " (credential_id, at) VALUES (?,?)").bind(1, credential).bind(2, to_ms(at)).run();
  db.prepare(std::string("DELETE FROM ") + table + " WHERE credential_id=? AND at < ?")
      .bind(1, credential)
      .bind(2, to_ms(at - std::chrono::hours{48}))
      .run();
}

int count_since(Database& db, const char* table, Id credential, TimePoint since) {
  auto st = db.prepare(std::string("SELECT COUNT(*) FROM ") + table + " WHERE credential_id=? AND at >= ?");
  st.bind(1, credential).bind(2, to_ms(since));
  return st.step() ? static_cast<int>(st.int64(0)) : 0;
}

}  // namespace

void ChatRows::record_resolve(Id credential, TimePoint at) { record(db_, "telegram_resolves", credential, at); }
int ChatRows::resolves_since(Id credential, TimePoint since) {
  return count_since(db_, "telegram_resolves", credential, since);
}
void ChatRows::record_join(Id credential, TimePoint at) { record(db_, "telegram_joins", credential, at); }
int ChatRows::joins_since(Id credential, TimePoint since) { return count_since(db_, "telegram_joins", credential, since); }

}  // namespace gather::sqlite
