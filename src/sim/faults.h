// Fault injection: answers queued per feed or per webhook name, consumed one per request, so a
// test can say "the next 3 fetches of feed 2 get 503" and see exactly that.
#pragma once

#include <chrono>
#include <deque>
#include <map>
#include <optional>
#include <string>
#include <string_view>

namespace gather::sim {

enum class FaultKind {
  status,     // answer with `status` (429 also sends Retry-After)
  slow,       // answer correctly, after `delay` of real time
  truncated,  // correct headers, connection closed after half the body
  malformed,  // 200 with a body that does not parse
  reset,      // close without a usable answer
};

struct Fault {
  FaultKind kind = FaultKind::status;
  int status = 500;
  int retry_after_s = 0;  // 429 only
  std::chrono::milliseconds delay{0};
};

// Parses the `kind` parameter ("500", "503", "429", any 4xx/5xx, "slow", "truncated",
// "malformed", "reset"). nullopt when unknown.
std::optional<Fault> parse_fault(std::string_view kind, int retry_after_s, std::chrono::milliseconds delay);
std::string fault_name(const Fault& fault);

class FaultQueue {
 public:
  // Queues `count` copies of `fault` for `key` ("feed:3", "hook:name"); count < 0 means "every
  // request until cleared" (a platform that is down).
  void add(const std::string& key, const Fault& fault, int count);
  // The fault for the next request to `key`, if any, consuming it.
  std::optional<Fault> take(const std::string& key);
  void clear() { queues_.clear(); }
  // Faults still queued for `key` (-1 when one is permanent).
  int pending(const std::string& key) const;

 private:
  struct Entry {
    Fault fault;
    int remaining;  // < 0: forever
  };
  std::map<std::string, std::deque<Entry>, std::less<>> queues_;
};

}  // namespace gather::sim
