// The daemon's logged-in Telegram accounts: one TDLib client per account credential, opened on
// its first request from the database `cred add` left, and a queue per account so that each
// sends one request at a time (TDLib's maintainers warn that parallel history reads on one
// session risk a ban). Everything here runs on the io executor except TDLib's receive loop,
// which only posts to it; callbacks are called on the io executor.
//
// Registered as the "tdlib" transport: fetch jobs of the telegram platform find it there.
#pragma once

#include <boost/asio/any_io_executor.hpp>

#include <chrono>
#include <deque>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>

#include "core/records.h"
#include "core/secret_box.h"
#include "core/transport.h"
#include "core/time_text.h"
#include "store/chat_directory.h"
#include "tdlib/td_client.h"
#include "tdlib/td_dispatcher.h"
#include "tdlib/tdlib_parameters.h"

namespace gather::tdlib {

class AccountPool : public Transport {
 public:
  struct Options {
    TdlibSettings settings;
    std::string data_dir;
    // TDLib waits out flood waits shorter than about a minute inside the request; past this the
    // request is answered with an error and the account moves on.
    std::chrono::milliseconds request_timeout{std::chrono::seconds{90}};
    // searchPublicChat per account: the most limited call Telegram has. Collectors report flood
    // waits growing to hours past about a thousand a day; this stays far below.
    RateLimit resolve_limit{50, std::chrono::hours{24}};
    // Joins, a small budget of their own (joining is visible and Telegram limits it).
    RateLimit join_limit{20, std::chrono::hours{24}};
  };
  // Updates that answer no request (updateNewMessage, ...), with the account they came to.
  using UpdateListener = std::function<void(Id credential, const Object& update)>;

  AccountPool(Options options, std::optional<SecretBox> key, boost::asio::any_io_executor io);
  ~AccountPool() override;

  // Sends `request` as account `credential` once its earlier requests have been answered.
  // `done` gets the answer, or an "error" object: code 401 when the account is not logged in
  // (any more), 503 when TDLib cannot be used at all, 504 when TDLib did not answer in time.
  void request(const Credential& credential, Object request, Callback done);
  void set_update_listener(UpdateListener listener) { listener_ = std::move(listener); }
  // The entity cache and join map (the store's); null until set, then jobs resolve nothing twice.
  void set_chat_directory(ChatDirectory* chats) { chats_ = chats; }
  ChatDirectory* chats() const { return chats_; }
  // Whether `credential` may resolve a username now; when not, how long until it may.
  std::optional<std::chrono::seconds> resolve_wait(Id credential, TimePoint now) const;
  // Whether `credential` may join a chat now.
  bool join_room(Id credential, TimePoint now) const;
  const Options& options() const { return options_; }
  // Closes the clients of credentials not in `alive` (removed by `cred rm`).
  void retain(const std::vector<Id>& alive);
  // Closes every client and waits for authorizationStateClosed, at most `timeout` in all; true
  // when all closed. Blocks: call it off the io thread (shutdown).
  bool close_all(std::chrono::milliseconds timeout);
  // Requests in flight or queued, over all accounts (for tests and metrics).
  std::size_t pending() const;

 private:
  struct Session;
  Session* open(const Credential& credential);
  void on_update(Id credential, Object update);
  void pump(Session& s);
  void fail_all(Session& s, const Object& error);

  Options options_;
  std::optional<SecretBox> key_;
  boost::asio::any_io_executor io_;
  std::string unavailable_;  // why TDLib cannot be used, once a load failed
  std::shared_ptr<TdjsonLibrary> lib_;
  std::unique_ptr<TdDispatcher> dispatcher_;
  std::map<Id, std::unique_ptr<Session>> sessions_;
  UpdateListener listener_;
  ChatDirectory* chats_ = nullptr;
};

// The error objects the pool answers with when TDLib itself could not.
Object td_error(int code, const std::string& message);

}  // namespace gather::tdlib
