// The one receive loop over TDLib's JSON interface. TDLib has a single td_receive for every
// client in the process, so one thread reads it and hands each object to whom it belongs: a
// response (it carries the request's "@extra") to the callback that sent it, anything else (an
// update) to its client's update handler. Callbacks and handlers run on the receive thread and
// must not block; the daemon's handlers post to their own executor.
//
// Nothing TDLib sends can stop the loop: text that is not a JSON object, or an object without
// the fields routing needs, is logged (the first of each kind) and skipped.
#pragma once

#include <boost/json/object.hpp>

#include <atomic>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <set>
#include <string>
#include <thread>

#include "tdlib/tdjson_library.h"

namespace gather::tdlib {

using Object = boost::json::object;
using Callback = std::function<void(Object)>;  // the response: the answer or an "error" object
using UpdateHandler = std::function<void(const Object&)>;

// The "error" object a callback gets when its client goes away before TDLib answered.
Object client_gone_error();
// TDLib's own objects carry the type in "@type"; "" when absent or not a string.
std::string type_of(const Object& o);

class TdDispatcher {
 public:
  explicit TdDispatcher(std::shared_ptr<TdjsonLibrary> lib);
  ~TdDispatcher();  // stops the loop; pending callbacks are dropped
  TdDispatcher(const TdDispatcher&) = delete;
  TdDispatcher& operator=(const TdDispatcher&) = delete;

  // A new TDLib client; `on_update` gets every object for it that answers no request.
  int create_client(UpdateHandler on_update);
  // Sends `request` on `client`; `done` gets the answer. "@extra" is the dispatcher's own.
  void send(int client, Object request, Callback done);
  // After authorizationStateClosed: the client id is dead; its pending callbacks get
  // client_gone_error().
  void forget(int client);
  // td_execute: synchronous requests TDLib answers without a client (log level, parsing).
  Object execute(const Object& request);

  const TdjsonLibrary& library() const { return *lib_; }
  // Objects skipped because they were malformed or belonged to nobody.
  std::uint64_t skipped() const { return skipped_.load(); }

 private:
  struct Pending {
    int client;
    Callback done;
  };
  void loop();
  void deliver(const char* text);
  void skip(const std::string& kind, const std::string& detail);

  std::shared_ptr<TdjsonLibrary> lib_;
  std::mutex mu_;
  // Held while a callback or handler runs, and by forget(): once forget() returns, nothing runs
  // for that client any more, so its owner may be destroyed. Recursive because a handler may
  // forget its own client (on authorizationStateClosed).
  std::recursive_mutex delivering_;
  std::map<int, UpdateHandler> clients_;
  std::map<std::uint64_t, Pending> pending_;
  std::set<std::string> skip_kinds_logged_;
  std::uint64_t next_extra_ = 1;
  std::atomic<std::uint64_t> skipped_{0};
  std::atomic<bool> stop_{false};
  std::thread thread_;
};

}  // namespace gather::tdlib
