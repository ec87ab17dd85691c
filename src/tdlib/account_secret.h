// What an account credential's sealed secret holds, and where its TDLib files live. The secret
// is the phone number and the name of the account's own directory under the data directory;
// the TDLib database key is derived from gather's secret key and that name, so it is stored
// nowhere and printed never.
#pragma once

#include <string>

#include "core/secret_box.h"
#include "tdlib/tdlib_parameters.h"

namespace gather::tdlib {

struct AccountSecret {
  std::string phone;  // "+15551234567"
  std::string dir;    // "tg-<16 hex>", a directory under <data_dir>/telegram/
};

// A fresh secret for `phone`, with a random directory name.
AccountSecret new_account_secret(const std::string& phone);
std::string to_json(const AccountSecret& secret);
// Throws std::invalid_argument naming the field when `json` is not an account secret.
AccountSecret parse_account_secret(const std::string& json);

// <data_dir>/telegram/<dir>/db and /files, and the derived key.
AccountFiles account_files(const std::string& data_dir, const AccountSecret& secret, const SecretBox& key);
std::string account_directory(const std::string& data_dir, const AccountSecret& secret);

}  // namespace gather::tdlib
