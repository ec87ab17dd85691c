#include "sim/stats.h"

#include <string>

namespace gather::sim {

namespace {
boost::json::object counters_json(const FeedCounters& c) {
  return {{"requests", c.requests}, {"not_modified", c.not_modified}, {"faults", c.faults}};
}
}  // namespace

boost::json::object RequestStats::to_json() const {
  boost::json::object out = counters_json(total_);
  out["hooks"] = hooks_;
  out["hook_faults"] = hook_faults_;
  boost::json::object by_feed;
  for (const auto& [feed, c] : by_feed_) by_feed[std::to_string(feed)] = counters_json(c);
  out["by_feed"] = std::move(by_feed);
  return out;
}

}  // namespace gather::sim
