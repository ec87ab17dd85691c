// The default Store: one SQLite file in WAL mode. Process crashes lose nothing committed;
// synchronous=NORMAL trades the last commits on power loss for fewer fsyncs.
#pragma once

#include <memory>
#include <string>

#include "core/secret_box.h"
#include "store/store.h"

namespace gather {

struct SqliteStoreOptions {
  // Seen-post ids kept per target. More than any page a source shows, so a post that is still on
  // the page is never forgotten and pushed again.
  int seen_per_target = 2000;
  // Seals credential secrets at rest. Null: the credential methods throw StoreError (everything
  // else works), so tools that never touch credentials need no key.
  std::shared_ptr<const SecretBox> secrets = nullptr;
};

// Opens or creates the database at `path` and migrates it. Throws StoreError on failure.
std::unique_ptr<Store> open_sqlite_store(const std::string& path, SqliteStoreOptions options = {});

}  // namespace gather
