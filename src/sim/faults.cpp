#include "sim/faults.h"

#include <charconv>

namespace gather::sim {

std::optional<Fault> parse_fault(std::string_view kind, int retry_after_s, std::chrono::milliseconds delay) {
  Fault f;
  f.retry_after_s = retry_after_s;
  f.delay = delay;
  if (kind == "slow") f.kind = FaultKind::slow;
  else if (kind == "truncated") f.kind = FaultKind::truncated;
  else if (kind == "malformed") f.kind = FaultKind::malformed;
  else if (kind == "reset") f.kind = FaultKind::reset;
  else {
    int code = 0;
    auto [end, ec] = std::from_chars(kind.data(), kind.data() + kind.size(), code);
    if (ec != std::errc{} || end != kind.data() + kind.size() || code < 400 || code > 599) return std::nullopt;
    f.kind = FaultKind::status;
    f.status = code;
  }
  return f;
}

std::string fault_name(const Fault& f) {
  switch (f.kind) {
    case FaultKind::status: return std::to_string(f.status);
    case FaultKind::slow: return "slow";
    case FaultKind::truncated: return "truncated";
    case FaultKind::malformed: return "malformed";
    case FaultKind::reset: return "reset";
  }
  return "unknown";
}

void FaultQueue::add(const std::string& key, const Fault& fault, int count) {
  if (count == 0) return;
  queues_[key].push_back(Entry{fault, count});
}

std::optional<Fault> FaultQueue::take(const std::string& key) {
  auto it = queues_.find(key);
  if (it == queues_.end() || it->second.empty()) return std::nullopt;
  Entry& front = it->second.front();
  Fault f = front.fault;
  if (front.remaining > 0 && --front.remaining == 0) {
    it->second.pop_front();
    if (it->second.empty()) queues_.erase(it);
  }
  return f;
}

int FaultQueue::pending(const std::string& key) const {
  auto it = queues_.find(key);
  if (it == queues_.end()) return 0;
  int n = 0;
  for (const Entry& e : it->second) {
    if (e.remaining < 0) return -1;
    n += e.remaining;
  }
  return n;
}

}  // namespace gather::sim
