// The TDLib stand-in's world (see README.md, "TDLib stand-in"): accounts and their budgets,
// server-side sessions, the TDLib client instances talking to the simulator, the chats that are
// not simulated feeds, and the files their messages carry. Pure state: time comes in as an
// argument (SimCore's clock), JSON is tdsim_format's business, requests are tdsim_requests'.
#pragma once

#include <boost/json/value.hpp>

#include <chrono>
#include <cstdint>
#include <deque>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "core/post.h"
#include "sim/sliding_window.h"

namespace gather::sim::tdsim {

// Ids. chan{i} is supergroup 1000000000+i; the world's own chats are 2000000001...; a supergroup
// or channel's chat id is -100 followed by its supergroup id, as in Telegram.
constexpr std::int64_t kFeedSupergroupBase = 1'000'000'000;
constexpr std::int64_t kWorldSupergroupBase = 2'000'000'000;
constexpr std::int64_t chat_id_of(std::int64_t supergroup_id) { return -1'000'000'000'000 - supergroup_id; }
constexpr std::int64_t supergroup_of(std::int64_t chat_id) { return -1'000'000'000'000 - chat_id; }
// Message n (0-based, in posting order) of any chat: (n+1) << 20, so chan{i}'s message for feed
// post k is the web preview's chan{i}/{k+1} shifted as TDLib shifts server ids.
constexpr std::int64_t message_id(int n) { return (static_cast<std::int64_t>(n) + 1) << 20; }
std::optional<int> message_index(std::int64_t id);  // n for a valid id

constexpr std::string_view kLoginCode = "12345";     // every account's code
constexpr std::string_view kTwoFactorPassword = "hunter2";  // +9996... accounts
constexpr std::string_view kTwoFactorHint = "hunter";

enum class AuthState { wait_parameters, wait_phone, wait_code, wait_password, wait_registration, ready, closing, closed };
const char* auth_type(AuthState s);  // "authorizationStateWaitTdlibParameters", ...

// An account's budgets: at most N calls in any W seconds (sliding, simulator time); 0 = none.
struct Limits {
  int resolves = 200;
  int resolve_window_s = 86'400;
  int history = 30;
  int history_window_s = 30;
  int joins = 20;
  int join_window_s = 86'400;
  int max_channels = 500;  // channels + supergroups joined at once (CHANNELS_TOO_MUCH)
};

struct AccountStats {
  long long resolves = 0, history_reads = 0, joins = 0, downloads = 0, refused = 0;
  int max_concurrent_history = 0;
};

struct Account {
  std::string phone;  // "+9991234"
  std::string password;  // 2FA; empty = none
  bool registered = true;
  bool deactivated = false;
  std::int64_t user_id = 0;
  std::string first_name;
  Limits limits;
  SlidingWindow resolves{0, std::chrono::seconds{1}}, history{0, std::chrono::seconds{1}}, joins{0, std::chrono::seconds{1}};
  std::set<std::int64_t> known;    // chat ids this account resolved, joined or was given
  std::set<std::int64_t> members;  // chat ids it is a member of
  int flood_wait_s = 0, flood_count = 0;  // the next flood_count requests get 429 retry after flood_wait_s
  AccountStats stats;
  // A history read is in flight for this long (simulator time) after it starts; reads of other
  // clients of the account overlapping it are concurrent.
  std::map<std::string, TimePoint> history_until;  // client key -> end of its last read
};

struct Session {
  std::string token;
  std::string phone;
  bool revoked = false;
};

// One file a message carries. Content is deterministic (byte j = (id * 31 + j) % 251), so the
// library can write it without the simulator sending bytes.
struct FileInfo {
  int id = 0;
  std::int64_t size = 0;
  std::string name;  // "file_12.jpg"
  std::string dir;   // "photos", "videos", ... under files_directory, as TDLib lays it out
  std::string remote_id;
};

struct Download {
  int file_id = 0;
  TimePoint started;
  std::int64_t offset = 0;  // where this download started (a resumed one keeps its bytes)
  std::int64_t reported = -1;  // downloaded_size last sent in an updateFile
  bool synchronous = false;
  boost::json::value extra;  // the request's @extra, for the late answer of a synchronous one
  bool has_extra = false;
};

struct Client {
  std::string key;
  AuthState state = AuthState::wait_parameters;
  std::string phone;  // as given to setAuthenticationPhoneNumber
  std::string token;  // the session, once ready
  std::string files_dir;
  std::map<std::int64_t, int> cursors;  // member chat -> messages already delivered
  std::map<int, Download> downloads;     // active
  std::map<int, std::int64_t> local;     // file id -> bytes on disk (done = size)
  std::deque<boost::json::object> queued;  // async objects for the next poll
  bool chats_loaded = false;  // loadChats has delivered the member chats once
};

enum class MsgKind { text, photo, video, animation, document, audio, voice_note, video_note, sticker, join_by_link };

// A message of a world chat (feed chats take theirs from the simulated feed).
struct WorldMessage {
  int index = 0;
  TimePoint date;
  std::int64_t sender_user = 0;  // 0: the chat itself (a channel post)
  MsgKind kind = MsgKind::text;
  std::string text;
  std::optional<int> reply_to;  // index in the same chat
  bool forwarded = false;       // from chan0's first message
  std::string album_id = "0";
  int file_id = 0;              // the media's file (photo: the large size)
};

enum class ChatKind { feed, quiet, group, private_channel, private_username };

struct WorldChat {
  std::int64_t supergroup_id = 0;
  std::string username;  // empty: none (private)
  std::string title;
  std::string description;
  bool is_channel = true;
  ChatKind kind = ChatKind::feed;
  int feed = -1;
  std::string invite_hash;  // joinable by https://t.me/+HASH
  std::set<std::string> members;  // phones
  // World chats only: messages so far and the schedule that adds more.
  std::vector<WorldMessage> messages;
  std::chrono::seconds period{0};
  TimePoint next_post;
  int scheduled = 0;
  std::int64_t chat_id() const { return chat_id_of(supergroup_id); }
};

class World {
 public:
  World(TimePoint start, int feeds, std::int64_t download_bytes_per_s);

  // Accounts. find() applies the phone rule (README): an unconfigured +999... phone is created
  // on first sight; any other unconfigured phone does not exist.
  Account* find_account(const std::string& phone);
  Account& register_account(const std::string& phone, const std::string& password, bool registered);
  std::map<std::string, Account>& accounts() { return accounts_; }

  Session& new_session(const std::string& phone);
  Session* session(const std::string& token);
  int revoke_sessions(const std::string& phone);  // how many
  void end_session(const std::string& token);      // logOut: this session only

  Client& client(const std::string& key);  // created on first use
  Client* find_client(const std::string& key);
  std::map<std::string, Client>& clients() { return clients_; }

  // Chats: feeds first (by feed index), then the world's own. Messages of world chats are
  // caught up to `now` by catch_up().
  WorldChat* chat_by_id(std::int64_t chat_id);
  WorldChat* chat_by_username(std::string_view username);  // any case
  WorldChat* chat_by_invite(std::string_view hash);
  std::vector<WorldChat>& chats() { return chats_; }
  void catch_up(TimePoint now);
  int post(WorldChat& chat, TimePoint now, const std::string& text, std::int64_t sender_user);

  // Files: registered once per key, so a message shows the same file id every time.
  const FileInfo& file(const std::string& key, std::int64_t size, const std::string& dir, const std::string& ext);
  const FileInfo* file_by_id(int id) const;
  std::int64_t download_speed() const { return download_bytes_per_s_; }
  void set_download_speed(std::int64_t bytes_per_s) { download_bytes_per_s_ = bytes_per_s; }

  // Simulated group members (users that post in simgroup).
  static std::string group_user_name(std::int64_t user_id);
  static bool is_group_user(std::int64_t user_id);

 private:
  void build_world_chats(TimePoint start);
  WorldMessage media_message(WorldChat& chat, TimePoint date, std::int64_t user, MsgKind kind, const std::string& text);

  std::map<std::string, Account> accounts_;
  std::map<std::string, Session> sessions_;
  std::map<std::string, Client> clients_;
  std::vector<WorldChat> chats_;
  std::map<std::string, FileInfo> files_;  // key -> file
  std::map<int, std::string> file_keys_;   // id -> key
  std::int64_t download_bytes_per_s_;
  std::int64_t next_user_id_ = 5'000'000'001;
  int next_session_ = 1;
};

}  // namespace gather::sim::tdsim
