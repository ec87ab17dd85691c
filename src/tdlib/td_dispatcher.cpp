#include "tdlib/td_dispatcher.h"

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <spdlog/spdlog.h>

#include <vector>

namespace gather::tdlib {

Object client_gone_error() {
  return Object{{"@type", "error"}, {"code", 500}, {"message", "the TDLib client was closed before it answered"}};
}

std::string type_of(const Object& o) {
  const auto* t = o.if_contains("@type");
  return t && t->is_string() ? std::string(t->as_string()) : std::string();
}

TdDispatcher::TdDispatcher(std::shared_ptr<TdjsonLibrary> lib) : lib_(std::move(lib)) {
  // TDLib logs everything at verbosity 5 to stderr by default; gather keeps errors only.
  execute(Object{{"@type", "setLogVerbosityLevel"}, {"new_verbosity_level", 1}});
  thread_ = std::thread([this] { loop(); });
}

TdDispatcher::~TdDispatcher() {
  stop_ = true;
  if (thread_.joinable()) thread_.join();
}

int TdDispatcher::create_client(UpdateHandler on_update) {
  const int id = lib_->create_client_id();
  std::lock_guard lock(mu_);
  clients_[id] = std::move(on_update);
  return id;
}

void TdDispatcher::send(int client, Object request, Callback done) {
  std::uint64_t extra;
  {
    std::lock_guard lock(mu_);
    extra = next_extra_++;
    pending_[extra] = Pending{client, std::move(done)};
  }
  request["@extra"] = extra;
  lib_->send(client, boost::json::serialize(request));
}

void TdDispatcher::forget(int client) {
  std::lock_guard delivering(delivering_);
  std::vector<Callback> orphans;
  {
    std::lock_guard lock(mu_);
    clients_.erase(client);
    for (auto it = pending_.begin(); it != pending_.end();) {
      if (it->second.client == client) {
        orphans.push_back(std::move(it->second.done));
        it = pending_.erase(it);
      } else {
        ++it;
      }
    }
  }
  for (auto& done : orphans)
    if (done) done(client_gone_error());
}

Object TdDispatcher::execute(const Object& request) {
  const std::string answer = lib_->execute(boost::json::serialize(request));
  boost::system::error_code ec;
  auto v = boost::json::parse(answer, ec);
  if (ec || !v.is_object()) return Object{{"@type", "error"}, {"code", 500}, {"message", "td_execute answered no object"}};
  return std::move(v.as_object());
}

void TdDispatcher::loop() {
  while (!stop_) {
    // A short timeout so a stop is seen promptly; TDLib wakes the call as soon as it has news.
    const char* text = lib_->receive(0.2);
    if (text) deliver(text);
  }
}

void TdDispatcher::skip(const std::string& kind, const std::string& detail) {
  ++skipped_;
  bool first;
  {
    std::lock_guard lock(mu_);
    first = skip_kinds_logged_.insert(kind).second;
  }
  if (first) spdlog::warn("tdlib: skipped {} ({}); later ones are counted, not logged", kind, detail);
}

void TdDispatcher::deliver(const char* text) {
  boost::system::error_code ec;
  boost::json::value v = boost::json::parse(text, ec);
  if (ec || !v.is_object()) {
    skip("text that is not a JSON object", std::string(text).substr(0, 80));
    return;
  }
  Object& o = v.as_object();
  const auto* cid = o.if_contains("@client_id");
  if (!cid || !cid->is_int64()) {
    skip("an object without @client_id", type_of(o));
    return;
  }
  const int client = static_cast<int>(cid->as_int64());

  std::lock_guard delivering(delivering_);
  Callback done;
  UpdateHandler on_update;
  bool known_client = false;
  {
    std::lock_guard lock(mu_);
    if (const auto* extra = o.if_contains("@extra")) {
      std::uint64_t key = 0;
      if (extra->is_uint64()) key = extra->as_uint64();
      else if (extra->is_int64() && extra->as_int64() > 0) key = static_cast<std::uint64_t>(extra->as_int64());
      auto it = pending_.find(key);
      if (it != pending_.end() && it->second.client == client) {
        done = std::move(it->second.done);
        pending_.erase(it);
      }
    }
    if (!done) {
      auto c = clients_.find(client);
      if (c != clients_.end()) {
        on_update = c->second;
        known_client = true;
      }
    }
  }
  if (done) {
    o.erase("@extra");
    o.erase("@client_id");
    done(std::move(o));
  } else if (known_client) {
    if (on_update) on_update(o);
  } else {
    skip("an object for no open client", type_of(o));
  }
}

}  // namespace gather::tdlib
