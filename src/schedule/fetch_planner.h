// The scheduling seam the conveyor drives: told what the store holds (targets, credentials,
// who subscribes), it hands out (target, credential) fetches when they are due and learns from
// each outcome. Time is passed in, never read from a clock, so the same planner runs under the
// daemon's wall clock and under virtual time in tests.
#pragma once

#include <chrono>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "core/post.h"
#include "core/records.h"
#include "core/time_text.h"

namespace gather {

struct ScheduleOptions {
  std::chrono::milliseconds min_interval{std::chrono::minutes{1}};  // politeness: never more often
  std::chrono::milliseconds max_interval{std::chrono::hours{1}};    // no target waits longer
  // The platform's anonymous budget, shared by every public target of the platform.
  std::map<std::string, RateLimit> anonymous;
  RateLimit default_anonymous{60, std::chrono::seconds{60}};
  // For a credential added without --limit.
  RateLimit default_credential{20, std::chrono::seconds{60}};
  // The planner's hard guard counts each request this much longer than the budget's window:
  // a fetch leaves a little after its planned instant.
  std::chrono::milliseconds send_slack{std::chrono::seconds{2}};
  std::uint64_t seed = 1;
};

// What the store holds, read at start and whenever another process changed it.
// What the planner needs to know of a target beyond its record. The conveyor fills it from the
// target's platform (the planner never includes one) and from the live channels it knows of.
struct TargetTraits {
  bool pages_back = false;         // the platform can fetch older pages
  bool sessions_see_more = false;  // a logged-in credential sees posts anonymous access does not
  bool anonymous_reads = true;     // the anonymous budget can read it (not: a private chat)
  // A push channel (an account that is a member of the chat, with live updates) brings its
  // posts as they appear: polling is only a slow safety net, at max_interval.
  bool live = false;
};

struct ScheduleInputs {
  std::vector<Target> targets;              // enabled ones
  std::map<Id, TargetTraits> traits;        // by target id; a target not listed has the defaults
  std::vector<Credential> credentials;      // all; expired and banned ones are left out
  std::vector<Subscription> subscriptions;  // whose subscribers each target has (the audiences)
  std::vector<FetchState> states;           // when each target was last fetched
};

struct PlannedFetch {
  Id target = 0;
  std::optional<Id> credential;  // nullopt: the platform's anonymous budget
  TimePoint at{};
  int page = 0;  // 0: the newest page; k > 0: the page before the one page k-1 returned
};

struct FetchReport {
  enum class Kind {
    kNewPosts,
    kNothingNew,
    kSlowDown,     // risk control refused the credential: it rests, others take over
    kLoggedOut,    // the credential is logged out: dropped until replaced
    kTargetError,  // the target's own trouble: it backs off
    kNotSent,      // the fetch was never made (the target went away meanwhile)
  };
  Kind kind = Kind::kNothingNew;
  int new_posts = 0;
  bool page_full = false;                           // every post on a full page was new
  std::optional<std::chrono::seconds> retry_after;  // the platform's own word
};

class FetchPlanner {
 public:
  virtual ~FetchPlanner() = default;
  virtual void sync(const ScheduleInputs& inputs, TimePoint now) = 0;
  // When the next fetch is due (nullopt: none until a result or a sync).
  virtual std::optional<TimePoint> next_due(TimePoint now) = 0;
  // Fetches due at `now`, at most `limit`; each is reported back exactly once.
  virtual std::vector<PlannedFetch> take_due(TimePoint now, std::size_t limit) = 0;
  virtual void on_result(const PlannedFetch& fetch, const FetchReport& report, TimePoint now) = 0;
  // One more request now with the credential (or anonymous budget) of `fetch`, beyond the plan
  // (a truncated post's full text, a profile): true and counted if its budget has room.
  virtual bool reserve_extra(const PlannedFetch& fetch, TimePoint now) = 0;
  // Risk control refused one of those extra requests (kSlowDown or kLoggedOut): the credential
  // rests or is dropped as after a refused fetch; the fetch itself is reported as it went.
  virtual void extra_refused(const PlannedFetch& fetch, const FetchReport& report, TimePoint now) = 0;
  // Targets `lead`'s request can answer for too (a platform that batches many targets in one
  // request), at most `limit`: taken out of the plan now, each reported back exactly once like
  // any fetch. Default: none.
  virtual std::vector<PlannedFetch> take_riders(const PlannedFetch& lead, std::size_t limit, TimePoint now) {
    (void)lead;
    (void)limit;
    (void)now;
    return {};
  }
  // When a target is expected to be fetched next (for status), if known.
  virtual std::optional<TimePoint> due(Id target) const = 0;
  // Until when the credential of `fetch` (or the anonymous budget it used) rests after risk
  // control refused it (nullopt: it does not).
  virtual std::optional<TimePoint> resting_until(const PlannedFetch& fetch) const = 0;
  virtual std::size_t size() const = 0;
};

}  // namespace gather
