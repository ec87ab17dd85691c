#include "sim/tdsim_world.h"

#include <algorithm>
#include <cctype>

#include "sim/telegram_format.h"

namespace gather::sim::tdsim {

namespace {

using namespace std::chrono_literals;

bool iequals(std::string_view a, std::string_view b) {
  return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
           return std::tolower(static_cast<unsigned char>(x)) == std::tolower(static_cast<unsigned char>(y));
         });
}

// The users who talk in simgroup: 6000000001.., named "Sim user N".
constexpr std::int64_t kGroupUserBase = 6'000'000'000;
constexpr int kGroupUsers = 5;

}  // namespace

std::optional<int> message_index(std::int64_t id) {
  if (id <= 0 || (id & ((1 << 20) - 1)) != 0) return std::nullopt;
  const std::int64_t n = (id >> 20) - 1;
  if (n > 1'000'000'000) return std::nullopt;
  return static_cast<int>(n);
}

const char* auth_type(AuthState s) {
  switch (s) {
    case AuthState::wait_parameters: return "authorizationStateWaitTdlibParameters";
    case AuthState::wait_phone: return "authorizationStateWaitPhoneNumber";
    case AuthState::wait_code: return "authorizationStateWaitCode";
    case AuthState::wait_password: return "authorizationStateWaitPassword";
    case AuthState::wait_registration: return "authorizationStateWaitRegistration";
    case AuthState::ready: return "authorizationStateReady";
    case AuthState::closing: return "authorizationStateClosing";
    case AuthState::closed: return "authorizationStateClosed";
  }
  return "authorizationStateClosed";
}

std::string World::group_user_name(std::int64_t user_id) {
  return "Sim user " + std::to_string(user_id - kGroupUserBase);
}

bool World::is_group_user(std::int64_t user_id) {
  return user_id > kGroupUserBase && user_id <= kGroupUserBase + kGroupUsers;
}

World::World(TimePoint start, int feeds, std::int64_t download_bytes_per_s) : download_bytes_per_s_(download_bytes_per_s) {
  for (int i = 0; i < feeds; ++i) {
    WorldChat c;
    c.supergroup_id = kFeedSupergroupBase + i;
    c.username = telegram_channel(i);
    c.title = telegram_channel_title(i);
    c.description = "The posts of simulated feed " + std::to_string(i);
    c.kind = ChatKind::feed;
    c.feed = i;
    chats_.push_back(std::move(c));
  }
  build_world_chats(start);
}

WorldMessage World::media_message(WorldChat& chat, TimePoint date, std::int64_t user, MsgKind kind, const std::string& text) {
  WorldMessage m;
  m.index = static_cast<int>(chat.messages.size());
  m.date = date;
  m.sender_user = user;
  m.kind = kind;
  m.text = text;
  const std::string key = "chat" + std::to_string(chat.supergroup_id) + ":" + std::to_string(m.index);
  switch (kind) {
    case MsgKind::photo: m.file_id = file(key + ":x", 81'234 + 1'000 * m.index, "photos", ".jpg").id; break;
    case MsgKind::video: m.file_id = file(key, 3'145'728, "videos", ".mp4").id; break;
    case MsgKind::animation: m.file_id = file(key, 524'288, "animations", ".mp4").id; break;
    case MsgKind::document: m.file_id = file(key, 40'000, "documents", ".pdf").id; break;
    case MsgKind::audio: m.file_id = file(key, 2'000'000, "music", ".mp3").id; break;
    case MsgKind::voice_note: m.file_id = file(key, 30'000, "voice", ".oga").id; break;
    case MsgKind::video_note: m.file_id = file(key, 700'000, "video_notes", ".mp4").id; break;
    case MsgKind::sticker: m.file_id = file(key, 25'000, "stickers", ".webp").id; break;
    case MsgKind::text:
    case MsgKind::join_by_link: break;
  }
  return m;
}

// The world's own chats, each with a fixed opening history (dated before the start) and a
// schedule (README: "TDLib stand-in").
void World::build_world_chats(TimePoint start) {
  auto add = [&](std::int64_t n, std::string username, std::string title, bool channel, ChatKind kind,
                 std::chrono::seconds period) -> WorldChat& {
    WorldChat c;
    c.supergroup_id = kWorldSupergroupBase + n;
    c.username = std::move(username);
    c.title = std::move(title);
    c.description = c.title + ", a chat of the TDLib stand-in";
    c.is_channel = channel;
    c.kind = kind;
    c.period = period;
    c.next_post = start + period;
    chats_.push_back(std::move(c));
    return chats_.back();
  };

  WorldChat& quiet = add(1, "quietchan", "Quiet channel", true, ChatKind::quiet, 15min);
  for (int j = 0; j < 3; ++j) {
    quiet.messages.push_back(media_message(quiet, start - std::chrono::hours(3 - j), 0, MsgKind::text,
                                           "Quiet post " + std::to_string(j)));
  }

  WorldChat& group = add(2, "simgroup", "Simulated group", false, ChatKind::group, 10min);
  const TimePoint t0 = start - 2h;
  auto u = [](int n) { return kGroupUserBase + n; };
  auto push = [&](std::int64_t user, MsgKind kind, const std::string& text) -> WorldMessage& {
    const int n = static_cast<int>(group.messages.size());
    group.messages.push_back(media_message(group, t0 + std::chrono::minutes(n), user, kind, text));
    return group.messages.back();
  };
  push(u(1), MsgKind::text, "Welcome to the simulated group #welcome");
  push(u(2), MsgKind::join_by_link, "");
  push(u(2), MsgKind::text, "Thanks, glad to be here").reply_to = 0;
  push(u(3), MsgKind::text, "Feed 0 post 0").forwarded = true;
  for (int j = 0; j < 3; ++j) push(u(1), MsgKind::photo, j == 0 ? "Three photos of one album" : "").album_id = "13371337133713371";
  push(u(4), MsgKind::video, "A video");
  push(u(4), MsgKind::animation, "");
  push(u(5), MsgKind::document, "The report");
  push(u(5), MsgKind::audio, "");
  push(u(1), MsgKind::voice_note, "");
  push(u(2), MsgKind::video_note, "");
  push(u(3), MsgKind::sticker, "");

  WorldChat& priv = add(3, "", "Simulated private channel", true, ChatKind::private_channel, 30min);
  priv.invite_hash = "SimPrivate1";
  for (int j = 0; j < 2; ++j) {
    priv.messages.push_back(media_message(priv, start - std::chrono::hours(2 - j), 0, MsgKind::text,
                                          "Private post " + std::to_string(j)));
  }

  add(4, "privchan", "Private username channel", true, ChatKind::private_username, 0s);
}

void World::catch_up(TimePoint now) {
  for (WorldChat& c : chats_) {
    if (c.kind == ChatKind::feed || c.period.count() <= 0) continue;
    while (c.next_post <= now) {
      const int n = c.scheduled++;
      const std::int64_t user = c.is_channel ? 0 : kGroupUserBase + 1 + n % kGroupUsers;
      const std::string text = (c.is_channel ? "Scheduled post " : "Group message ") + std::to_string(n);
      c.messages.push_back(media_message(c, c.next_post, user, MsgKind::text, text));
      c.next_post += c.period;
    }
  }
}

int World::post(WorldChat& chat, TimePoint now, const std::string& text, std::int64_t sender_user) {
  catch_up(now);
  chat.messages.push_back(media_message(chat, now, chat.is_channel ? 0 : sender_user, MsgKind::text, text));
  return chat.messages.back().index;
}

Account* World::find_account(const std::string& phone) {
  if (auto it = accounts_.find(phone); it != accounts_.end()) return &it->second;
  // The phone rule: +9990... unregistered, +9996... with 2FA, other +999... plain.
  if (phone.size() < 5 || !phone.starts_with("+999")) return nullptr;
  if (!std::all_of(phone.begin() + 1, phone.end(), [](char c) { return std::isdigit(static_cast<unsigned char>(c)); })) {
    return nullptr;
  }
  const char kind = phone[4];
  return &register_account(phone, kind == '6' ? std::string(kTwoFactorPassword) : "", kind != '0');
}

Account& World::register_account(const std::string& phone, const std::string& password, bool registered) {
  auto [it, fresh] = accounts_.try_emplace(phone);
  Account& a = it->second;
  a.phone = phone;
  a.password = password;
  a.registered = registered;
  if (fresh) {
    a.user_id = next_user_id_++;
    a.first_name = "Sim account " + phone;
    a.resolves = SlidingWindow(a.limits.resolves, std::chrono::seconds{a.limits.resolve_window_s});
    a.history = SlidingWindow(a.limits.history, std::chrono::seconds{a.limits.history_window_s});
    a.joins = SlidingWindow(a.limits.joins, std::chrono::seconds{a.limits.join_window_s});
  }
  return a;
}

Session& World::new_session(const std::string& phone) {
  Session s;
  s.token = "tdsim-session-" + std::to_string(next_session_++);
  s.phone = phone;
  auto [it, _] = sessions_.emplace(s.token, s);
  return it->second;
}

Session* World::session(const std::string& token) {
  auto it = sessions_.find(token);
  return it == sessions_.end() ? nullptr : &it->second;
}

int World::revoke_sessions(const std::string& phone) {
  int n = 0;
  for (auto& [_, s] : sessions_) {
    if (s.phone == phone && !s.revoked) {
      s.revoked = true;
      ++n;
    }
  }
  return n;
}

void World::end_session(const std::string& token) {
  if (Session* s = session(token)) s->revoked = true;
}

Client& World::client(const std::string& key) {
  Client& c = clients_[key];
  c.key = key;
  return c;
}

Client* World::find_client(const std::string& key) {
  auto it = clients_.find(key);
  return it == clients_.end() ? nullptr : &it->second;
}

WorldChat* World::chat_by_id(std::int64_t chat_id) {
  for (WorldChat& c : chats_) {
    if (c.chat_id() == chat_id) return &c;
  }
  return nullptr;
}

WorldChat* World::chat_by_username(std::string_view username) {
  if (username.starts_with('@')) username.remove_prefix(1);
  for (WorldChat& c : chats_) {
    if (!c.username.empty() && iequals(c.username, username)) return &c;
  }
  return nullptr;
}

WorldChat* World::chat_by_invite(std::string_view hash) {
  for (WorldChat& c : chats_) {
    if (!c.invite_hash.empty() && c.invite_hash == hash) return &c;
  }
  return nullptr;
}

const FileInfo& World::file(const std::string& key, std::int64_t size, const std::string& dir, const std::string& ext) {
  auto it = files_.find(key);
  if (it != files_.end()) return it->second;
  FileInfo f;
  f.id = static_cast<int>(files_.size()) + 1;
  f.size = size;
  f.name = "file_" + std::to_string(f.id) + ext;
  f.dir = dir;
  f.remote_id = "tdsim-remote-" + key;
  file_keys_[f.id] = key;
  return files_.emplace(key, std::move(f)).first->second;
}

const FileInfo* World::file_by_id(int id) const {
  auto it = file_keys_.find(id);
  return it == file_keys_.end() ? nullptr : &files_.at(it->second);
}

}  // namespace gather::sim::tdsim
