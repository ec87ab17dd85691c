// The time seam. The scheduler, the simulator and the outbox read time only through a Clock so
// tests can run hours of schedule in microseconds.
#pragma once

#include <atomic>
#include <chrono>

namespace gather {

class Clock {
 public:
  using time_point = std::chrono::system_clock::time_point;
  virtual ~Clock() = default;
  virtual time_point now() const = 0;
};

class SystemClock final : public Clock {
 public:
  time_point now() const override { return std::chrono::system_clock::now(); }
};

// Virtual time, moved only by advance()/set(). Thread-safe reads so a simulator's server thread
// and a test thread can share one.
class ManualClock final : public Clock {
 public:
  explicit ManualClock(time_point start = time_point{std::chrono::seconds{1'700'000'000}})
      : ns_(start.time_since_epoch().count()) {}
  time_point now() const override { return time_point{time_point::duration{ns_.load()}}; }
  void advance(std::chrono::nanoseconds d) {
    ns_ += std::chrono::duration_cast<time_point::duration>(d).count();
  }
  void set(time_point t) { ns_ = t.time_since_epoch().count(); }

 private:
  std::atomic<time_point::rep> ns_;
};

}  // namespace gather
