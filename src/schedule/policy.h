// The scheduling-policy seam (BRIEF §4). A Policy decides which target to fetch next, with which
// credential, and when. It never reads a clock and never touches the network: it is told the world
// once (start), then asked for its next decision (next) and told what came of it (on_result).
// The simulator (`gather sim`, src/sim/scheduling) drives it in virtual time; the daemon can drive
// the same object with real time and real fetches.
//
// Protocol, for a driver:
//   policy.start(world);
//   now = world.start;
//   while (auto f = policy.next(now)) {         // f->at >= now
//     now = f->at;  ... fetch f->target with f->credential at now ...
//     policy.on_result({*f, status, new_posts, page_full});
//   }
// next() returning nullopt means nothing more until a result or an update comes (for the
// simulator, which reports every decision first: nothing more, ever).
// A policy that wants to wait simply returns a later `at`. The simulator reports each decision
// before asking for the next; the daemon fetches concurrently and may hold several decisions
// outstanding (never two for one target: a target in flight is not handed out again). Every
// decision is reported exactly once, `skipped` if it was never sent. update() replaces the world
// while running (targets or credentials added or removed); what is known is kept by id.
#pragma once

#include <algorithm>
#include <chrono>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace gather::policy {

using TimePoint = std::chrono::system_clock::time_point;

// shared: posts go to every subscriber of the target. private: only to subscribers of the
// credential's tenant. anonymous: the platform's unauthenticated budget, one per platform; it
// reaches the platform's public targets and behaves like shared.
enum class Scope { shared, private_, anonymous };

struct TargetInfo {
  std::string id;
  int platform = 0;                          // index into World::platforms
  bool is_public = true;                     // the anonymous budget may fetch it
  double weight = 1;                         // a priority hint (bison-wrr weights); 1 by default
  std::vector<std::string> subscriber_tenants;  // one per subscriber; "" = a public subscriber
  // A user's pin: fetch exactly every pinned_interval_s, whatever the plan (0 = not pinned).
  double pinned_interval_s = 0;
  bool pages_back = true;                    // its platform can fetch older pages
  // A logged-in credential sees posts the anonymous budget cannot (fans-only): some of the
  // target's fetches must then go through a session whenever one can serve it.
  bool sessions_see_more = false;
  // When it was last fetched successfully, if before World::start (a daemon restarting): the
  // policy continues its schedule instead of fetching everything again at once.
  std::optional<TimePoint> last_fetch;
};

struct CredentialInfo {
  std::string id;
  int platform = 0;
  std::string tenant;                        // owner ("" for anonymous)
  Scope scope = Scope::shared;
  int requests = 1;                          // at most `requests` in any trailing `window_s`
  double window_s = 60;
  std::vector<int> reach;                    // targets it may fetch (indices into World::targets)
  std::optional<TimePoint> expires_at;       // fetches fail from this instant on
  double min_gap_s = 0;                      // least time between two of its requests
  std::optional<TimePoint> rest_until;       // resting (a cooldown the platform imposed) until then
  // Its first read of a target costs a scarce extra request (a Telegram account resolving a
  // chat, from a small daily budget; once resolved the chat is cached): a policy should keep each
  // target on the sticky credentials that already read it rather than spread it over all.
  bool sticky = false;
  double budget_per_s() const {
    double r = window_s > 0 ? requests / window_s : 0;
    return min_gap_s > 0 ? std::min(r, 1 / min_gap_s) : r;
  }
};

// The true post rate of a target: λ(t) = per_s · (1 + diurnal · sin(2π (t − World::start) / 86400)).
struct TrueRate {
  double per_s = 0;
  double diurnal = 0;
};

struct World {
  TimePoint start{};
  double max_interval_s = 3600;              // no target should wait longer than this
  int page_size = 20;                        // a fetch returns the newest page_size posts
  double min_interval_s = 0;                 // no target is fetched more often (politeness)
  std::vector<std::string> platforms;
  std::vector<TargetInfo> targets;
  std::vector<CredentialInfo> credentials;
  std::optional<std::vector<TrueRate>> true_rates;  // only for oracle runs; else learn online
};

// True when a fetch of target t with credential c can deliver posts to at least one subscriber:
// c reaches t and (c is shared/anonymous, or c's tenant subscribes to t).
inline bool delivers(const World& w, int c, int t) {
  const auto& cred = w.credentials[c];
  if (cred.scope != Scope::private_) return true;
  for (const auto& tenant : w.targets[t].subscriber_tenants)
    if (tenant == cred.tenant) return true;
  return false;
}

struct Fetch {
  int target = 0;
  int credential = 0;
  TimePoint at{};
  // 0: the newest page. k > 0: paging back, the page just older than what page k-1 of the same
  // chain returned (asked after a page full of unseen posts, so that none is missed). A page
  // back costs a request like any other.
  int page = 0;
};

enum class FetchStatus {
  ok,
  banned,    // the credential was told to slow down (over budget, risk control): it rests
  expired,   // the credential is logged out / past expires_at: dropped for good
  failed,    // the target's own trouble (HTTP error, unparsable page): the target backs off
  skipped,   // the driver never sent it (the target went away meanwhile)
};

struct FetchResult {
  Fetch fetch;
  FetchStatus status = FetchStatus::ok;
  int new_posts = 0;        // posts on the page not returned before to this fetch's audience
  bool page_full = false;   // every post on a full page was new: some may have been missed
  double retry_after_s = 0; // the platform's own word on how long to wait (banned, failed)
  // When the outcome became known (a daemon learns it a little after the send); default: at.
  std::optional<TimePoint> reported_at{};
};

class Policy {
 public:
  virtual ~Policy() = default;
  virtual std::string_view name() const = 0;
  // Called once, before any next(). The world outlives the policy's use of it only if the policy
  // copies what it needs; drivers keep it alive for the run anyway.
  virtual void start(const World& world) = 0;
  // The next fetch wanted, at or after `now`; nullopt = nothing more.
  virtual std::optional<Fetch> next(TimePoint now) = 0;
  // The outcome of a decision returned by next().
  virtual void on_result(const FetchResult& result) = 0;
  // A new world (World::start is ignored: time keeps its origin). Decisions still outstanding are
  // then reported with the new world's indices by the driver (credential -1 if it is gone), or not
  // at all if their target is gone.
  // The default starts over, which only the simulator's fixed worlds can afford.
  virtual void update(const World& world, TimePoint now) {
    (void)now;
    start(world);
  }
  // When target t is queued to be fetched next, if the policy knows (for status displays).
  virtual std::optional<TimePoint> due_at(int t) const {
    (void)t;
    return std::nullopt;
  }
  // An extra request with credential c at `at`, beyond the decisions (a post's full text, a
  // profile): true, and counted against c's budget, if c has room now; false otherwise (the
  // driver then goes without). The default refuses, so a policy that does not count never
  // lets one through.
  virtual bool reserve(int c, TimePoint at) {
    (void)c;
    (void)at;
    return false;
  }
  // Risk control refused a request of c outside the decisions (an extra one, see reserve):
  // c rests, or is dropped when `logged_out`, as if a decision had been refused.
  virtual void credential_refused(int c, TimePoint at, double retry_after_s, bool logged_out) {
    (void)c;
    (void)at;
    (void)retry_after_s;
    (void)logged_out;
  }
  // Targets the request of `lead` can answer for at no extra cost: a platform whose one request
  // covers many targets (Bilibili's live rooms, up to `limit` more per request). Each rider is
  // a decision like any other, reported exactly once; its budget is the lead's. The default
  // takes none.
  virtual std::vector<Fetch> riders(const Fetch& lead, int limit) {
    (void)lead;
    (void)limit;
    return {};
  }
  // Until when credential c rests after a refusal, if it does (for status displays).
  virtual std::optional<TimePoint> rest_until(int c) const {
    (void)c;
    return std::nullopt;
  }
};

}  // namespace gather::policy
