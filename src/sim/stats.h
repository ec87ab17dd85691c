// Request counters, so tests can check how often (and how politely) gather polled.
#pragma once

#include <boost/json/object.hpp>

#include <cstdint>
#include <map>

namespace gather::sim {

struct FeedCounters {
  std::uint64_t requests = 0;      // feed fetches, including faulted and 304 ones
  std::uint64_t not_modified = 0;  // answered 304
  std::uint64_t faults = 0;        // answered by an injected fault
};

class RequestStats {
 public:
  void request(int feed) { ++total_.requests, ++by_feed_[feed].requests; }
  void not_modified(int feed) { ++total_.not_modified, ++by_feed_[feed].not_modified; }
  void fault(int feed) { ++total_.faults, ++by_feed_[feed].faults; }
  void hook(bool faulted) { ++hooks_, hook_faults_ += faulted ? 1 : 0; }

  const FeedCounters& total() const { return total_; }
  FeedCounters feed(int i) const {
    auto it = by_feed_.find(i);
    return it == by_feed_.end() ? FeedCounters{} : it->second;
  }

  // {"requests":N,"not_modified":N,"faults":N,"hooks":N,"hook_faults":N,
  //  "by_feed":{"3":{"requests":..,"not_modified":..,"faults":..}}}
  boost::json::object to_json() const;

 private:
  FeedCounters total_;
  std::map<int, FeedCounters> by_feed_;
  std::uint64_t hooks_ = 0;
  std::uint64_t hook_faults_ = 0;
};

}  // namespace gather::sim
