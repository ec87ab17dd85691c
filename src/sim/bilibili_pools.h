// Bilibili's risk control as the simulator plays it: requests are counted per pool (the
// anonymous pool, or one registered cookie), each with its own sliding-window budget. Going over
// budget is answered -799 and bans the pool for a while, during which everything it sends meets
// -412; an expired cookie meets -101. All times are the simulator's clock.
#pragma once

#include <boost/json/object.hpp>

#include <chrono>
#include <map>
#include <optional>
#include <string>
#include <string_view>

#include "core/post.h"
#include "sim/sliding_window.h"

namespace gather::sim {

class BilibiliPools {
 public:
  enum class Verdict { admitted, too_frequent, banned, logged_out };

  // The anonymous pool's budget and the ban length every pool gets when it goes over budget.
  BilibiliPools(int anon_limit, std::chrono::seconds anon_window, std::chrono::seconds ban);

  // Registers (or resets the budget of) a cookie pool; `cookie` is one "NAME=VALUE" pair.
  void add_cookie(const std::string& cookie, int limit, std::chrono::seconds window);
  // false when no such cookie is registered.
  bool expire(const std::string& cookie);

  // The pool a request belongs to: the registered cookie among the pairs of its Cookie header
  // ("a=1; SESSDATA=x"), else the anonymous one ("" is the anonymous pool's key).
  std::string pool_of(std::optional<std::string_view> cookie_header) const;

  // Counts one request of `pool` at `now`, or says why it is refused. A -799 starts the ban and
  // is not counted against the budget, as SlidingWindow never counts refusals.
  Verdict admit(const std::string& pool, TimePoint now);
  // A request that was admitted but failed the signature check.
  void unsigned_request(const std::string& pool) { pools_.at(pool).unsigned_requests++; }

  // {"anonymous": {...}, "SESSDATA=x": {...}}, each {requests, refused, unsigned, banned_until, expired}.
  boost::json::object to_json() const;

 private:
  struct Pool {
    explicit Pool(SlidingWindow b) : budget(b) {}
    SlidingWindow budget;
    long long requests = 0;  // admitted
    long long refused = 0;   // -799 and -412 answers
    long long unsigned_requests = 0;
    std::optional<TimePoint> banned_until;
    bool expired = false;
  };

  std::chrono::seconds ban_;
  std::map<std::string, Pool> pools_;  // key "" = anonymous
};

}  // namespace gather::sim
