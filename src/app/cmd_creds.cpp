// `gather cred`: the credential pool. A secret goes in through add and never comes out again:
// ls shows state and limits, and --json marks the secret "[redacted]".
#include <filesystem>
#include <fstream>
#include <iostream>
#include <sstream>

#include "app/commands.h"
#include "app/cookie_text.h"
#include "app/table.h"
#include "app/telegram_accounts.h"
#include "core/time_text.h"
#include "platforms/platform.h"

namespace gather {
namespace json = boost::json;

namespace {

struct AddArgs {
  std::string platform, cookie_file, cookie, scope, targets, limit, min_gap;
  std::string phone, code_file, login_timeout;
  bool anonymous = false, all = false;
  bool cookie_given = false, cookie_file_given = false;  // so --cookie '' is named, not ignored
};

std::string cookie_from_file(const std::string& path) {
  std::error_code ec;
  if (!std::filesystem::is_regular_file(path, ec))
    throw UsageError("--cookie-file " + path + " does not exist or is not a file");
  std::ifstream in(path, std::ios::binary);
  std::stringstream buf;
  buf << in.rdbuf();
  if (!in) throw UsageError("--cookie-file " + path + " cannot be read");
  std::string text = buf.str();
  if (text.find_first_not_of(" \t\r\n") == std::string::npos) throw UsageError("--cookie-file " + path + " is empty");
  try {
    return cookies_from_file_text(text);
  } catch (const std::invalid_argument& e) {
    throw UsageError("--cookie-file " + path + ": " + e.what());
  }
}

std::pair<int, std::chrono::milliseconds> limit_arg(const std::string& text) {
  auto limit = parse_rate_limit(text);
  if (!limit) throw UsageError("--limit '" + text + "' is not N/DURATION with N >= 1, like 20/60s");
  return {limit->requests, limit->window};
}

std::chrono::milliseconds min_gap_arg(const std::string& text) {
  if (text.empty()) return std::chrono::milliseconds{0};
  auto d = parse_duration(text);
  if (!d || d->count() < 0) throw UsageError("--min-gap '" + text + "' is not a duration like 3s, 500ms");
  return *d;
}

Credential credential_from(AppContext& ctx, const AddArgs& a) {
  Credential c;
  if (!find_platform(a.platform)) {
    std::string known;
    for (const auto& n : platform_names()) known += (known.empty() ? "" : ", ") + n;
    throw UsageError("unknown platform '" + a.platform + "' (known: " + known + ")");
  }
  c.platform = a.platform;
  int sources = (a.cookie_file_given ? 1 : 0) + (a.cookie_given ? 1 : 0) + (a.anonymous ? 1 : 0) +
                (a.phone.empty() ? 0 : 1);
  if (sources != 1) throw UsageError("give exactly one of --cookie-file, --cookie, --anonymous, --phone");
  if (!a.phone.empty() && c.platform != "telegram")
    throw UsageError("--phone logs in a Telegram account: it needs --platform telegram");
  if (a.phone.empty() && !a.code_file.empty()) throw UsageError("--code-file goes with --phone");
  if (!a.phone.empty()) {
    c.kind = "account";  // the secret comes from the login, once the rest has been checked
    c.scope = a.scope.empty() ? "private" : a.scope;
  } else if (a.anonymous) {
    // Anonymous fetches are visible to every subscriber (BRIEF §4), so the scope is not a choice.
    if (a.scope == "private") throw UsageError("an anonymous credential is always shared; drop --scope private");
    c.kind = "anonymous";
    c.scope = "shared";
  } else {
    c.kind = "cookie";
    c.scope = a.scope.empty() ? "private" : a.scope;
    if (a.cookie_file_given) {
      c.secret = cookie_from_file(a.cookie_file);
    } else {
      try {
        c.secret = normalise_cookie_header(a.cookie);
      } catch (const std::invalid_argument& e) {
        throw UsageError(std::string("--cookie: ") + e.what());
      }
    }
  }
  if (!a.targets.empty() && a.all) throw UsageError("--targets and --all exclude each other");
  // Without --targets a credential serves its whole platform: one that serves nothing is useless.
  c.all_targets = a.targets.empty();
  for (const auto& item : split_list(a.targets)) {
    Target t = target_arg(ctx, item);
    if (t.platform != c.platform)
      throw UsageError("target " + item + " is on " + t.platform + ", not " + c.platform);
    c.target_ids.push_back(t.id);
  }
  if (!a.limit.empty()) std::tie(c.limit_requests, c.limit_window) = limit_arg(a.limit);
  c.min_gap = min_gap_arg(a.min_gap);
  return c;
}

// A cooldown whose time has passed is over: show it as ok, as the scheduler will treat it.
bool cooling_down(const Credential& c, TimePoint now) {
  return c.state == "cooldown" && (!c.state_until || *c.state_until > now);
}
std::string shown_state(const Credential& c, TimePoint now) {
  if (!c.secret_error.empty()) return "unreadable (" + c.secret_error + ")";
  if (c.state == "cooldown") {
    if (!cooling_down(c, now)) return "ok";
    if (!c.state_until) return "cooldown";
    auto left = std::chrono::ceil<std::chrono::seconds>(*c.state_until - now);
    return "cooldown until " + format_rfc3339(*c.state_until) + " (" + format_duration(left) + " left)";
  }
  if (c.state != "ok" && !c.state_reason.empty()) return c.state + " (" + c.state_reason + ")";
  return c.state;
}

std::string targets_text(const Credential& c) {
  if (c.all_targets) return "all";
  std::string out;
  for (Id t : c.target_ids) out += (out.empty() ? "" : ",") + std::to_string(t);
  return out.empty() ? "none" : out;
}

json::object credential_json(const Credential& c, TimePoint now) {
  json::array targets;
  for (Id t : c.target_ids) targets.push_back(t);
  bool cooling = cooling_down(c, now);
  return json::object{
      {"id", c.id},
      {"platform", c.platform},
      {"tenant_id", c.tenant_id},
      {"kind", c.kind},
      {"scope", c.scope},
      // Whether there is one, never what it is.
      {"secret", c.kind == "anonymous" ? json::value(nullptr) : json::value("[redacted]")},
      {"all_targets", c.all_targets},
      {"targets", targets},
      {"limit", c.limit_requests > 0 ? json::value(json::object{{"requests", c.limit_requests},
                                                                 {"window_s", seconds_json(c.limit_window)}})
                                     : json::value(nullptr)},
      {"min_gap_s", c.min_gap.count() > 0 ? seconds_json(c.min_gap) : json::value(nullptr)},
      {"state", c.state == "cooldown" && !cooling ? "ok" : c.state},
      {"state_until", cooling && c.state_until ? json::value(format_rfc3339(*c.state_until)) : json::value(nullptr)},
      {"state_reason", c.state_reason},
      {"secret_error", c.secret_error.empty() ? json::value(nullptr) : json::value(c.secret_error)},
  };
}

Id credential_id_arg(const std::string& text) {
  try {
    std::size_t used = 0;
    Id id = std::stoll(text, &used);
    if (used == text.size()) return id;
  } catch (const std::exception&) {
  }
  throw UsageError("'" + text + "' is not a credential id (see `gather cred ls`)");
}

}  // namespace

void register_cred_commands(CLI::App& app, AppContext& ctx) {
  auto* cred = app.add_subcommand("cred", "Add, list and remove credentials (cookies, anonymous access)");
  cred->require_subcommand(1);

  auto* add = cred->add_subcommand("add", "Add a credential to the pool; prints its id");
  auto a = std::make_shared<AddArgs>();
  add->add_option("--platform", a->platform, "Platform the credential is for")->required();
  add->add_option("--cookie-file", a->cookie_file, "File with a 'k=v; k2=v2' line or a Netscape cookies.txt");
  add->add_option("--cookie", a->cookie, "Cookies as 'k=v; k2=v2' (visible in `ps`: prefer --cookie-file)");
  add->add_flag("--anonymous", a->anonymous, "No secret: the platform's public access");
  add->add_option("--scope", a->scope, "private (its posts go to its owner only) or shared")
      ->check(CLI::IsMember({"private", "shared"}));
  add->add_option("--targets", a->targets, "Comma-separated target ids it may fetch (default: all)");
  add->add_flag("--all", a->all, "It may fetch every target of its platform (the default)");
  add->add_option("--limit", a->limit, "Its rate limit as N/DURATION, e.g. 20/60s");
  add->add_option("--min-gap", a->min_gap, "Least time between two of its requests, e.g. 3s");
  add->add_option("--phone", a->phone, "Log in this Telegram account (--platform telegram), e.g. +15551234567");
  add->add_option("--code-file", a->code_file, "With --phone: read the login code (and 2FA password) from these lines");
  add->add_option("--login-timeout", a->login_timeout, "With --phone: how long one login step may wait (default 30s)");
  add->callback([&ctx, add, a] {
    a->cookie_given = add->count("--cookie") > 0;
    a->cookie_file_given = add->count("--cookie-file") > 0;
    Credential c = credential_from(ctx, *a);
    if (c.kind == "account") {
      AccountLogin login;
      login.phone = a->phone;
      login.code_file = a->code_file;
      if (!a->login_timeout.empty()) {
        auto d = parse_duration(a->login_timeout);
        if (!d || d->count() <= 0) throw UsageError("--login-timeout '" + a->login_timeout + "' is not a duration like 30s");
        login.step_timeout = *d;
      }
      c = log_in_account(ctx, std::move(c), login);
    }
    Id id;
    try {
      id = ctx.store().add_credential(c);
    } catch (const StoreError& e) {
      throw UsageError(e.what());
    }
    if (ctx.json) print_json(json::object{{"id", id}});
    else std::cout << id << "\n";
  });

  auto* ls = cred->add_subcommand("ls", "List credentials and their state (never their secrets)");
  ls->callback([&ctx] {
    auto creds = ctx.store().credentials();
    auto now = std::chrono::system_clock::now();
    if (ctx.json) {
      json::array out;
      for (const auto& c : creds) out.push_back(credential_json(c, now));
      return print_json(out);
    }
    Table table({"ID", "PLATFORM", "KIND", "SCOPE", "TARGETS", "LIMIT", "MIN-GAP", "STATE"});
    for (const auto& c : creds)
      table.add({std::to_string(c.id), c.platform, c.kind, c.scope, targets_text(c),
                 c.limit_requests > 0 ? std::to_string(c.limit_requests) + "/" + format_duration(c.limit_window) : "-",
                 c.min_gap.count() > 0 ? format_duration(c.min_gap) : "-", shown_state(c, now)});
    std::cout << table.render();
  });

  auto* rm = cred->add_subcommand("rm", "Remove a credential (its secret is deleted)");
  auto rm_id = std::make_shared<std::string>();
  rm->add_option("id", *rm_id, "Credential id")->required();
  rm->callback([&ctx, rm_id] {
    Id id = credential_id_arg(*rm_id);
    auto existing = ctx.store().credential(id);
    if (existing && existing->kind == "account") {
      const std::string warning = remove_account_files(ctx, *existing, std::chrono::seconds{20});
      if (!warning.empty()) std::cerr << "gather: credential " << id << ": " << warning << "\n";
    }
    if (!ctx.store().remove_credential(id))
      throw UsageError("no credential with id " + *rm_id + " (see `gather cred ls`)");
    if (ctx.json) print_json(json::object{{"removed", id}});
  });
}

}  // namespace gather
