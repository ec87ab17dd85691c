// Weibo's risk control as the simulator plays it. Every Weibo request is made by a session: the
// cookie it carries (matched by the exact Cookie header value) or, without one, the address's
// anonymous session. Each session has its own budget, a sliding window over the simulator's clock.
//   - over budget: 412, the refused request does not count, and the session is banned for ban_s;
//   - banned: 418 to every request until the ban ends;
//   - a logged-out (expired) or never-registered cookie: 302 to the login page.
// Only a registered, unexpired cookie sees fans-only posts.
#pragma once

#include <boost/json/object.hpp>

#include <chrono>
#include <map>
#include <optional>
#include <string>
#include <string_view>

#include "sim/sliding_window.h"

namespace gather::sim {

class WeiboCookies {
 public:
  enum class Verdict {
    kServed,      // answer the request
    kOverBudget,  // 412: this request broke the budget; the ban starts now
    kBanned,      // 418: a ban is running
    kLoggedOut,   // 302 to the login page: expired or unknown cookie
  };
  struct Admission {
    Verdict verdict = Verdict::kServed;
    bool logged_in = false;  // a registered cookie's session: sees fans-only posts
  };

  // The anonymous budget (`anon_limit` <= 0: none) and how long a 412 bans its session.
  WeiboCookies(int anon_limit, std::chrono::seconds anon_window, std::chrono::seconds ban);

  // Logs `value` in with its own budget (`limit` <= 0: none). Registering a known value again is
  // a fresh login: budget, ban and expiry start over; counters are kept.
  void add(const std::string& value, int limit, std::chrono::seconds window);
  // Logs it out; false when no such cookie was registered.
  bool expire(const std::string& value);
  // Decides one request carrying `cookie` (nullopt or empty: anonymous) at `now`, and counts it.
  Admission admit(const std::optional<std::string>& cookie, TimePoint now);

  // {"anonymous":{...},"cookies":{VALUE:{...}},"unknown_requests":N}; a session is
  // {requests, served, refused, banned, banned_until, expired, limit, window_s}.
  boost::json::object to_json(TimePoint now) const;

 private:
  struct Session {
    Session(int limit, std::chrono::seconds window) : budget(limit, window), limit(limit), window(window) {}
    SlidingWindow budget;
    int limit;
    std::chrono::seconds window;
    long long requests = 0, served = 0, refused = 0;  // refused: answered 412 or 418
    std::optional<TimePoint> banned_until;             // the last ban's end
    bool expired = false;
  };
  Admission admit_session(Session& s, TimePoint now);
  static boost::json::object session_json(const Session& s, TimePoint now);

  std::chrono::seconds ban_;
  Session anonymous_;
  std::map<std::string, Session, std::less<>> cookies_;
  long long unknown_requests_ = 0;
};

}  // namespace gather::sim
