// Versioned schema. PRAGMA user_version records how many migrations ran; each runs once, in a
// transaction, so a store created by any earlier release opens and upgrades in place.
#pragma once

#include "store/sqlite_db.h"

namespace gather::sqlite {

int schema_version();  // the version this build writes
// Applies what is missing. Refuses (StoreFailure) a database newer than this build.
void migrate(Database& db);

}  // namespace gather::sqlite
