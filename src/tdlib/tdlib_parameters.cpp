#include "tdlib/tdlib_parameters.h"

#include <openssl/evp.h>

#include <vector>

namespace gather::tdlib {

namespace {

std::string base64(const std::string& raw) {
  std::vector<unsigned char> out(4 * ((raw.size() + 2) / 3) + 1);
  const int n = EVP_EncodeBlock(out.data(), reinterpret_cast<const unsigned char*>(raw.data()),
                                static_cast<int>(raw.size()));
  return std::string(reinterpret_cast<const char*>(out.data()), static_cast<std::size_t>(n));
}

}  // namespace

Object tdlib_parameters(const TdlibSettings& settings, const AccountFiles& files) {
  return Object{
      {"@type", "setTdlibParameters"},
      {"use_test_dc", false},
      {"database_directory", files.database_directory},
      {"files_directory", files.files_directory},
      {"database_encryption_key", base64(files.encryption_key)},
      // File and chat databases make a restart cheap: chats, users and files are known without
      // asking Telegram again. Messages are not kept: gather keeps what it needs itself.
      {"use_file_database", true},
      {"use_chat_info_database", true},
      {"use_message_database", false},
      {"use_secret_chats", false},
      {"api_id", settings.api_id},
      {"api_hash", settings.api_hash},
      {"system_language_code", settings.system_language_code},
      {"device_model", settings.device_model},
      {"system_version", ""},
      {"application_version", settings.application_version},
  };
}

}  // namespace gather::tdlib
