// What a TDLib client needs before it can log in: setTdlibParameters, built from the config's
// [telegram] section and the account's own directory.
#pragma once

#include <optional>
#include <string>

#include "core/time_text.h"

#include "tdlib/td_dispatcher.h"

namespace gather::tdlib {

struct TdlibSettings {
  std::string tdjson_path;  // [telegram] tdjson; "" = TdjsonLibrary::default_path()
  int api_id = 0;           // [telegram] api_id, from https://my.telegram.org
  std::string api_hash;     // [telegram] api_hash
  std::string device_model = "gather";
  std::string application_version = "0.1";
  std::string system_language_code = "en";
  // [telegram] resolve_limit: searchPublicChat per account (see AccountPool::Options).
  std::optional<RateLimit> resolve_limit;
  std::optional<RateLimit> join_limit;  // [telegram] join_limit: joins per account
};

struct AccountFiles {
  std::string database_directory;  // the account's own TDLib database
  std::string files_directory;     // where its downloads land
  std::string encryption_key;      // raw bytes; sent base64, as TDLib's bytes type wants
};

Object tdlib_parameters(const TdlibSettings& settings, const AccountFiles& files);

}  // namespace gather::tdlib
