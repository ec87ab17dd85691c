// Posts pushed to an account: TDLib sends updateNewMessage for every new message in a chat the
// account is in, at once. This turns those into posts of the targets that name the chat (on
// that account, through the entity cache) and tells which targets have such a live member, so
// the scheduler polls those only as a slow safety net.
//
// Albums arrive as several messages in a row; they are held for `album_wait` and handed on as
// one post, as a fetch would give them.
#pragma once

#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/json/object.hpp>

#include <chrono>
#include <functional>
#include <map>
#include <memory>
#include <set>
#include <string>
#include <vector>

#include "core/post.h"
#include "core/records.h"
#include "store/chat_directory.h"

namespace gather::telegram {

class LiveUpdates {
 public:
  struct Hooks {
    std::function<std::vector<Target>()> targets;  // every target (the telegram ones are used)
    // New posts for `target`, read by account `credential`.
    std::function<void(Id target, Id credential, std::vector<Post> posts)> pushed;
    // Whether a target has a live member (an account in its chat).
    std::function<void(Id target, bool live)> live;
  };
  LiveUpdates(boost::asio::any_io_executor io, ChatDirectory& chats, Hooks hooks,
              std::chrono::milliseconds album_wait = std::chrono::milliseconds{400});
  ~LiveUpdates();

  // An update for `credential` (on the io executor). Anything but new messages is ignored.
  void on_update(Id credential, const boost::json::object& update);
  // Re-reads the targets and the join map (after targets changed or a chat was resolved).
  void refresh();
  std::int64_t messages_seen() const { return messages_seen_; }

 private:
  struct Route {
    Id target;
    KnownChat chat;
  };
  struct Album {
    Id credential = 0;
    std::vector<boost::json::object> messages;
    std::unique_ptr<boost::asio::steady_timer> timer;
  };
  std::vector<Route> routes_of(Id credential, std::int64_t chat_id);
  void hand_on(Id credential, const std::vector<Route>& routes, std::vector<boost::json::object> newest_first);

  boost::asio::any_io_executor io_;
  ChatDirectory& chats_;
  Hooks hooks_;
  std::chrono::milliseconds album_wait_;
  std::map<std::string, Id> target_by_key_;                   // telegram key -> target id
  std::map<std::pair<Id, std::int64_t>, std::vector<Route>> routes_;  // (account, chat) -> targets
  std::set<Id> live_;
  std::map<std::string, Album> albums_;  // by "account/chat/album id"
  std::int64_t messages_seen_ = 0;
  std::chrono::steady_clock::time_point last_refresh_{};
};

}  // namespace gather::telegram
