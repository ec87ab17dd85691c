#include "tdlib/login.h"

namespace gather::tdlib {

namespace {

std::string error_text(const Object& e) {
  const auto* m = e.if_contains("message");
  return m && m->is_string() ? std::string(m->as_string()) : std::string("unknown error");
}

bool is_error(const Object& o) { return type_of(o) == "error"; }

// Sends a step and waits for its answer; a timeout here means TDLib could not reach Telegram.
Object step(TdClient& client, Object request, const LoginLimits& limits, const std::string& what) {
  try {
    return client.call(std::move(request), limits.step_timeout);
  } catch (const TdTimeout&) {
    throw LoginError("cannot reach Telegram: no answer to " + what + " within " +
                     std::to_string(limits.step_timeout.count() / 1000) +
                     " s (check the network, a proxy, or the time on this machine)");
  }
}

// The state after a step was accepted: TDLib sends the new state as an update.
Object next_state(TdClient& client, const std::string& from, const LoginLimits& limits) {
  try {
    return client.wait_auth_change(from, limits.step_timeout);
  } catch (const TdTimeout&) {
    throw LoginError("cannot reach Telegram: the login stayed at " + from + " for " +
                     std::to_string(limits.step_timeout.count() / 1000) + " s");
  }
}

std::string code_delivery(const Object& state) {
  const auto* info = state.if_contains("code_info");
  if (!info || !info->is_object()) return "";
  const auto* type = info->as_object().if_contains("type");
  if (!type || !type->is_object()) return "";
  const std::string t = type_of(type->as_object());
  if (t == "authenticationCodeTypeTelegramMessage") return "in a Telegram app";
  if (t == "authenticationCodeTypeSms") return "by SMS";
  if (t == "authenticationCodeTypeCall" || t == "authenticationCodeTypeFlashCall") return "by a call";
  return "";
}

std::string string_field(const Object& o, const char* key) {
  const auto* v = o.if_contains(key);
  return v && v->is_string() ? std::string(v->as_string()) : std::string();
}

}  // namespace

void log_in(TdClient& client, const Object& parameters, const std::string& phone, LoginPrompts& prompts,
            const LoginLimits& limits) {
  Object state;
  try {
    state = client.wait_auth({"authorizationStateWaitTdlibParameters", "authorizationStateReady"}, limits.step_timeout);
  } catch (const TdTimeout&) {
    throw LoginError("TDLib did not start a client within " + std::to_string(limits.step_timeout.count() / 1000) + " s");
  }
  int wrong = 0;
  for (;;) {
    const std::string t = type_of(state);
    if (t == "authorizationStateReady") return;
    if (t == "authorizationStateWaitTdlibParameters") {
      const Object r = step(client, parameters, limits, "the TDLib parameters");
      if (is_error(r)) throw LoginError("TDLib refused its parameters: " + error_text(r));
    } else if (t == "authorizationStateWaitPhoneNumber") {
      const Object r = step(client, Object{{"@type", "setAuthenticationPhoneNumber"}, {"phone_number", phone}},
                            limits, "the phone number");
      if (is_error(r)) throw LoginError("Telegram refused the phone number " + phone + ": " + error_text(r));
    } else if (t == "authorizationStateWaitCode") {
      const std::string code = prompts.code(phone, code_delivery(state), wrong > 0);
      const Object r = step(client, Object{{"@type", "checkAuthenticationCode"}, {"code", code}}, limits, "the code");
      if (is_error(r)) {
        const std::string why = error_text(r);
        if (why.find("PHONE_CODE_INVALID") == std::string::npos && why.find("PHONE_CODE_EMPTY") == std::string::npos)
          throw LoginError("Telegram refused the code: " + why);
        if (++wrong >= limits.attempts) throw LoginError("wrong code " + std::to_string(wrong) + " times; giving up");
        continue;  // the state stays WaitCode: ask again
      }
    } else if (t == "authorizationStateWaitPassword") {
      const std::string password = prompts.password(string_field(state, "password_hint"), wrong > 0);
      const Object r = step(client, Object{{"@type", "checkAuthenticationPassword"}, {"password", password}}, limits,
                            "the password");
      if (is_error(r)) {
        const std::string why = error_text(r);
        if (why.find("PASSWORD_HASH_INVALID") == std::string::npos) throw LoginError("Telegram refused the password: " + why);
        if (++wrong >= limits.attempts) throw LoginError("wrong password " + std::to_string(wrong) + " times; giving up");
        continue;
      }
    } else if (t == "authorizationStateWaitRegistration") {
      throw LoginError("the phone " + phone +
                       " has no Telegram account; gather does not sign up new accounts: register it in a Telegram app first");
    } else if (t == "authorizationStateWaitEmailAddress" || t == "authorizationStateWaitEmailCode" ||
               t == "authorizationStateWaitOtherDeviceConfirmation" || t == "authorizationStateWaitPremiumPurchase") {
      throw LoginError("Telegram wants a login step gather does not support (" + t +
                       "): log this account in once with a Telegram app, then retry");
    } else if (t == "authorizationStateClosing" || t == "authorizationStateClosed" ||
               t == "authorizationStateLoggingOut") {
      throw LoginError("the TDLib session closed during the login (" + t + ")");
    }
    state = next_state(client, t, limits);
  }
}

void resume(TdClient& client, const Object& parameters, std::chrono::milliseconds timeout) {
  Object state = client.wait_auth({"authorizationStateWaitTdlibParameters", "authorizationStateReady"}, timeout);
  if (type_of(state) == "authorizationStateWaitTdlibParameters") {
    const Object r = client.call(parameters, timeout);
    if (is_error(r)) throw LoginError("TDLib refused its parameters: " + error_text(r));
    state = client.wait_auth_change("authorizationStateWaitTdlibParameters", timeout);
  }
  const std::string t = type_of(state);
  if (t != "authorizationStateReady") throw LoginError("the account's session is gone (" + t + "): log it in again");
}

}  // namespace gather::tdlib
