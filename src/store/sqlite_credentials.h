// The credential half of SqliteStore: rows in `credentials` + `credential_targets`, with secrets
// sealed by a SecretBox on the way in and opened on the way out. Kept apart from sqlite_store.cpp
// because it is the only part of the store that handles key material.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "core/records.h"
#include "core/secret_box.h"
#include "store/sqlite_db.h"

namespace gather::sqlite {

class CredentialRows {
 public:
  // `secrets` may be null: every method then throws StoreError("no secret key configured").
  CredentialRows(Database& db, std::shared_ptr<const SecretBox> secrets)
      : db_(db), secrets_(std::move(secrets)) {}

  Id add(const Credential& credential);
  std::vector<Credential> all();
  std::optional<Credential> one(Id id);
  bool remove(Id id);
  void set_state(Id id, const std::string& state, std::optional<TimePoint> until, const std::string& reason);

 private:
  const SecretBox& box() const;
  void validate(const Credential& c);
  Credential read(const Statement& st);

  Database& db_;
  std::shared_ptr<const SecretBox> secrets_;
};

}  // namespace gather::sqlite
