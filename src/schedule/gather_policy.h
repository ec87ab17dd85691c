// The `gather` scheduling policy: the freshness-optimal scheduler of BRIEF §4.
//
//  planner     every plan period (and when a credential expires, is refused, or comes back from a
//              rest) solves the allocation (allocation.h) over the live credentials and targets,
//              with the oracle's true rates averaged over the coming period or the learned
//              estimates, budgets safety · requests/window_s, each credential's useful reach and
//              min_fetch_rate 1/(gap_margin · max_interval_s). It yields per-target rates f_t and
//              per-(credential, target) shares x_tc.
//  dispatcher  each target has an ideal next time on its own grid, previous ideal + 1/f_t (even
//              spacing is optimal; a late fetch costs one uneven gap, not rate). A heap of targets
//              by that time gives O(log T) per decision (O(credentials of t) to pick one). The
//              credential is the share holder (x_tc > 0) with room whose window is least filled,
//              ties by smooth weighted round-robin over the shares x_tc/f_t. Room is checked
//              against the policy's own sliding window per credential, a hard guard mirroring the
//              platform's rule whatever the plan says. Failing share holders, any useful
//              credential with room; failing that, the target waits until the first has room
//              (among targets waiting for the same instant, the earliest ideal time goes first).
//  learning    without the oracle, λ_t is estimated from what fetches find: posts new to the
//              fetch's audience over the time that audience had not looked, with a Gamma prior
//              and exponential forgetting, times its platform's learned time-of-day profile
//              (diurnal_profile.h). A full page of new posts is censored (the rate is at
//              least that): it is counted over half the time, and the target is fetched again soon.
//  page-back   a page full of unseen posts may have pushed some off: the target's next decision
//              is the page before it, at once, with the same credential (the same audience),
//              up to max_page_back pages; then it returns to its grid.
//  respect     expired credentials are dropped for good; a refused one rests with exponential
//              backoff (window_s, doubling, capped, jittered, never shorter than Retry-After)
//              and from then on honours half the budget it had (grown back slowly while no
//              refusal comes): both trigger a re-plan. A failing target backs off on its own.
//  affinity    a sticky credential (CredentialInfo::sticky: a Telegram account, whose first read
//              of a chat costs a resolve) keeps the targets it has read: while one of a target's
//              sticky readers has room it serves the target, whatever the plan's split; only when
//              none has and none will within half the target's interval does the planned choice
//              take the target to another (one more resolve).
//  pins        a pinned target is planned at exactly its pinned rate (its λ does not pull more
//              budget) and never fetched sooner than its pin; World::min_interval_s caps the rest.
//
// Depends only on policy.h and allocation.h, so the daemon can drive the same object.
#pragma once

#include <deque>
#include <memory>
#include <optional>
#include <random>
#include <span>
#include <string_view>
#include <vector>

#include "schedule/diurnal_profile.h"
#include "schedule/policy.h"
#include "schedule/target_heap.h"

namespace gather::policy {

struct GatherOptions {
  double plan_period_s = 3600;        // re-plan period with the oracle (aligned to World::start)
  double learn_plan_period_s = 600;   // re-plan period while learning (estimates move)
  double budget_safety = 0.98;        // plan at this fraction of each budget: pacing never trips
  double gap_margin = 0.85;           // plan min rate 1/(gap_margin · max_interval_s)
  double prior_rate_per_s = 1.0 / 3600;  // Gamma prior mean for a target never seen
  double prior_weight_s = 7200;          // Gamma prior weight (seconds of pseudo-observation)
  double forget_s = 6 * 3600;            // exponential forgetting time constant of the estimates
  bool diurnal_profile = true;           // learn each platform's time-of-day profile
  double max_rest_s = 4 * 3600;          // cap of the exponential backoff after a refusal
  // While learning, every target is first fetched within this many seconds of the start: until
  // then its rate is only the prior, and a busy target's page may overflow before its first look.
  double first_round_s = 120;
  std::uint64_t seed = 1;                // jitter of rests and backoffs
  int max_page_back = 5;                 // pages fetched back after a full page (0 = never)
  // The guard counts each request this much longer than the platform's window. Virtual time
  // needs only rounding slack; a daemon sends a little after the decided instant (timers,
  // queueing), so it asks for more.
  double guard_slack_s = 1e-3;
  // Subscriber weight μ_t multiplying λ_t in the plan. The simulator counts a post once, at its
  // first delivery to any subscriber, so the default is TargetInfo::weight (1 unless set);
  // `weight_by_subscribers` uses the number of subscribers instead (a per-subscriber metric).
  bool weight_by_subscribers = false;
};

class GatherPolicy final : public Policy {
 public:
  explicit GatherPolicy(GatherOptions o = {}) : o_(o) {}
  std::string_view name() const override { return "gather"; }
  void start(const World& world) override;
  std::optional<Fetch> next(TimePoint now) override;
  void on_result(const FetchResult& result) override;
  void update(const World& world, TimePoint now) override;
  std::optional<TimePoint> due_at(int t) const override;
  std::optional<TimePoint> rest_until(int c) const override;
  bool reserve(int c, TimePoint at) override;
  void credential_refused(int c, TimePoint at, double retry_after_s, bool logged_out) override;
  std::vector<Fetch> riders(const Fetch& lead, int limit) override;

  // Introspection for tests: the current planned fetch rate of target t (per second) and the
  // current rate estimate (per second, before the subscriber weight).
  double planned_rate(int t) const { return rate_[t]; }
  double estimated_rate(int t) const;

 private:
  struct Share {
    int credential;
    double fraction;  // x_tc / f_t
    double credit;    // smooth weighted round-robin state
  };
  struct Cred {
    std::deque<double> window;  // own send times (seconds from start), the hard guard
    double last_sent = -1e300;  // for the minimum gap
    double expires = 0;         // +inf if never
    double rest_until = 0;
    double backoff_s = 0;
    bool dead = false;
    // The budget actually honoured, as a fraction of the configured one: halved on each refusal,
    // grown back by a quarter per four quiet windows (the configured number may be wrong, and
    // resting alone would only lead to the same burst and refusal again).
    double scale = 1;
    double scale_at = 0;
    double refused_known = -1e300;  // when the last refusal became known: older sends are its burst
  };
  struct Estimate {
    double posts = 0;     // forgotten count of posts seen
    double exposure = 0;  // forgotten seconds covered
    double updated = 0;   // time the two were last decayed to
  };

  void adopt(const World& world);
  double min_gap(int t) const;
  double secs(TimePoint tp) const;
  TimePoint at_s(double s) const;
  double snap(double s) const { return secs(at_s(s)); }

  bool usable(int c, double s) const;
  int allowed(int c) const;  // requests per window honoured now
  // A refusal of a request c sent at `sent`, known at `known`: rest, halve (one burst counts once).
  void refused(int c, double sent, double known, double retry_after_s);
  bool has_room(int c, double s);
  double room_at(int c, double s);
  int choose(int t, double s);
  int choose_planned(int t, double s);
  // λ_t over [a, b): the oracle's, or the learned base rate times its platform's time of day
  // (`season`, the profile's factor over [a, b), computed once per platform per plan).
  double rate_for_plan(int t, double a, double b, double season) const;
  double clock(double s) const { return clock0_ + s; }
  void plan(double s);
  void push(int t, double when, double ideal);
  Fetch take_slot(int t, int c, double s, double ideal, int page);
  void refund(int c, double slot);
  double next_event_after(double s) const;

  GatherOptions o_;
  World w_;
  bool oracle_ = false;
  // Credentials that deliver to t: cand_[cand_offset_[t] .. cand_offset_[t + 1]).
  std::span<const int> cands(int t) const {
    return {cand_.data() + cand_offset_[t], cand_.data() + cand_offset_[t + 1]};
  }
  std::vector<int> cand_;
  std::vector<std::uint32_t> cand_offset_;
  std::vector<Cred> creds_;
  std::vector<std::vector<Share>> shares_;  // [t] from the last plan
  std::vector<double> rate_;                // [t] planned f_t (0 = not planned)
  std::vector<double> last_;                // [t] last successful fetch (seconds), NaN = never
  std::vector<double> due_;                 // [t] current key in the heap (NaN = not queued)
  std::vector<double> due_ideal_;           // [t] the ideal time that key was queued for
  std::vector<double> inflight_ideal_;      // [t] ideal time of its outstanding fetch, NaN = none
  // [t] the entry its outstanding fetch holds in its credential's window (NaN = none: a rider
  // goes in its lead's request). A fetch never sent gives its entry back.
  std::vector<double> inflight_slot_;
  std::vector<int> failures_;               // [t] target-side failures in a row
  std::vector<std::uint8_t> anonymous_run_; // [t] fetches in a row through the anonymous budget
  std::vector<std::vector<int>> readers_;   // [t] sticky credentials that have read it
  double reader_wait_ = 0;                  // set by choose(): wait for a reader until then
  // Paging back: the next page to ask (0 = none), with which credential, and where the target
  // returns on its grid once the chain ends.
  struct Chain {
    int page = 0;
    int credential = -1;
    double resume = 0;
  };
  std::vector<Chain> chain_;
  std::vector<Estimate> est_;               // base rates: exposure is counted in profile-weighted seconds
  std::vector<DiurnalProfile> profiles_;    // [platform], while learning
  double clock0_ = 0;                       // World::start on the UTC clock, in seconds
  // Per target, when its shared audience and each private tenant audience last looked.
  std::vector<double> shared_seen_;
  std::vector<std::vector<std::pair<std::string, double>>> private_seen_;
  // (when to try, ideal time): among targets tried at the same instant (waiting for the same
  // credential to have room) the one whose ideal time is earliest goes first.
  TargetHeap heap_;
  double next_plan_ = 0;
  bool replan_ = false;
  double last_plan_ = -1;
  std::mt19937_64 rng_;
};

std::unique_ptr<Policy> make_gather_policy(GatherOptions o = {});

}  // namespace gather::policy
