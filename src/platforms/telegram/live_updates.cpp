#include "platforms/telegram/live_updates.h"

#include <spdlog/spdlog.h>

#include "platforms/telegram/chat_key.h"
#include "platforms/telegram_tdlib/tdlib_message.h"
#include "platforms/telegram_tdlib/tdlib_page.h"

namespace gather::telegram {

namespace json = boost::json;
namespace td = telegram_tdlib;

LiveUpdates::LiveUpdates(boost::asio::any_io_executor io, ChatDirectory& chats, Hooks hooks,
                         std::chrono::milliseconds album_wait)
    : io_(std::move(io)), chats_(chats), hooks_(std::move(hooks)), album_wait_(album_wait) {}

LiveUpdates::~LiveUpdates() = default;

void LiveUpdates::refresh() {
  last_refresh_ = std::chrono::steady_clock::now();
  target_by_key_.clear();
  for (const auto& t : hooks_.targets())
    if (t.platform == "telegram" && t.enabled) target_by_key_[t.key] = t.id;
  routes_.clear();
  std::set<Id> live;
  for (const auto& chat : chats_.known_chats(std::nullopt)) {
    auto t = target_by_key_.find(chat.handle);
    if (t == target_by_key_.end()) continue;
    routes_[{chat.credential_id, chat.chat_id}].push_back(Route{t->second, chat});
    if (chat.member) live.insert(t->second);
  }
  for (Id id : live)
    if (!live_.count(id) && hooks_.live) hooks_.live(id, true);
  for (Id id : live_)
    if (!live.count(id) && hooks_.live) hooks_.live(id, false);
  live_ = std::move(live);
}

std::vector<LiveUpdates::Route> LiveUpdates::routes_of(Id credential, std::int64_t chat_id) {
  auto it = routes_.find({credential, chat_id});
  return it == routes_.end() ? std::vector<Route>{} : it->second;
}

void LiveUpdates::on_update(Id credential, const json::object& update) {
  const auto* type = update.if_contains("@type");
  if (!type || !type->is_string() || type->as_string() != "updateNewMessage") return;
  const auto* m = update.if_contains("message");
  if (!m || !m->is_object()) return;
  const json::object& message = m->as_object();
  const auto* chat = message.if_contains("chat_id");
  if (!chat || !chat->is_int64()) return;
  ++messages_seen_;
  const std::int64_t chat_id = chat->as_int64();
  std::vector<Route> routes = routes_of(credential, chat_id);
  if (routes.empty() && std::chrono::steady_clock::now() - last_refresh_ > std::chrono::milliseconds{250}) {
    // A chat resolved or joined since the last refresh: look again before dropping it.
    refresh();
    routes = routes_of(credential, chat_id);
  }
  if (routes.empty()) return;  // a chat no target names (or not on this account)
  // A message pushed means the account is in the chat: the join map learns it.
  for (auto& r : routes)
    if (!r.chat.member) {
      chats_.set_member(credential, chat_id, true);
      refresh();
      routes = routes_of(credential, chat_id);
      break;
    }
  const auto* album = message.if_contains("media_album_id");
  const std::string album_id = album && album->is_string() ? std::string(album->as_string()) : "0";
  if (album_id == "0" || album_id.empty()) return hand_on(credential, routes, {message});
  const std::string key = std::to_string(credential) + "/" + std::to_string(chat_id) + "/" + album_id;
  Album& a = albums_[key];
  a.credential = credential;
  a.messages.push_back(message);
  if (a.timer) return;
  a.timer = std::make_unique<boost::asio::steady_timer>(io_, album_wait_);
  a.timer->async_wait([this, key, chat_id](boost::system::error_code ec) {
    if (ec) return;
    auto it = albums_.find(key);
    if (it == albums_.end()) return;
    Album done = std::move(it->second);
    albums_.erase(it);
    // The page reader merges an album when its messages come newest first, as history gives them.
    std::vector<json::object> newest_first(done.messages.rbegin(), done.messages.rend());
    hand_on(done.credential, routes_of(done.credential, chat_id), std::move(newest_first));
  });
}

void LiveUpdates::hand_on(Id credential, const std::vector<Route>& routes, std::vector<json::object> newest_first) {
  json::array messages;
  for (auto& m : newest_first) messages.push_back(std::move(m));
  json::object page{{"@type", "messages"}, {"total_count", messages.size()}, {"messages", std::move(messages)}};
  for (const auto& r : routes) {
    td::Names names;
    names.chat.chat_id = r.chat.chat_id;
    names.chat.title = r.chat.title;
    try {
      const ChatKey key = parse_chat_key(r.chat.handle);
      if (key.kind == ChatKey::Kind::kUsername) names.chat.username = key.username;
      Page parsed = td::read_messages(page, names);
      if (!parsed.posts.empty() && hooks_.pushed) hooks_.pushed(r.target, credential, std::move(parsed.posts));
    } catch (const std::exception& e) {
      spdlog::warn("telegram account {}: a pushed message of chat {} cannot be read: {}", credential, r.chat.chat_id,
                   e.what());
    }
  }
}

}  // namespace gather::telegram
