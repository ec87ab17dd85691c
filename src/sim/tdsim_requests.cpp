// The TDLib requests the stand-in plays (README "TDLib stand-in"): authorization, chats,
// history, joins, downloads, with each account's budgets. Every answer is a TDLib object; the
// request's @extra comes back on its answer, and updates a request causes follow it in order.
#include <boost/json.hpp>

#include <algorithm>
#include <cctype>

#include "sim/reply.h"
#include "sim/sim_core.h"
#include "sim/tdsim_format.h"

namespace gather::sim {

namespace json = boost::json;
using namespace tdsim;

namespace {

using namespace std::chrono_literals;

constexpr auto kHistoryInFlight = 200ms;  // how long one history read occupies an account

std::string str(const json::object& o, std::string_view key) {
  const json::value* v = o.if_contains(key);
  return v && v->is_string() ? std::string(v->as_string()) : std::string();
}

// Numbers may come as numbers or (int64 style) strings; anything else is 0.
std::int64_t num(const json::object& o, std::string_view key) {
  const json::value* v = o.if_contains(key);
  if (!v) return 0;
  if (v->is_int64()) return v->as_int64();
  if (v->is_uint64()) return static_cast<std::int64_t>(v->as_uint64());
  if (v->is_double()) return static_cast<std::int64_t>(v->as_double());
  if (v->is_string()) {
    try {
      return std::stoll(std::string(v->as_string()));
    } catch (...) {
      return 0;
    }
  }
  return 0;
}

bool flag(const json::object& o, std::string_view key) {
  const json::value* v = o.if_contains(key);
  return v && v->is_bool() && v->as_bool();
}

std::string normalize_phone(const std::string& raw) {
  std::string p = "+";
  for (char ch : raw) {
    if (std::isdigit(static_cast<unsigned char>(ch))) p += ch;
  }
  return p;
}

json::object too_many(std::chrono::seconds wait) {
  return td_error(429, "Too Many Requests: retry after " + std::to_string(wait.count()));
}

// The hash of https://t.me/+HASH, https://t.me/joinchat/HASH or tg://join?invite=HASH.
std::string invite_hash(std::string link) {
  for (std::string_view marker : {"joinchat/", "invite=", "/+"}) {
    if (auto at = link.find(marker); at != std::string::npos) return link.substr(at + marker.size());
  }
  return {};
}

}  // namespace

int SimCore::tdsim_count(const WorldChat& chat) {
  if (chat.kind == ChatKind::feed) return timeline(chat.feed).count();
  tdsim_.catch_up(clock_.now());
  return static_cast<int>(chat.messages.size());
}

int SimCore::tdsim_member_count(const WorldChat& chat) const {
  const int base = chat.kind == ChatKind::feed ? 1000 + 37 * chat.feed : 40 + static_cast<int>(chat.supergroup_id % 50);
  return base + static_cast<int>(chat.members.size());
}

json::object SimCore::tdsim_file(Client& c, const FileInfo& f) {
  std::int64_t have = c.local.count(f.id) ? c.local.at(f.id) : 0;
  bool active = false;
  if (auto it = c.downloads.find(f.id); it != c.downloads.end()) {
    active = true;
    const double elapsed = std::chrono::duration<double>(clock_.now() - it->second.started).count();
    const auto speed = static_cast<double>(tdsim_.download_speed());
    have = std::min<std::int64_t>(f.size, it->second.offset + static_cast<std::int64_t>(elapsed * speed));
  }
  return file_object(f, have, active, c.files_dir + "/" + f.dir + "/" + f.name);
}

json::object SimCore::tdsim_message(Client& c, const WorldChat& chat, int n) {
  const FileView view = [this, &c](const FileInfo& f) { return tdsim_file(c, f); };
  if (chat.kind == ChatKind::feed) {
    const SimPost p = post_at(chat.feed, n);
    const FileInfo* large = nullptr;
    const FileInfo* small = nullptr;
    if (p.image_url) {
      const std::string key = "feed:" + std::to_string(chat.feed) + ":" + std::to_string(n);
      large = &tdsim_.file(key + ":x", 60'000 + 997 * static_cast<std::int64_t>(n % 50), "photos", ".jpg");
      small = &tdsim_.file(key + ":m", 12'000, "photos", ".jpg");
    }
    return feed_message(p, chat.chat_id(), large, small, view);
  }
  const WorldMessage& m = chat.messages.at(static_cast<std::size_t>(n));
  return world_message(chat, m, m.file_id ? tdsim_.file_by_id(m.file_id) : nullptr, view);
}

void SimCore::tdsim_join(Account& a, WorldChat& chat) {
  a.known.insert(chat.chat_id());
  a.members.insert(chat.chat_id());
  chat.members.insert(a.phone);
  // Live updates start with the next message: every logged-in client of the account has seen
  // everything up to now.
  const int count = tdsim_count(chat);
  for (auto& [_, client] : tdsim_.clients()) {
    if (client.state == AuthState::ready && client.phone == a.phone) client.cursors[chat.chat_id()] = count;
  }
}

WorldChat* SimCore::tdsim_chat_ref(const std::string& ref) {
  if (WorldChat* c = tdsim_.chat_by_username(ref)) return c;
  if (auto id = parse_int(ref)) return tdsim_.chat_by_id(*id);
  return nullptr;
}

// A revoked session or a deactivated account ends the client: Closing, Closed, and the library
// drops its session file.
bool SimCore::tdsim_session_ended(Client& c, json::array& out, json::object& reply) {
  if (c.state != AuthState::ready) return false;
  const Session* s = tdsim_.session(c.token);
  const Account* a = tdsim_.find_account(c.phone);
  if (s && !s->revoked && a && !a->deactivated) return false;
  out.emplace_back(auth_update(AuthState::closing));
  out.emplace_back(auth_update(AuthState::closed));
  c.state = AuthState::closed;
  reply["session"] = nullptr;
  return true;
}

void SimCore::tdsim_downloads(Client& c, json::array& out) {
  for (auto it = c.downloads.begin(); it != c.downloads.end();) {
    const FileInfo* f = tdsim_.file_by_id(it->first);
    json::object file = tdsim_file(c, *f);
    const std::int64_t have = file.at("local").as_object().at("downloaded_size").as_int64();
    if (have != it->second.reported) {
      it->second.reported = have;
      if (have >= f->size) {
        c.local[f->id] = f->size;
        Download d = std::move(it->second);
        it = c.downloads.erase(it);
        json::object done = tdsim_file(c, *f);
        out.emplace_back(json::object{{"@type", "updateFile"}, {"file", done}});
        if (d.synchronous) {
          if (d.has_extra) done["@extra"] = d.extra;
          out.emplace_back(std::move(done));
        }
        continue;
      }
      out.emplace_back(json::object{{"@type", "updateFile"}, {"file", std::move(file)}});
    }
    ++it;
  }
}

void SimCore::tdsim_tick(Client& c, json::array& out, json::object& reply) {
  while (!c.queued.empty()) {
    out.emplace_back(std::move(c.queued.front()));
    c.queued.pop_front();
  }
  if (tdsim_session_ended(c, out, reply) || c.state != AuthState::ready) return;
  tdsim_downloads(c, out);
  Account* a = tdsim_.find_account(c.phone);
  for (std::int64_t id : a->members) {
    WorldChat* chat = tdsim_.chat_by_id(id);
    const int count = tdsim_count(*chat);
    auto [cursor, fresh] = c.cursors.try_emplace(id, count);
    for (int n = cursor->second; n < count; ++n) {
      out.emplace_back(json::object{{"@type", "updateNewMessage"}, {"message", tdsim_message(c, *chat, n)}});
    }
    cursor->second = count;
  }
}

void SimCore::tdsim_request(Client& c, const json::object& req, const std::string& token, json::array& out,
                            json::object& reply) {
  const std::string type = str(req, "@type");
  const json::value* extra = req.if_contains("@extra");
  // The answer first (carrying @extra), then the updates it causes.
  json::array updates;
  auto answer = [&](json::object o) {
    if (extra) o["@extra"] = *extra;
    out.emplace_back(std::move(o));
    for (auto& u : updates) out.emplace_back(std::move(u));
    updates.clear();
  };
  auto ready = [&](Account& a) {
    Session& s = tdsim_.new_session(a.phone);
    c.token = s.token;
    c.phone = a.phone;
    c.state = AuthState::ready;
    updates.emplace_back(auth_update(AuthState::ready));
    reply["session"] = json::object{{"token", s.token}, {"phone", a.phone}};
  };

  if (c.state == AuthState::closed) return answer(td_error(500, "Request aborted"));
  if (type == "getAuthorizationState") {
    const Account* a = tdsim_.find_account(c.phone);
    return answer(auth_state(c.state, c.phone, a ? std::string(kTwoFactorHint) : ""));
  }
  if (type == "close" || type == "logOut") {
    if (type == "logOut") {
      tdsim_.end_session(c.token);
      reply["session"] = nullptr;
    }
    c.state = AuthState::closed;
    updates.emplace_back(auth_update(AuthState::closing));
    updates.emplace_back(auth_update(AuthState::closed));
    return answer(td_ok());
  }

  switch (c.state) {
    case AuthState::wait_parameters: {
      if (type != "setTdlibParameters") break;
      if (num(req, "api_id") == 0) {
        return answer(td_error(400, "Valid api_id must be provided. Can be obtained at https://my.telegram.org"));
      }
      const std::string db = str(req, "database_directory");
      c.files_dir = str(req, "files_directory");
      if (c.files_dir.empty()) c.files_dir = (db.empty() ? std::string(".") : db) + "/files";
      if (!token.empty()) {
        const Session* s = tdsim_.session(token);
        const Account* a = s ? tdsim_.find_account(s->phone) : nullptr;
        if (s && !s->revoked && a && !a->deactivated) {
          c.token = token;
          c.phone = s->phone;
          c.state = AuthState::ready;
          updates.emplace_back(auth_update(AuthState::ready));
        } else {
          // What TDLib does when the server forgot the session: it logs out and closes.
          c.state = AuthState::closed;
          updates.emplace_back(auth_update(AuthState::closing));
          updates.emplace_back(auth_update(AuthState::closed));
          reply["session"] = nullptr;
        }
      } else {
        c.state = AuthState::wait_phone;
        updates.emplace_back(auth_update(AuthState::wait_phone));
      }
      if (c.state != AuthState::closed) {
        updates.emplace_back(json::object{{"@type", "updateConnectionState"},
                                          {"state", json::object{{"@type", "connectionStateReady"}}}});
      }
      return answer(td_ok());
    }
    case AuthState::wait_phone:
    case AuthState::wait_code: {
      if (type == "setAuthenticationPhoneNumber") {
        const std::string phone = normalize_phone(str(req, "phone_number"));
        Account* a = tdsim_.find_account(phone);
        if (!a) return answer(td_error(400, "PHONE_NUMBER_INVALID"));
        if (a->deactivated) return answer(td_error(400, "PHONE_NUMBER_BANNED"));
        c.phone = phone;
        c.state = AuthState::wait_code;
        updates.emplace_back(auth_update(AuthState::wait_code, phone));
        return answer(td_ok());
      }
      if (c.state == AuthState::wait_code && type == "resendAuthenticationCode") {
        return answer(auth_state(AuthState::wait_code, c.phone, ""));
      }
      if (c.state == AuthState::wait_code && type == "checkAuthenticationCode") {
        if (str(req, "code") != kLoginCode) return answer(td_error(400, "PHONE_CODE_INVALID"));
        Account& a = *tdsim_.find_account(c.phone);
        if (!a.registered) {
          c.state = AuthState::wait_registration;
          updates.emplace_back(auth_update(AuthState::wait_registration));
        } else if (!a.password.empty()) {
          c.state = AuthState::wait_password;
          updates.emplace_back(auth_update(AuthState::wait_password, c.phone, kTwoFactorHint));
        } else {
          ready(a);
        }
        return answer(td_ok());
      }
      break;
    }
    case AuthState::wait_password: {
      if (type != "checkAuthenticationPassword") break;
      Account& a = *tdsim_.find_account(c.phone);
      if (str(req, "password") != a.password) return answer(td_error(400, "PASSWORD_HASH_INVALID"));
      ready(a);
      return answer(td_ok());
    }
    case AuthState::wait_registration: {
      if (type != "registerUser") break;
      if (str(req, "first_name").empty()) return answer(td_error(400, "FIRSTNAME_INVALID"));
      Account& a = *tdsim_.find_account(c.phone);
      a.registered = true;
      a.first_name = str(req, "first_name");
      ready(a);
      return answer(td_ok());
    }
    case AuthState::ready: {
      if (tdsim_session_ended(c, updates, reply)) {
        const Account* a = tdsim_.find_account(c.phone);
        return answer(td_error(401, a && a->deactivated ? "USER_DEACTIVATED" : "Unauthorized"));
      }
      Account& a = *tdsim_.find_account(c.phone);
      if (a.flood_count > 0) {
        --a.flood_count;
        ++a.stats.refused;
        return answer(too_many(std::chrono::seconds{a.flood_wait_s}));
      }
      json::array results;
      tdsim_ready_request(c, a, type, req, results);
      if (results.empty()) return;  // answered later (a synchronous download)
      json::object first = std::move(results[0].as_object());
      for (std::size_t i = 1; i < results.size(); ++i) updates.emplace_back(std::move(results[i]));
      return answer(std::move(first));
    }
    case AuthState::closing:
    case AuthState::closed: break;
  }
  if (type.empty()) return answer(td_error(400, "Failed to parse JSON object as TDLib request: Can't find field \"@type\""));
  static const std::set<std::string> known{
      "setTdlibParameters", "setAuthenticationPhoneNumber", "checkAuthenticationCode", "checkAuthenticationPassword",
      "registerUser", "resendAuthenticationCode", "getMe", "getUser", "searchPublicChat", "getChat", "getSupergroup",
      "getSupergroupFullInfo", "getChatHistory", "getMessage", "joinChat", "joinChatByInviteLink",
      "checkChatInviteLink", "leaveChat", "getChats", "loadChats", "openChat", "closeChat", "viewMessages",
      "downloadFile", "cancelDownloadFile", "getFile"};
  if (!known.count(type)) {
    return answer(td_error(400, "Failed to parse JSON object as TDLib request: Unknown class \"" + type + "\""));
  }
  // A known request in the wrong state: what TDLib says before login, or about the state.
  if (c.state != AuthState::ready && c.state != AuthState::wait_parameters &&
      (type.starts_with("set") || type.starts_with("check") || type == "registerUser")) {
    return answer(td_error(400, "Call to " + type + " unexpected"));
  }
  if (c.state == AuthState::wait_parameters) return answer(td_error(400, "Initialization parameters are needed: call setTdlibParameters first"));
  answer(td_error(401, "Unauthorized"));
}

// A request of a logged-in client: results[0] is the answer, the rest updates it causes. Left
// empty when the answer comes later through the poll.
void SimCore::tdsim_ready_request(Client& c, Account& a, std::string_view type, const json::object& req,
                                  json::array& results) {
  const TimePoint now = clock_.now();
  auto known_chat = [&](std::int64_t id) -> WorldChat* {
    WorldChat* chat = tdsim_.chat_by_id(id);
    return chat && a.known.count(id) ? chat : nullptr;
  };
  auto result = [&](json::object o) { results.emplace_back(std::move(o)); };
  auto join = [&](WorldChat& chat) -> bool {
    if (a.members.count(chat.chat_id())) return true;
    if (static_cast<int>(a.members.size()) >= a.limits.max_channels) {
      ++a.stats.refused;
      result(td_error(400, "CHANNELS_TOO_MUCH"));
      return false;
    }
    if (auto v = a.joins.admit(now); !v.admitted) {
      ++a.stats.refused;
      result(too_many(v.retry_after));
      return false;
    }
    ++a.stats.joins;
    tdsim_join(a, chat);
    return true;
  };

  if (type == "getMe") {
    return result(user_object(a.user_id, a.first_name, a.phone.substr(1)));
  }
  if (type == "getUser") {
    const std::int64_t id = num(req, "user_id");
    if (id == a.user_id) return result(user_object(a.user_id, a.first_name, a.phone.substr(1)));
    if (World::is_group_user(id)) return result(user_object(id, World::group_user_name(id), ""));
    return result(td_error(400, "User not found"));
  }
  if (type == "searchPublicChat") {
    if (auto v = a.resolves.admit(now); !v.admitted) {
      ++a.stats.refused;
      return result(too_many(v.retry_after));
    }
    ++a.stats.resolves;
    WorldChat* chat = tdsim_.chat_by_username(str(req, "username"));
    if (!chat) return result(td_error(400, "USERNAME_NOT_OCCUPIED"));
    if (chat->kind == ChatKind::private_username) return result(td_error(400, "CHANNEL_PRIVATE"));
    a.known.insert(chat->chat_id());
    return result(chat_object(*chat, a.members.count(chat->chat_id()) > 0));
  }
  if (type == "getChat" || type == "openChat" || type == "closeChat" || type == "viewMessages") {
    WorldChat* chat = known_chat(num(req, "chat_id"));
    if (!chat) return result(td_error(400, "Chat not found"));
    return result(type == "getChat" ? chat_object(*chat, a.members.count(chat->chat_id()) > 0) : td_ok());
  }
  if (type == "getSupergroup" || type == "getSupergroupFullInfo") {
    WorldChat* chat = known_chat(chat_id_of(num(req, "supergroup_id")));
    if (!chat) return result(td_error(400, "Supergroup not found"));
    const int members = tdsim_member_count(*chat);
    if (type == "getSupergroupFullInfo") return result(supergroup_full_info(*chat, members));
    const std::int64_t created = std::chrono::duration_cast<std::chrono::seconds>(start_.time_since_epoch()).count() - 86'400 * 365;
    return result(supergroup_object(*chat, a.members.count(chat->chat_id()) > 0, members, created));
  }
  if (type == "getChatHistory" || type == "getMessage") {
    WorldChat* chat = known_chat(num(req, "chat_id"));
    if (!chat) return result(td_error(400, "Chat not found"));
    if (chat->kind == ChatKind::private_channel && !a.members.count(chat->chat_id())) {
      return result(td_error(400, "CHANNEL_PRIVATE"));
    }
    const int count = tdsim_count(*chat);
    if (type == "getMessage") {
      auto n = message_index(num(req, "message_id"));
      if (!n || *n >= count) return result(td_error(404, "Not Found"));
      return result(tdsim_message(c, *chat, *n));
    }
    const std::int64_t limit = num(req, "limit");
    const std::int64_t offset = num(req, "offset");
    if (limit <= 0) return result(td_error(400, "Parameter limit must be positive"));
    if (offset > 0) return result(td_error(400, "Parameter offset must be non-positive"));
    if (offset <= -limit) return result(td_error(400, "Parameter offset must be greater than -limit"));
    if (!flag(req, "only_local")) {  // a local read costs the server nothing
      if (auto v = a.history.admit(now); !v.admitted) {
        ++a.stats.refused;
        return result(too_many(v.retry_after));
      }
      ++a.stats.history_reads;
      int concurrent = 1;
      for (const auto& [key, until] : a.history_until) {
        if (key != c.key && until > now) ++concurrent;
      }
      a.stats.max_concurrent_history = std::max(a.stats.max_concurrent_history, concurrent);
      a.history_until[c.key] = now + kHistoryInFlight;
    }
    // Newest first. Messages with an id below from_message_id start at `first`; offset -n adds n
    // newer ones (offset -1 includes from_message_id itself).
    const std::int64_t from = num(req, "from_message_id");
    std::int64_t below = count;
    if (from > 0) below = std::clamp<std::int64_t>((from + (1 << 20) - 1) / (1 << 20) - 1, 0, count);
    std::int64_t start = std::max<std::int64_t>(0, (count - below) + offset);
    const std::int64_t end = std::min<std::int64_t>(count, start + std::min<std::int64_t>(limit, 100));
    json::array list;
    for (std::int64_t j = start; j < end; ++j) list.emplace_back(tdsim_message(c, *chat, static_cast<int>(count - 1 - j)));
    const auto n = list.size();
    return result(json::object{{"@type", "messages"}, {"total_count", n}, {"messages", std::move(list)}});
  }
  if (type == "joinChat") {
    WorldChat* chat = known_chat(num(req, "chat_id"));
    if (!chat) return result(td_error(400, "Chat not found"));
    if (chat->kind == ChatKind::private_channel && !a.members.count(chat->chat_id())) {
      return result(td_error(400, "CHANNEL_PRIVATE"));
    }
    if (join(*chat)) result(td_ok());
    return;
  }
  if (type == "joinChatByInviteLink" || type == "checkChatInviteLink") {
    const std::string hash = invite_hash(str(req, "invite_link"));
    if (hash == "SimExpired1") return result(td_error(400, "INVITE_HASH_EXPIRED"));
    WorldChat* chat = tdsim_.chat_by_invite(hash);
    if (!chat) return result(td_error(400, "INVITE_HASH_INVALID"));
    if (type == "checkChatInviteLink") {
      return result(invite_link_info(*chat, a.known.count(chat->chat_id()) > 0, tdsim_member_count(*chat)));
    }
    if (a.members.count(chat->chat_id())) return result(td_error(400, "USER_ALREADY_PARTICIPANT"));
    if (join(*chat)) result(chat_object(*chat, true));
    return;
  }
  if (type == "leaveChat") {
    WorldChat* chat = known_chat(num(req, "chat_id"));
    if (!chat) return result(td_error(400, "Chat not found"));
    a.members.erase(chat->chat_id());
    chat->members.erase(a.phone);
    for (auto& [_, client] : tdsim_.clients()) {
      if (client.phone == a.phone) client.cursors.erase(chat->chat_id());
    }
    return result(td_ok());
  }
  if (type == "getChats" || type == "loadChats") {
    if (type == "loadChats") {
      if (c.chats_loaded) return result(td_error(404, "Not Found"));
      c.chats_loaded = true;
      result(td_ok());
      for (std::int64_t id : a.members) {
        result(json::object{{"@type", "updateNewChat"}, {"chat", chat_object(*tdsim_.chat_by_id(id), true)}});
      }
      return;
    }
    json::array ids;
    const std::int64_t limit = std::max<std::int64_t>(1, num(req, "limit"));
    for (std::int64_t id : a.members) {
      if (static_cast<std::int64_t>(ids.size()) < limit) ids.emplace_back(id);
    }
    return result(json::object{{"@type", "chats"}, {"total_count", a.members.size()}, {"chat_ids", std::move(ids)}});
  }
  if (type == "downloadFile" || type == "getFile" || type == "cancelDownloadFile") {
    const FileInfo* f = tdsim_.file_by_id(static_cast<int>(num(req, "file_id")));
    if (!f) return result(td_error(400, "Invalid file identifier"));
    if (type == "getFile") return result(tdsim_file(c, *f));
    if (type == "cancelDownloadFile") {
      if (auto it = c.downloads.find(f->id); it != c.downloads.end()) {
        c.local[f->id] = tdsim_file(c, *f).at("local").as_object().at("downloaded_size").as_int64();
        c.downloads.erase(it);
      }
      return result(td_ok());
    }
    const std::int64_t priority = num(req, "priority");
    if (priority < 1 || priority > 32) return result(td_error(400, "Download priority must be between 1 and 32"));
    const bool sync = flag(req, "synchronous");
    const std::int64_t have = c.local.count(f->id) ? c.local.at(f->id) : 0;
    if (have >= f->size) return result(tdsim_file(c, *f));
    if (!c.downloads.count(f->id)) {
      ++a.stats.downloads;
      Download d;
      d.file_id = f->id;
      d.started = now;
      d.offset = have;  // a download that was stopped continues where it was
      c.downloads.emplace(f->id, std::move(d));
    }
    Download& d = c.downloads.at(f->id);
    if (!sync) {
      d.reported = -1;
      return result(tdsim_file(c, *f));
    }
    d.synchronous = true;
    if (const json::value* extra = req.if_contains("@extra")) {
      d.extra = *extra;
      d.has_extra = true;
    }
    // A file that completes at once is answered in this exchange; the rest through the poll.
    json::array late;
    tdsim_downloads(c, late);
    if (!late.empty() && late.back().as_object().at("@type") == "file") {
      json::object answer = std::move(late.back().as_object());
      answer.erase("@extra");
      late.pop_back();
      result(std::move(answer));
      for (auto& u : late) results.emplace_back(std::move(u));
    } else {
      for (auto& u : late) c.queued.push_back(std::move(u.as_object()));
    }
    return;
  }
  result(td_error(400, "Failed to parse JSON object as TDLib request: Unknown class \"" + std::string(type) + "\""));
}

}  // namespace gather::sim
