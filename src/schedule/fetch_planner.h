// The scheduling seam. Time is passed in (never read from a clock here) so a planner runs the
// same under the daemon's wall clock and the simulator's virtual one.
#pragma once

#include <chrono>
#include <optional>
#include <vector>

#include "core/post.h"
#include "core/records.h"

namespace gather {

struct FetchReport {
  enum class Kind { kNewPosts, kNothingNew, kRateLimited, kError };
  Kind kind = Kind::kNothingNew;
  int new_posts = 0;
  std::optional<std::chrono::seconds> retry_after;  // the platform's own word, when it gave one
  int consecutive_errors = 0;                        // including this one
};

class FetchPlanner {
 public:
  virtual ~FetchPlanner() = default;
  // Starts planning a target; `first_due` from persisted state (nullopt = fetch at once).
  virtual void add(const Target& target, std::optional<TimePoint> first_due, TimePoint now) = 0;
  virtual void remove(Id target) = 0;
  // Earliest due time of a target that is not being fetched.
  virtual std::optional<TimePoint> next_due() const = 0;
  // Targets due at `now`, earliest first, at most `limit`; they count as being fetched until
  // on_result.
  virtual std::vector<Id> take_due(TimePoint now, std::size_t limit) = 0;
  // A fetch finished; returns when this target is due next.
  virtual TimePoint on_result(Id target, const FetchReport& report, TimePoint now) = 0;
  virtual std::size_t size() const = 0;
};

}  // namespace gather
