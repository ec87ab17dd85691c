// The simulator's state and its request handling, without sockets: handle() is a plain function
// from request to reply, so tests drive every endpoint and fault in-process. Simulator (the
// server wrapper) only adds the listening socket and the real-time delay of "slow" faults.
//
// All state sits behind one mutex: the server thread calls handle() while a test thread may call
// publish()/posts()/advance() directly.
#pragma once

#include <boost/json/object.hpp>

#include <chrono>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "core/clock.h"
#include "net/http_server.h"
#include "sim/bilibili_pools.h"
#include "sim/faults.h"
#include "sim/feed_formats.h"
#include "sim/hooks.h"
#include "sim/schedule.h"
#include "sim/sim_options.h"
#include "sim/sim_post.h"
#include "sim/sliding_window.h"
#include "sim/stats.h"
#include "sim/tdsim_world.h"
#include "sim/weibo_cookies.h"

namespace gather::sim {

struct SimReply {
  ServerResponse response;
  // Answer only after this much real time (fault "slow"); zero = at once.
  std::chrono::milliseconds delay{0};
};

class SimCore {
 public:
  // `manual` is the clock to move on advance(); null when time is real (advance is refused).
  SimCore(SimOptions options, const Clock& clock, ManualClock* manual);

  // Where links point: "http://127.0.0.1:PORT". Set once the port is known.
  void set_base_url(std::string url);
  std::string base_url() const;
  const SimOptions& options() const { return options_; }

  SimReply handle(const ServerRequest& req);

  // Direct access (thread-safe), mirroring the /_sim endpoints.
  std::vector<SimPost> posts(std::optional<int> feed);  // every post that exists now, oldest first
  int post_count(int feed);
  std::vector<std::string> publish(int feed, int n);  // ids of the new posts
  bool advance(std::chrono::nanoseconds d);           // false without virtual time
  TimePoint now() const { return clock_.now(); }
  double feed_rate_per_hour(int feed) const;
  // `key` is "feed:I" or "hook:NAME".
  void add_fault(const std::string& key, const Fault& fault, int count);
  void clear_faults();
  RequestStats stats() const;
  std::vector<HookDelivery> hook_deliveries(const std::string& name) const;

  // The TDLib stand-in (tdsim_*.cpp, README "TDLib stand-in"), mirroring /_tdsim and /_sim/tg.
  // tdsim_send takes {"client":KEY,"request":{...},"session":TOKEN?} and answers
  // {"objects":[...]} (plus "session" when the library's session file must change); tdsim_poll
  // answers the client's asynchronous objects the same way.
  boost::json::object tdsim_send(const boost::json::object& envelope);
  boost::json::object tdsim_poll(const std::string& client);
  void tg_register(const std::string& phone, const std::string& password, bool registered);
  bool tg_revoke(const std::string& phone);      // every session of the account; false if unknown
  bool tg_deactivate(const std::string& phone);
  bool tg_set_limits(const std::string& phone, const tdsim::Limits& limits);
  bool tg_flood(const std::string& phone, int seconds, int count);
  bool tg_add_member(const std::string& phone, const std::string& chat);  // chat: username or chat id
  // A new message in a chat (a feed chat publishes a post); its message id, or nullopt.
  std::optional<std::int64_t> tg_post(const std::string& chat, const std::string& text);
  boost::json::object tg_stats();
  void tg_set_download_speed(std::int64_t bytes_per_s);

 private:
  // Everything below expects mu_ held.
  SimReply route(const ServerRequest& req);
  SimReply serve_feed(const ServerRequest& req, int feed);
  SimReply serve_post_page(int feed, int k);
  SimReply serve_media(int feed, int k);
  SimReply serve_telegram(const ServerRequest& req, std::string_view channel);
  // Weibo (weibo_routes.cpp): risk control first, then the endpoint the path names.
  SimReply serve_weibo(const ServerRequest& req);
  SimReply serve_weibo_index(const ServerRequest& req, bool logged_in);
  SimReply serve_weibo_timeline(int feed, std::optional<long long> since_id, bool logged_in);
  SimReply serve_weibo_long_text(const ServerRequest& req, bool logged_in);
  // /_sim/weibo/{cookie|expire|cookies}: the cookie registry.
  SimReply weibo_admin(const ServerRequest& req, std::string_view what);
  SimReply serve_bilibili(const ServerRequest& req);  // any path under /x/
  SimReply serve_bilibili_space(const ServerRequest& req);
  SimReply serve_bilibili_live(const ServerRequest& req);  // POST /room/v1/Room/get_status_info_by_uids
  SimReply admin_bilibili(const ServerRequest& req, std::string_view what);  // /_sim/bilibili/{what}
  SimReply receive_hook(const ServerRequest& req, const std::string& name);
  SimReply admin_publish(const ServerRequest& req);
  SimReply admin_posts(const ServerRequest& req);
  SimReply admin_advance(const ServerRequest& req);
  SimReply admin_time();
  SimReply admin_fault(const ServerRequest& req);
  SimReply tdsim_route(const ServerRequest& req, std::string_view what);  // /_tdsim/{send|poll}
  SimReply tg_admin(const ServerRequest& req, std::string_view what);     // /_sim/tg/{what}

  boost::json::object tdsim_exchange(const boost::json::object& envelope);  // BadRequest if malformed
  boost::json::object tdsim_poll_locked(const std::string& client);
  boost::json::object tg_stats_locked();
  // The stand-in's request handling (tdsim_requests.cpp).
  void tdsim_request(tdsim::Client& c, const boost::json::object& req, const std::string& token,
                     boost::json::array& out, boost::json::object& reply);
  void tdsim_ready_request(tdsim::Client& c, tdsim::Account& a, std::string_view type, const boost::json::object& req,
                           boost::json::array& out);
  void tdsim_tick(tdsim::Client& c, boost::json::array& out, boost::json::object& reply);
  bool tdsim_session_ended(tdsim::Client& c, boost::json::array& out, boost::json::object& reply);
  void tdsim_downloads(tdsim::Client& c, boost::json::array& out);
  int tdsim_count(const tdsim::WorldChat& chat);
  boost::json::object tdsim_message(tdsim::Client& c, const tdsim::WorldChat& chat, int n);
  boost::json::object tdsim_file(tdsim::Client& c, const tdsim::FileInfo& f);
  void tdsim_join(tdsim::Account& a, tdsim::WorldChat& chat);
  tdsim::WorldChat* tdsim_chat_ref(const std::string& ref);  // username or chat id
  int tdsim_member_count(const tdsim::WorldChat& chat) const;

  bool valid_feed(int feed) const { return feed >= 0 && feed < options_.feeds; }
  FeedTimeline& timeline(int feed);  // caught up to now
  SimPost post_at(int feed, int k) const;
  std::vector<std::string> publish_locked(int feed, int n);
  std::vector<SimPost> posts_locked(std::optional<int> feed);

  SimOptions options_;
  const Clock& clock_;
  ManualClock* manual_;
  TimePoint start_;
  std::string base_url_;
  std::vector<FeedTimeline> timelines_;
  FaultQueue faults_;
  RequestStats stats_;
  HookLog hooks_;
  SlidingWindow telegram_budget_;  // every GET /s/{NAME}
  WeiboCookies weibo_cookies_;     // every Weibo API request
  BilibiliPools bilibili_pools_;   // every GET of the space feed
  long long bilibili_vouchers_ = 0;  // -352 answers so far, to number their vouchers
  tdsim::World tdsim_;              // the TDLib stand-in's accounts, sessions, clients, chats
  mutable std::mutex mu_;
};

}  // namespace gather::sim
