// One TDLib client (one account's session): its authorization state, kept from
// updateAuthorizationState, and requests with callbacks or with a bounded blocking wait. The
// blocking form is for the command line (login, logout); the daemon only uses callbacks.
#pragma once

#include <chrono>
#include <condition_variable>
#include <functional>
#include <mutex>
#include <optional>
#include <stdexcept>
#include <string>

#include "tdlib/td_dispatcher.h"

namespace gather::tdlib {

// A blocking wait ran out: TDLib said nothing in time (offline, or Telegram unreachable).
class TdTimeout : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

class TdClient {
 public:
  // `on_update` (may be empty) sees every update after the client has noted it.
  TdClient(TdDispatcher& dispatcher, UpdateHandler on_update = {});
  ~TdClient();  // forgets the client id; call close() first to end the session cleanly
  TdClient(const TdClient&) = delete;
  TdClient& operator=(const TdClient&) = delete;

  int id() const { return id_; }
  void send(Object request, Callback done);
  // Sends and waits up to `timeout` for the answer (an "error" object is returned, not thrown).
  Object call(Object request, std::chrono::milliseconds timeout);

  // The latest authorizationState object ({} before the first).
  Object auth_state() const;
  std::string auth_state_type() const;
  // Waits until the state's type is one of `types`; returns the state. Throws TdTimeout.
  Object wait_auth(std::initializer_list<const char*> types, std::chrono::milliseconds timeout);
  // Waits for the next state other than `current` (a step of the login); throws TdTimeout.
  Object wait_auth_change(const std::string& current, std::chrono::milliseconds timeout);

  // Sends "close" and waits for authorizationStateClosed; true when reached within `timeout`.
  bool close(std::chrono::milliseconds timeout);
  bool closed() const;

 private:
  void on_update(const Object& update);

  TdDispatcher& dispatcher_;
  UpdateHandler user_handler_;
  int id_;
  mutable std::mutex mu_;
  std::condition_variable changed_;
  Object state_;
  bool forgotten_ = false;
};

}  // namespace gather::tdlib
