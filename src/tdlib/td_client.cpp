#include "tdlib/td_client.h"

#include <future>
#include <memory>

namespace gather::tdlib {

TdClient::TdClient(TdDispatcher& dispatcher, UpdateHandler on_update)
    : dispatcher_(dispatcher), user_handler_(std::move(on_update)),
      id_(dispatcher_.create_client([this](const Object& u) { this->on_update(u); })) {}

TdClient::~TdClient() {
  bool forgotten;
  {
    std::lock_guard lock(mu_);
    forgotten = forgotten_;
  }
  if (!forgotten) dispatcher_.forget(id_);
}

void TdClient::on_update(const Object& update) {
  if (type_of(update) == "updateAuthorizationState") {
    const auto* s = update.if_contains("authorization_state");
    if (s && s->is_object()) {
      const bool now_closed = type_of(s->as_object()) == "authorizationStateClosed";
      {
        std::lock_guard lock(mu_);
        state_ = s->as_object();
      }
      changed_.notify_all();
      if (user_handler_) user_handler_(update);
      if (now_closed) {
        // TDLib destroys the client after Closed: nothing more will come for this id.
        {
          std::lock_guard lock(mu_);
          forgotten_ = true;
        }
        dispatcher_.forget(id_);
      }
      return;
    }
  }
  if (user_handler_) user_handler_(update);
}

void TdClient::send(Object request, Callback done) { dispatcher_.send(id_, std::move(request), std::move(done)); }

Object TdClient::call(Object request, std::chrono::milliseconds timeout) {
  auto promise = std::make_shared<std::promise<Object>>();
  auto answer = promise->get_future();
  const std::string what = type_of(request);
  send(std::move(request), [promise](Object o) { promise->set_value(std::move(o)); });
  if (answer.wait_for(timeout) != std::future_status::ready)
    throw TdTimeout("TDLib did not answer " + what + " within " + std::to_string(timeout.count()) + " ms");
  return answer.get();
}

Object TdClient::auth_state() const {
  std::lock_guard lock(mu_);
  return state_;
}

std::string TdClient::auth_state_type() const { return type_of(auth_state()); }

Object TdClient::wait_auth(std::initializer_list<const char*> types, std::chrono::milliseconds timeout) {
  std::unique_lock lock(mu_);
  auto matches = [&] {
    const std::string t = type_of(state_);
    for (const char* want : types)
      if (t == want) return true;
    return false;
  };
  if (!changed_.wait_for(lock, timeout, matches))
    throw TdTimeout("TDLib stayed in " + (state_.empty() ? std::string("no state") : type_of(state_)) + " for " +
                    std::to_string(timeout.count()) + " ms");
  return state_;
}

Object TdClient::wait_auth_change(const std::string& current, std::chrono::milliseconds timeout) {
  std::unique_lock lock(mu_);
  if (!changed_.wait_for(lock, timeout, [&] { return type_of(state_) != current; }))
    throw TdTimeout("TDLib stayed in " + current + " for " + std::to_string(timeout.count()) + " ms");
  return state_;
}

bool TdClient::closed() const {
  std::lock_guard lock(mu_);
  return type_of(state_) == "authorizationStateClosed";
}

bool TdClient::close(std::chrono::milliseconds timeout) {
  if (closed()) return true;
  send(Object{{"@type", "close"}}, [](Object) {});
  try {
    wait_auth({"authorizationStateClosed"}, timeout);
    return true;
  } catch (const TdTimeout&) {
    return false;
  }
}

}  // namespace gather::tdlib
