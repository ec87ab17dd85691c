// The TDLib stand-in's endpoints: /_tdsim/send and /_tdsim/poll for the libtdjson stand-in
// (sim/tdjson), /_sim/tg/... for tests and the demo, and SimCore's direct methods behind them.
#include <boost/json.hpp>

#include "sim/reply.h"
#include "sim/sim_core.h"
#include "sim/tdsim_format.h"

namespace gather::sim {

namespace json = boost::json;
using namespace tdsim;

namespace {

std::string required(const ServerRequest& req, std::string_view name) {
  auto v = req.param(name);
  if (!v || v->empty()) throw BadRequest("missing parameter " + std::string(name));
  return *v;
}

int non_negative(const ServerRequest& req, std::string_view name, long long fallback) {
  const long long v = int_param(req, name, fallback);
  if (v < 0 || v > 1'000'000'000) throw BadRequest(std::string(name) + " must be >= 0");
  return static_cast<int>(v);
}

}  // namespace

json::object SimCore::tdsim_send(const json::object& envelope) {
  std::lock_guard lock(mu_);
  return tdsim_exchange(envelope);
}

json::object SimCore::tdsim_poll(const std::string& key) {
  std::lock_guard lock(mu_);
  return tdsim_poll_locked(key);
}

json::object SimCore::tdsim_exchange(const json::object& env) {
  const json::value* key = env.if_contains("client");
  const json::value* request = env.if_contains("request");
  if (!key || !key->is_string() || key->as_string().empty() || !request || !request->is_object()) {
    throw BadRequest("body needs \"client\" (a string) and \"request\" (an object)");
  }
  std::string token;
  if (const json::value* s = env.if_contains("session"); s && s->is_string()) token = std::string(s->as_string());
  Client& c = tdsim_.client(std::string(key->as_string()));
  json::array out;
  json::object reply;
  tdsim_request(c, request->as_object(), token, out, reply);
  reply["objects"] = std::move(out);
  return reply;
}

json::object SimCore::tdsim_poll_locked(const std::string& key) {
  json::array out;
  json::object reply;
  if (Client* c = tdsim_.find_client(key)) tdsim_tick(*c, out, reply);
  reply["objects"] = std::move(out);
  return reply;
}

void SimCore::tg_register(const std::string& phone, const std::string& password, bool registered) {
  std::lock_guard lock(mu_);
  tdsim_.register_account(phone, password, registered);
}

bool SimCore::tg_revoke(const std::string& phone) {
  std::lock_guard lock(mu_);
  if (!tdsim_.find_account(phone)) return false;
  tdsim_.revoke_sessions(phone);
  return true;
}

bool SimCore::tg_deactivate(const std::string& phone) {
  std::lock_guard lock(mu_);
  Account* a = tdsim_.find_account(phone);
  if (!a) return false;
  a->deactivated = true;
  return true;
}

bool SimCore::tg_set_limits(const std::string& phone, const Limits& l) {
  std::lock_guard lock(mu_);
  Account* a = tdsim_.find_account(phone);
  if (!a) return false;
  a->limits = l;
  a->resolves = SlidingWindow(l.resolves, std::chrono::seconds{std::max(1, l.resolve_window_s)});
  a->history = SlidingWindow(l.history, std::chrono::seconds{std::max(1, l.history_window_s)});
  a->joins = SlidingWindow(l.joins, std::chrono::seconds{std::max(1, l.join_window_s)});
  return true;
}

bool SimCore::tg_flood(const std::string& phone, int seconds, int count) {
  std::lock_guard lock(mu_);
  Account* a = tdsim_.find_account(phone);
  if (!a) return false;
  a->flood_wait_s = seconds;
  a->flood_count = count;
  return true;
}

bool SimCore::tg_add_member(const std::string& phone, const std::string& chat) {
  std::lock_guard lock(mu_);
  Account* a = tdsim_.find_account(phone);
  WorldChat* c = tdsim_chat_ref(chat);
  if (!a || !c) return false;
  tdsim_join(*a, *c);
  return true;
}

std::optional<std::int64_t> SimCore::tg_post(const std::string& chat, const std::string& text) {
  std::lock_guard lock(mu_);
  WorldChat* c = tdsim_chat_ref(chat);
  if (!c || c->kind == ChatKind::private_username) return std::nullopt;
  if (c->kind == ChatKind::feed) {
    publish_locked(c->feed, 1);  // a feed's posts are the feed's; the text is the feed's too
    return message_id(timeline(c->feed).count() - 1);
  }
  return message_id(tdsim_.post(*c, clock_.now(), text, 6'000'000'001));
}

json::object SimCore::tg_stats() {
  std::lock_guard lock(mu_);
  return tg_stats_locked();
}

json::object SimCore::tg_stats_locked() {
  json::object accounts;
  for (const auto& [phone, a] : tdsim_.accounts()) {
    json::array members;
    for (std::int64_t id : a.members) members.emplace_back(id);
    accounts[phone] = json::object{{"user_id", a.user_id},
                                   {"resolves", a.stats.resolves},
                                   {"history_reads", a.stats.history_reads},
                                   {"joins", a.stats.joins},
                                   {"downloads", a.stats.downloads},
                                   {"refused", a.stats.refused},
                                   {"max_concurrent_history", a.stats.max_concurrent_history},
                                   {"deactivated", a.deactivated},
                                   {"members", std::move(members)}};
  }
  json::object chats;
  for (const WorldChat& c : tdsim_.chats()) {
    json::array members;
    for (const auto& phone : c.members) members.emplace_back(phone);
    chats[std::to_string(c.chat_id())] =
        json::object{{"username", c.username}, {"title", c.title}, {"members", std::move(members)}};
  }
  return {{"accounts", std::move(accounts)}, {"chats", std::move(chats)}};
}

void SimCore::tg_set_download_speed(std::int64_t bytes_per_s) {
  std::lock_guard lock(mu_);
  tdsim_.set_download_speed(bytes_per_s);
}

// The endpoints run under handle()'s lock, so they use the *_locked forms.
SimReply SimCore::tdsim_route(const ServerRequest& req, std::string_view what) {
  if (what == "send") {
    if (req.method != "POST") return error_reply(405, "method not allowed");
    json::value body;
    try {
      body = json::parse(req.body);
    } catch (const std::exception&) {
      throw BadRequest("body is not JSON");
    }
    if (!body.is_object()) throw BadRequest("body must be an object");
    return json_reply(200, tdsim_exchange(body.as_object()));
  }
  if (what == "poll") {
    if (req.method != "GET") return error_reply(405, "method not allowed");
    return json_reply(200, tdsim_poll_locked(required(req, "client")));
  }
  return error_reply(404, "not found: " + req.path);
}

SimReply SimCore::tg_admin(const ServerRequest& req, std::string_view what) {
  if (what == "stats") {
    if (req.method != "GET") return error_reply(405, "method not allowed");
    return json_reply(200, tg_stats_locked());
  }
  if (req.method != "POST") return error_reply(405, "method not allowed");
  auto account = [&]() -> Account& {
    Account* a = tdsim_.find_account(required(req, "phone"));
    if (!a) throw BadRequest("no such account; register it with /_sim/tg/account");
    return *a;
  };
  if (what == "account") {
    const std::string phone = required(req, "phone");
    if (!phone.starts_with('+')) throw BadRequest("phone must start with +");
    Account& a = tdsim_.register_account(phone, req.param("password").value_or(""), int_param(req, "registered", 1) != 0);
    return json_reply(200, json::object{{"phone", a.phone}, {"user_id", a.user_id}});
  }
  if (what == "revoke") {
    Account& a = account();
    return json_reply(200, json::object{{"revoked", tdsim_.revoke_sessions(a.phone)}});
  }
  if (what == "deactivate") {
    account().deactivated = true;
    return json_reply(200, json::object{{"deactivated", true}});
  }
  if (what == "limits") {
    Account& a = account();
    Limits l = a.limits;
    l.resolves = non_negative(req, "resolves", l.resolves);
    l.resolve_window_s = non_negative(req, "resolve_window", l.resolve_window_s);
    l.history = non_negative(req, "history", l.history);
    l.history_window_s = non_negative(req, "history_window", l.history_window_s);
    l.joins = non_negative(req, "joins", l.joins);
    l.join_window_s = non_negative(req, "join_window", l.join_window_s);
    l.max_channels = non_negative(req, "max_channels", l.max_channels);
    a.limits = l;
    a.resolves = SlidingWindow(l.resolves, std::chrono::seconds{std::max(1, l.resolve_window_s)});
    a.history = SlidingWindow(l.history, std::chrono::seconds{std::max(1, l.history_window_s)});
    a.joins = SlidingWindow(l.joins, std::chrono::seconds{std::max(1, l.join_window_s)});
    return json_reply(200, json::object{{"phone", a.phone}});
  }
  if (what == "flood") {
    Account& a = account();
    a.flood_wait_s = non_negative(req, "seconds", 30);
    a.flood_count = non_negative(req, "count", 1);
    return json_reply(200, json::object{{"phone", a.phone}, {"count", a.flood_count}});
  }
  if (what == "member") {
    Account& a = account();
    WorldChat* c = tdsim_chat_ref(required(req, "chat"));
    if (!c) throw BadRequest("no such chat");
    tdsim_join(a, *c);
    return json_reply(200, json::object{{"chat_id", c->chat_id()}});
  }
  if (what == "post") {
    WorldChat* c = tdsim_chat_ref(required(req, "chat"));
    if (!c || c->kind == ChatKind::private_username) throw BadRequest("no such chat");
    std::int64_t id = 0;
    if (c->kind == ChatKind::feed) {
      publish_locked(c->feed, 1);
      id = message_id(timeline(c->feed).count() - 1);
    } else {
      id = message_id(tdsim_.post(*c, clock_.now(), req.param("text").value_or("Posted by the admin"), 6'000'000'001));
    }
    return json_reply(200, json::object{{"chat_id", c->chat_id()}, {"message_id", id}});
  }
  if (what == "speed") {
    const long long v = int_param(req, "bytes_per_s");
    if (v < 1) throw BadRequest("bytes_per_s must be >= 1");
    tdsim_.set_download_speed(v);
    return json_reply(200, json::object{{"bytes_per_s", v}});
  }
  return error_reply(404, "not found: " + req.path);
}

}  // namespace gather::sim
