// `cred add --platform telegram --phone` and `cred rm` of an account: the login through TDLib
// and the account's own directory (database and files) under <data>/telegram/.
#pragma once

#include <chrono>
#include <string>

#include "app/context.h"
#include "core/records.h"

namespace gather {

struct AccountLogin {
  std::string phone;      // "+15551234567"
  std::string code_file;  // "" = terminal or stdin
  std::chrono::milliseconds step_timeout{std::chrono::seconds{30}};
};

// Logs the account in and returns `c` completed (kind, secret) ready to store; the TDLib
// client is closed again, so the daemon can open the database. UsageError for anything the
// operator can fix (no api_id, TDLib missing, a wrong phone, Telegram unreachable).
Credential log_in_account(AppContext& ctx, Credential c, const AccountLogin& login);

// Logs the account out at Telegram (bounded) and deletes its directory. Returns a warning when
// the logout could not be done (the directory is deleted all the same), or "".
std::string remove_account_files(AppContext& ctx, const Credential& c, std::chrono::milliseconds timeout);

}  // namespace gather
