#include "app/telegram_accounts.h"

#include <filesystem>

#include "app/login_prompts.h"
#include "core/secret_box.h"
#include "tdlib/account_secret.h"
#include "tdlib/login.h"
#include "tdlib/td_client.h"
#include "tdlib/td_dispatcher.h"
#include "tdlib/tdjson_library.h"

namespace gather {

namespace fs = std::filesystem;

namespace {

void check_phone(const std::string& phone) {
  if (phone.size() < 8 || phone.size() > 16 || phone[0] != '+' ||
      phone.find_first_not_of("0123456789", 1) != std::string::npos)
    throw UsageError("--phone '" + phone + "' is not a phone number in international form, like +15551234567");
}

std::shared_ptr<tdlib::TdjsonLibrary> load_library(const Config& config) {
  const std::string path =
      config.telegram.tdjson_path.empty() ? tdlib::TdjsonLibrary::default_path() : config.telegram.tdjson_path;
  try {
    return tdlib::TdjsonLibrary::load(path);
  } catch (const tdlib::TdlibMissing& e) {
    throw UsageError(e.what());
  }
}

}  // namespace

Credential log_in_account(AppContext& ctx, Credential c, const AccountLogin& login) {
  check_phone(login.phone);
  const Config& config = ctx.config();
  if (config.telegram.api_id == 0)
    throw UsageError(std::string("[telegram] api_id and api_hash must be set in ") +
                     (config.path.empty() ? "a config file (--config)" : config.path) +
                     " to add an account: get them at https://my.telegram.org");
  for (const auto& other : ctx.store().credentials()) {
    if (other.platform != "telegram" || other.kind != "account" || other.secret.empty()) continue;
    try {
      if (tdlib::parse_account_secret(other.secret).phone == login.phone)
        throw UsageError("the account " + login.phone + " is credential " + std::to_string(other.id) +
                         " already (`gather cred rm " + std::to_string(other.id) + "` first to log it in again)");
    } catch (const std::invalid_argument&) {
    }
  }
  auto lib = load_library(config);
  const std::string data_dir = ctx.data_dir();
  const SecretBox key = load_or_create_key(data_dir);
  const tdlib::AccountSecret secret = tdlib::new_account_secret(login.phone);
  const tdlib::AccountFiles files = tdlib::account_files(data_dir, secret, key);
  const std::string dir = tdlib::account_directory(data_dir, secret);
  fs::create_directories(dir);
  fs::permissions(dir, fs::perms::owner_all, fs::perm_options::replace);
  CliLoginPrompts prompts(login.code_file);
  try {
    tdlib::TdDispatcher dispatcher(lib);
    tdlib::TdClient client(dispatcher);
    client.send(tdlib::Object{{"@type", "getOption"}, {"name", "version"}}, [](tdlib::Object) {});
    tdlib::LoginLimits limits;
    limits.step_timeout = login.step_timeout;
    try {
      tdlib::log_in(client, tdlib::tdlib_parameters(config.telegram, files), login.phone, prompts, limits);
    } catch (const tdlib::LoginError& e) {
      client.close(std::chrono::seconds{5});
      throw UsageError(e.what());
    }
    if (!client.close(std::chrono::seconds{20}))
      throw UsageError("TDLib did not close the new session within 20 s; try again");
  } catch (...) {
    std::error_code ec;
    fs::remove_all(dir, ec);
    throw;
  }
  c.kind = "account";
  c.secret = tdlib::to_json(secret);
  return c;
}

std::string remove_account_files(AppContext& ctx, const Credential& c, std::chrono::milliseconds timeout) {
  if (c.secret.empty()) return "its secret cannot be read, so its directory is unknown; nothing was deleted";
  tdlib::AccountSecret secret;
  try {
    secret = tdlib::parse_account_secret(c.secret);
  } catch (const std::invalid_argument& e) {
    return e.what();
  }
  const Config& config = ctx.config();
  const std::string data_dir = ctx.data_dir();
  const std::string dir = tdlib::account_directory(data_dir, secret);
  std::string warning;
  try {
    auto lib = load_library(config);
    const SecretBox key = load_or_create_key(data_dir);
    tdlib::TdDispatcher dispatcher(lib);
    tdlib::TdClient client(dispatcher);
    client.send(tdlib::Object{{"@type", "getOption"}, {"name", "version"}}, [](tdlib::Object) {});
    tdlib::resume(client, tdlib::tdlib_parameters(config.telegram, tdlib::account_files(data_dir, secret, key)), timeout);
    client.send(tdlib::Object{{"@type", "logOut"}}, [](tdlib::Object) {});
    client.wait_auth({"authorizationStateClosed"}, timeout);
  } catch (const std::exception& e) {
    warning = std::string("could not log out at Telegram (") + e.what() +
              "); end the session in a Telegram app's Devices list";
  }
  std::error_code ec;
  fs::remove_all(dir, ec);
  if (ec) warning += (warning.empty() ? "" : "; ") + std::string("could not delete ") + dir + ": " + ec.message();
  return warning;
}

}  // namespace gather
