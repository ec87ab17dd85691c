// Logging an account in: phone number, then the code Telegram sends, then the 2FA password when
// the account has one. The questions go through LoginPrompts, so the terminal, a code file or a
// test can answer them. Every wait is bounded: without a connection to Telegram TDLib never
// answers the phone number, and `cred add` must say so instead of hanging.
#pragma once

#include <chrono>
#include <stdexcept>
#include <string>

#include "tdlib/td_client.h"
#include "tdlib/tdlib_parameters.h"

namespace gather::tdlib {

class LoginError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

class LoginPrompts {
 public:
  virtual ~LoginPrompts() = default;
  // The code Telegram sent (`how`: "in Telegram", "by SMS"...); `retry` after a wrong one.
  virtual std::string code(const std::string& phone, const std::string& how, bool retry) = 0;
  // The 2FA password (asked without echo on a terminal); `retry` after a wrong one.
  virtual std::string password(const std::string& hint, bool retry) = 0;
};

struct LoginLimits {
  // How long TDLib may take to answer one step; the phone number step needs Telegram.
  std::chrono::milliseconds step_timeout{std::chrono::seconds{30}};
  int attempts = 5;  // wrong codes or passwords before giving up
};

// Drives `client` from authorizationStateWaitTdlibParameters to authorizationStateReady. A client
// whose database already holds a session goes straight to Ready (the phone is not asked for).
// Throws LoginError with a message for the operator: "cannot reach Telegram ...", "... has no
// Telegram account ...", "wrong code ...". Never includes the code or password.
void log_in(TdClient& client, const Object& parameters, const std::string& phone, LoginPrompts& prompts,
            const LoginLimits& limits = {});

// Opens an existing session (no questions): Ready, or LoginError when it needs a login again.
void resume(TdClient& client, const Object& parameters, std::chrono::milliseconds timeout);

}  // namespace gather::tdlib
