// The session file the stand-in keeps where TDLib keeps its database: database_directory/
// tdsim-session.json = {"phone","token","key_hash"}. The key hash ties it to the
// database_encryption_key it was created with, as TDLib's encrypted database is.
#pragma once

#include <optional>
#include <string>

namespace tdsim {

struct SessionFile {
  std::string phone;
  std::string token;
  std::string key_hash;
};

std::string session_path(const std::string& database_directory);
std::string key_hash(const std::string& database_encryption_key);  // FNV-1a 64, hex: stable across builds
std::optional<SessionFile> read_session(const std::string& database_directory);
void write_session(const std::string& database_directory, const SessionFile& s);
void delete_session(const std::string& database_directory);

}  // namespace tdsim
