// A rate limit over a sliding window: at most `limit` requests in any `window`. It models a
// platform's budget for one address's anonymous requests (Telegram web's /s/ pages).
#pragma once

#include <chrono>
#include <deque>

#include "core/post.h"

namespace gather::sim {

class SlidingWindow {
 public:
  struct Verdict {
    bool admitted = true;
    std::chrono::seconds retry_after{0};  // when refused: until the oldest counted request ages out
  };

  // `limit` <= 0: no limit.
  SlidingWindow(int limit, std::chrono::seconds window) : limit_(limit), window_(window) {}

  // Counts a request at `now` when the window has room. Refused requests are not counted, so a
  // client that keeps knocking is let in again once it waits as told.
  Verdict admit(TimePoint now) {
    if (limit_ <= 0) return {};
    while (!times_.empty() && times_.front() + window_ <= now) times_.pop_front();
    if (static_cast<int>(times_.size()) < limit_) {
      times_.push_back(now);
      return {};
    }
    const auto wait = std::chrono::ceil<std::chrono::seconds>(times_.front() + window_ - now);
    return {false, std::max(wait, std::chrono::seconds{1})};
  }

 private:
  int limit_;
  std::chrono::seconds window_;
  std::deque<TimePoint> times_;  // admitted requests within the window, oldest first
};

}  // namespace gather::sim
