#include "tdlib/account_pool.h"

#include <boost/asio/post.hpp>
#include <algorithm>
#include <boost/asio/steady_timer.hpp>
#include <spdlog/spdlog.h>

#include "tdlib/account_secret.h"

namespace gather::tdlib {

Object td_error(int code, const std::string& message) {
  return Object{{"@type", "error"}, {"code", code}, {"message", message}};
}

struct AccountPool::Session {
  enum class State { kOpening, kReady, kDead };
  struct Item {
    Object request;
    Callback done;
  };
  Id id = 0;
  Object parameters;
  State state = State::kOpening;
  Object dead_error;
  std::deque<Item> queue;
  bool busy = false;
  std::uint64_t serial = 0;  // of the request in flight; an answer for an older one is late
  std::unique_ptr<boost::asio::steady_timer> timer;
  std::unique_ptr<TdClient> client;  // last: destroyed first, so no update arrives for a dead session
};

AccountPool::AccountPool(Options options, std::optional<SecretBox> key, boost::asio::any_io_executor io)
    : options_(std::move(options)), key_(std::move(key)), io_(std::move(io)) {}

AccountPool::~AccountPool() {
  sessions_.clear();  // TdClient destructors wait until the receive loop has let go of them
  dispatcher_.reset();
}

AccountPool::Session* AccountPool::open(const Credential& credential) {
  if (auto it = sessions_.find(credential.id); it != sessions_.end()) return it->second.get();
  auto s = std::make_unique<Session>();
  s->id = credential.id;
  s->timer = std::make_unique<boost::asio::steady_timer>(io_);
  auto dead = [&](const std::string& why) {
    s->state = Session::State::kDead;
    s->dead_error = td_error(503, why);
    return sessions_.emplace(credential.id, std::move(s)).first->second.get();
  };
  if (!unavailable_.empty()) return dead(unavailable_);
  if (options_.settings.api_id == 0 || options_.settings.api_hash.empty())
    return dead("[telegram] api_id and api_hash are not set in the config: accounts cannot log in");
  if (!key_) return dead("no secret key: the account's TDLib database cannot be opened");
  AccountFiles files;
  try {
    files = account_files(options_.data_dir, parse_account_secret(credential.secret), *key_);
  } catch (const std::exception& e) {
    return dead(std::string("credential ") + std::to_string(credential.id) + ": " + e.what());
  }
  if (!dispatcher_) {
    try {
      const std::string path =
          options_.settings.tdjson_path.empty() ? TdjsonLibrary::default_path() : options_.settings.tdjson_path;
      lib_ = TdjsonLibrary::load(path);
      dispatcher_ = std::make_unique<TdDispatcher>(lib_);
    } catch (const TdlibMissing& e) {
      unavailable_ = e.what();
      spdlog::error("telegram accounts: {}", unavailable_);
      return dead(unavailable_);
    }
  }
  s->parameters = tdlib_parameters(options_.settings, files);
  const Id id = credential.id;
  s->client = std::make_unique<TdClient>(*dispatcher_, [this, id](const Object& update) {
    boost::asio::post(io_, [this, id, update] { on_update(id, update); });
  });
  // TDLib creates the client on its first request; its first state asks for the parameters.
  s->client->send(Object{{"@type", "getOption"}, {"name", "version"}}, [](Object) {});
  return sessions_.emplace(id, std::move(s)).first->second.get();
}

void AccountPool::request(const Credential& credential, Object request, Callback done) {
  Session* s = open(credential);
  if (s->state == Session::State::kDead) {
    boost::asio::post(io_, [done = std::move(done), e = s->dead_error]() mutable { done(std::move(e)); });
    return;
  }
  s->queue.push_back(Session::Item{std::move(request), std::move(done)});
  pump(*s);
}

void AccountPool::pump(Session& s) {
  if (s.state != Session::State::kReady || s.busy || s.queue.empty()) return;
  Session::Item item = std::move(s.queue.front());
  s.queue.pop_front();
  s.busy = true;
  const std::uint64_t serial = ++s.serial;
  const Id id = s.id;
  const std::string what = type_of(item.request);
  auto done = std::make_shared<Callback>(std::move(item.done));
  auto finish = [this, id, serial, done](Object answer) {
    auto it = sessions_.find(id);
    if (it == sessions_.end()) return;
    Session& s = *it->second;
    if (s.serial != serial || !s.busy) return;  // timed out before: already answered
    s.busy = false;
    s.timer->cancel();
    (*done)(std::move(answer));
    pump(s);
  };
  s.timer->expires_after(options_.request_timeout);
  s.timer->async_wait([finish, what, timeout = options_.request_timeout](boost::system::error_code ec) {
    if (ec) return;
    finish(td_error(504, "TDLib did not answer " + what + " within " +
                             std::to_string(std::chrono::duration_cast<std::chrono::seconds>(timeout).count()) + " s"));
  });
  s.client->send(std::move(item.request), [this, finish](Object answer) {
    boost::asio::post(io_, [finish, answer = std::move(answer)]() mutable { finish(std::move(answer)); });
  });
}

void AccountPool::fail_all(Session& s, const Object& error) {
  s.state = Session::State::kDead;
  s.dead_error = error;
  s.timer->cancel();
  std::deque<Session::Item> queue;
  queue.swap(s.queue);
  s.busy = false;
  ++s.serial;
  for (auto& item : queue) item.done(error);
}

void AccountPool::on_update(Id id, Object update) {
  auto it = sessions_.find(id);
  if (it == sessions_.end()) return;
  Session& s = *it->second;
  if (type_of(update) == "updateAuthorizationState") {
    const auto* st = update.if_contains("authorization_state");
    const std::string state = st && st->is_object() ? type_of(st->as_object()) : "";
    if (state == "authorizationStateWaitTdlibParameters") {
      s.client->send(s.parameters, [this, id](Object r) {
        if (type_of(r) != "error") return;
        boost::asio::post(io_, [this, id, r] {
          auto it = sessions_.find(id);
          if (it == sessions_.end()) return;
          const auto* m = r.if_contains("message");
          const std::string why = m && m->is_string() ? std::string(m->as_string()) : "refused";
          spdlog::error("telegram account {}: TDLib refused its parameters: {}", id, why);
          fail_all(*it->second, td_error(503, "TDLib refused the account's parameters: " + why));
        });
      });
    } else if (state == "authorizationStateReady") {
      s.state = Session::State::kReady;
      pump(s);
    } else if (state == "authorizationStateWaitPhoneNumber" || state == "authorizationStateWaitCode" ||
               state == "authorizationStateWaitPassword" || state == "authorizationStateWaitRegistration") {
      // The database holds no session (deleted, or never logged in): nothing to read with.
      fail_all(s, td_error(401, "the account is not logged in: run gather cred add --platform telegram again"));
      s.client->send(Object{{"@type", "close"}}, [](Object) {});
    } else if (state == "authorizationStateLoggingOut" || state == "authorizationStateClosing" ||
               state == "authorizationStateClosed") {
      if (s.state != Session::State::kDead)
        fail_all(s, td_error(401, "Unauthorized: the session was closed (" + state + ")"));
    }
  }
  if (listener_) listener_(id, update);
}

void AccountPool::retain(const std::vector<Id>& alive) {
  for (auto it = sessions_.begin(); it != sessions_.end();) {
    if (std::find(alive.begin(), alive.end(), it->first) == alive.end()) {
      if (it->second->client) it->second->client->send(Object{{"@type", "close"}}, [](Object) {});
      fail_all(*it->second, td_error(401, "the account was removed"));
      it = sessions_.erase(it);
    } else {
      ++it;
    }
  }
}

bool AccountPool::close_all(std::chrono::milliseconds timeout) {
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  for (auto& [id, s] : sessions_)
    if (s->client && !s->client->closed()) s->client->send(Object{{"@type", "close"}}, [](Object) {});
  bool all = true;
  for (auto& [id, s] : sessions_) {
    if (!s->client) continue;
    const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now());
    try {
      s->client->wait_auth({"authorizationStateClosed"}, std::max(left, std::chrono::milliseconds{0}));
    } catch (const TdTimeout&) {
      spdlog::warn("telegram account {}: TDLib did not close within the drain timeout", id);
      all = false;
    }
  }
  return all;
}

std::optional<std::chrono::seconds> AccountPool::resolve_wait(Id credential, TimePoint now) const {
  if (!chats_) return std::nullopt;
  const auto& limit = options_.resolve_limit;
  if (chats_->resolves_since(credential, now - limit.window) < limit.requests) return std::nullopt;
  // Not exact (the log is not read back entry by entry): a tenth of the window is a fair retry.
  return std::chrono::duration_cast<std::chrono::seconds>(limit.window / 10);
}

bool AccountPool::join_room(Id credential, TimePoint now) const {
  if (!chats_) return true;
  const auto& limit = options_.join_limit;
  return chats_->joins_since(credential, now - limit.window) < limit.requests;
}

std::size_t AccountPool::pending() const {
  std::size_t n = 0;
  for (const auto& [id, s] : sessions_) n += s->queue.size() + (s->busy ? 1 : 0);
  return n;
}

}  // namespace gather::tdlib
