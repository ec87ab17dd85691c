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
// next() returning nullopt means "nothing more, ever" (e.g. no credential reaches any target).
// A driver calls next() again only after the on_result of the previous decision, so a policy has
// at most one decision outstanding. A policy that wants to wait simply returns a later `at`.
#pragma once

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
  double budget_per_s() const { return window_s > 0 ? requests / window_s : 0; }
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
};

enum class FetchStatus {
  ok,
  banned,    // rejected: over the budget now, or inside a ban that an earlier violation started
  expired,   // the credential is past expires_at
};

struct FetchResult {
  Fetch fetch;
  FetchStatus status = FetchStatus::ok;
  int new_posts = 0;        // posts on the page not returned before to this fetch's audience
  bool page_full = false;   // every post on a full page was new: some may have been missed
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
  // The outcome of the decision last returned by next().
  virtual void on_result(const FetchResult& result) = 0;
};

}  // namespace gather::policy
