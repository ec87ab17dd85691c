// A thin RAII layer over the SQLite C API: a connection, cached prepared statements, and a
// transaction guard. Errors become StoreFailure with SQLite's message and the statement.
#pragma once

#include <sqlite3.h>

#include <chrono>
#include <cstdint>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>

namespace gather::sqlite {

// The database itself failed (I/O, corruption, a bug in our SQL); not the caller's input.
class StoreFailure : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// Times are stored as unix milliseconds (INTEGER); these are the only conversions.
using TimePoint = std::chrono::system_clock::time_point;
inline std::int64_t to_ms(TimePoint t) {
  return std::chrono::duration_cast<std::chrono::milliseconds>(t.time_since_epoch()).count();
}
inline TimePoint from_ms(std::int64_t ms) {
  return TimePoint{std::chrono::duration_cast<TimePoint::duration>(std::chrono::milliseconds{ms})};
}
inline std::optional<std::int64_t> to_ms(const std::optional<TimePoint>& t) {
  return t ? std::optional<std::int64_t>(to_ms(*t)) : std::nullopt;
}

// A borrowed, cached statement. It resets itself when it goes out of scope: a statement left
// mid-result holds a read snapshot open, and a connection with a stale snapshot cannot start a
// write transaction once another process has written (SQLITE_BUSY at once, no busy wait).
class Statement {
 public:
  Statement(sqlite3* db, sqlite3_stmt* stmt) : db_(db), stmt_(stmt) {}
  Statement(Statement&& other) noexcept : db_(other.db_), stmt_(std::exchange(other.stmt_, nullptr)) {}
  Statement(const Statement&) = delete;
  Statement& operator=(const Statement&) = delete;
  Statement& operator=(Statement&&) = delete;
  ~Statement() {
    if (stmt_) sqlite3_reset(stmt_);
  }
  Statement& bind(int index, std::int64_t value);
  Statement& bind(int index, int value) { return bind(index, static_cast<std::int64_t>(value)); }
  Statement& bind(int index, double value);
  Statement& bind(int index, std::string_view value);
  Statement& bind(int index, const std::string& value) { return bind(index, std::string_view(value)); }
  Statement& bind(int index, const char* value) { return bind(index, std::string_view(value)); }
  Statement& bind_null(int index);
  // Binary bytes (embedded NULs and invalid UTF-8 are fine, unlike bind(text)).
  Statement& bind_blob(int index, std::string_view bytes);
  template <class T>
  Statement& bind(int index, const std::optional<T>& value) {
    return value ? bind(index, *value) : bind_null(index);
  }
  // Advances; true while a row is available.
  bool step();
  // Runs to completion, ignoring rows.
  void run();
  std::int64_t int64(int col) const { return sqlite3_column_int64(stmt_, col); }
  double real(int col) const { return sqlite3_column_double(stmt_, col); }
  std::string text(int col) const;
  std::string blob(int col) const;
  bool is_null(int col) const { return sqlite3_column_type(stmt_, col) == SQLITE_NULL; }
  std::optional<std::int64_t> opt_int64(int col) const {
    return is_null(col) ? std::nullopt : std::optional<std::int64_t>(int64(col));
  }

 private:
  sqlite3* db_;
  sqlite3_stmt* stmt_;
};

class Database {
 public:
  // Opens (creating if needed). Throws StoreFailure naming the path.
  explicit Database(const std::string& path);
  ~Database();
  Database(const Database&) = delete;
  Database& operator=(const Database&) = delete;

  void exec(std::string_view sql);
  // Like exec, but retries while another connection holds a lock SQLite does not wait for by
  // itself (switching the journal mode takes an exclusive lock without the busy handler).
  void exec_waiting(std::string_view sql, std::chrono::milliseconds patience);
  // A cached statement, reset and with bindings cleared.
  Statement prepare(const std::string& sql);
  std::int64_t last_insert_id() const { return sqlite3_last_insert_rowid(db_); }
  bool in_transaction() const { return sqlite3_get_autocommit(db_) == 0; }
  int next_savepoint() { return ++savepoints_; }
  int changes() const { return sqlite3_changes(db_); }
  const std::string& path() const { return path_; }

 private:
  sqlite3* db_ = nullptr;
  std::string path_;
  std::unordered_map<std::string, sqlite3_stmt*> cache_;
  int savepoints_ = 0;
};

// Commits on commit(); rolls back if destroyed without it (an exception unwinding). Inside an
// open transaction it is a savepoint, so a store method can run alone or as part of a larger
// atomic step (Store::atomically).
class Transaction {
 public:
  explicit Transaction(Database& db);
  ~Transaction();
  void commit();

 private:
  Database& db_;
  std::string savepoint_;  // empty for the outermost transaction
  bool done_ = false;
};

}  // namespace gather::sqlite
