// The daemon's planner over store records, in virtual time: which credential serves which
// target, what risk control's answers do to a credential, and that the world may change while
// fetches are out.
#include <gtest/gtest.h>

#include <deque>
#include <functional>
#include <map>
#include <set>

#include "schedule/policy_planner.h"

using namespace gather;
using namespace std::chrono_literals;

namespace {

const TimePoint kT0 = TimePoint{} + std::chrono::hours(24 * 365 * 50);

Target target(Id id, std::string platform = "weibo") {
  Target t;
  t.id = id;
  t.platform = std::move(platform);
  t.key = std::to_string(id);
  return t;
}

Credential cookie(Id id, Id tenant, std::string scope, int requests, std::chrono::milliseconds window) {
  Credential c;
  c.id = id;
  c.platform = "weibo";
  c.tenant_id = tenant;
  c.scope = std::move(scope);
  c.secret = "SUB=" + std::to_string(id);
  c.limit_requests = requests;
  c.limit_window = window;
  return c;
}

Subscription subscription(Id target, Id tenant) {
  Subscription s;
  s.target_id = target;
  s.subscriber.tenant_id = tenant;
  return s;
}

ScheduleOptions options() {
  ScheduleOptions o;
  o.min_interval = 10s;
  o.max_interval = 1h;
  o.anonymous["weibo"] = RateLimit{2, 60s};
  o.send_slack = 0ms;
  return o;
}

// Runs the planner in virtual time, one fetch at a time, answering with `answer`; counts
// requests per credential (0 = anonymous) and checks every budget's trailing window.
struct Driver {
  explicit Driver(PolicyPlanner& p) : planner(p) {}
  PolicyPlanner& planner;
  std::map<std::optional<Id>, std::pair<int, std::chrono::seconds>> limits;
  std::map<std::optional<Id>, std::deque<TimePoint>> sent;
  std::map<std::optional<Id>, int> used;
  std::map<std::pair<Id, std::optional<Id>>, int> pairs;  // (target, credential) → fetches
  int violations = 0;
  TimePoint now = kT0;

  template <typename Answer>
  void run_until(TimePoint end, Answer answer) {
    while (now < end) {
      auto due = planner.next_due(now);
      if (!due) break;
      now = std::max(now, *due);
      for (const auto& f : planner.take_due(now, 1)) {
        auto& q = sent[f.credential];
        auto [n, window] = limits[f.credential];
        while (!q.empty() && q.front() <= now - window) q.pop_front();
        q.push_back(now);
        if (n > 0 && static_cast<int>(q.size()) > n) ++violations;
        ++used[f.credential];
        ++pairs[{f.target, f.credential}];
        planner.on_result(f, answer(f), now);
      }
    }
  }
};

FetchReport ok() { return FetchReport{}; }

TEST(PolicyPlanner, PrivateCookiesServeOnlyTargetsTheirOwnerSubscribesTo) {
  PolicyPlanner p(options());
  ScheduleInputs in;
  in.targets = {target(1), target(2)};
  in.credentials = {cookie(10, 7, "private", 30, 60s), cookie(11, 8, "shared", 30, 60s)};
  in.subscriptions = {subscription(1, 7), subscription(2, 9)};  // tenant 7 follows only target 1
  p.sync(in, kT0);
  Driver d(p);
  d.limits = {{std::nullopt, {2, 60s}}, {10, {30, 60s}}, {11, {30, 60s}}};
  d.run_until(kT0 + 2h, [](const PlannedFetch&) { return ok(); });
  EXPECT_EQ(d.violations, 0);
  EXPECT_GT((d.pairs[{1, 10}]), 0);
  EXPECT_EQ((d.pairs[{2, 10}]), 0) << "tenant 7's private cookie fetched a target only tenant 9 follows";
  EXPECT_GT((d.pairs[{2, 11}]), 0);
  EXPECT_GT(d.used[std::nullopt], 0) << "the anonymous budget is used too";
}

TEST(PolicyPlanner, ASlowDownRestsTheCookieAndOthersKeepTheTargetsServed) {
  PolicyPlanner p(options());
  ScheduleInputs in;
  in.targets = {target(1), target(2), target(3)};
  in.credentials = {cookie(10, 1, "shared", 20, 60s), cookie(11, 1, "shared", 20, 60s)};
  p.sync(in, kT0);
  Driver d(p);
  d.limits = {{std::nullopt, {2, 60s}}, {10, {20, 60s}}, {11, {20, 60s}}};
  std::optional<TimePoint> refused_at;
  std::map<Id, std::vector<TimePoint>> served;
  d.run_until(kT0 + 30min, [&](const PlannedFetch& f) {
    served[f.target].push_back(d.now);
    if (f.credential == 10 && !refused_at && d.now > kT0 + 5min) {
      refused_at = d.now;
      FetchReport r;
      r.kind = FetchReport::Kind::kSlowDown;
      r.retry_after = 600s;
      return r;
    }
    if (refused_at && f.credential == 10) {
      EXPECT_GE(d.now, *refused_at + 600s) << "used while resting";
    }
    return ok();
  });
  ASSERT_TRUE(refused_at);
  auto rest = p.resting_until(PlannedFetch{1, Id{10}, {}});
  ASSERT_TRUE(rest);
  EXPECT_GE(*rest, *refused_at + 600s);
  // No target went without a fetch for long while the cookie rested.
  for (const auto& [t, times] : served)
    for (std::size_t i = 1; i < times.size(); ++i) EXPECT_LE(times[i] - times[i - 1], 120s) << "target " << t;
  EXPECT_EQ(d.violations, 0);
}

TEST(PolicyPlanner, ALoggedOutCookieIsNeverUsedAgain) {
  PolicyPlanner p(options());
  ScheduleInputs in;
  in.targets = {target(1)};
  in.credentials = {cookie(10, 1, "shared", 30, 60s)};
  p.sync(in, kT0);
  Driver d(p);
  bool logged_out = false;
  int after = 0;
  d.run_until(kT0 + 1h, [&](const PlannedFetch& f) {
    if (f.credential == 10) {
      if (logged_out) ++after;
      logged_out = true;
      FetchReport r;
      r.kind = FetchReport::Kind::kLoggedOut;
      return r;
    }
    return ok();
  });
  EXPECT_TRUE(logged_out);
  EXPECT_EQ(after, 0);
  EXPECT_GT(d.used[std::nullopt], 10) << "the target goes on anonymously";
}

TEST(PolicyPlanner, TheWorldChangesUnderFetchesInFlight) {
  PolicyPlanner p(options());
  ScheduleInputs in;
  in.targets = {target(1), target(2)};
  in.credentials = {cookie(10, 1, "shared", 5, 60s)};
  p.sync(in, kT0);
  auto first = p.take_due(kT0 + 1min, 10);
  ASSERT_FALSE(first.empty());
  // Target 1 removed, target 3 added, the cookie removed, all while fetches are out.
  in.targets = {target(2), target(3)};
  in.credentials.clear();
  p.sync(in, kT0 + 1min);
  for (const auto& f : first) p.on_result(f, ok(), kT0 + 1min);  // must land harmlessly
  auto next = p.take_due(kT0 + 1min, 10);
  std::set<Id> targets;
  for (const auto& f : next) {
    EXPECT_FALSE(f.credential) << "the removed cookie was handed out";
    targets.insert(f.target);
  }
  EXPECT_TRUE(targets.count(3)) << "a new target is fetched at once";
  EXPECT_FALSE(targets.count(1));
}

TEST(PolicyPlanner, ACooldownRecordedBeforeARestartIsHonoured) {
  PolicyPlanner p(options());
  ScheduleInputs in;
  in.targets = {target(1)};
  auto c = cookie(10, 1, "shared", 30, 60s);
  c.state = "cooldown";
  c.state_until = kT0 + 20min;
  in.credentials = {c};
  p.sync(in, kT0);
  Driver d(p);
  d.run_until(kT0 + 30min, [&](const PlannedFetch& f) {
    if (f.credential == 10) {
      EXPECT_GE(d.now, kT0 + 20min);
    }
    return ok();
  });
  EXPECT_GT(d.used[10], 0);
}

TEST(PolicyPlanner, PinnedTargetsKeepTheirIntervalAndDueIsReported) {
  PolicyPlanner p(options());
  ScheduleInputs in;
  auto t = target(1);
  t.interval = 5min;
  in.targets = {t, target(2)};
  in.credentials = {cookie(10, 1, "shared", 60, 60s)};
  p.sync(in, kT0);
  Driver d(p);
  std::vector<TimePoint> pinned;
  d.run_until(kT0 + 1h, [&](const PlannedFetch& f) {
    if (f.target == 1) pinned.push_back(d.now);
    return ok();
  });
  ASSERT_GE(pinned.size(), 10u);
  for (std::size_t i = 1; i < pinned.size(); ++i) EXPECT_NEAR((pinned[i] - pinned[i - 1]) / 1.0s, 300, 1);
  EXPECT_TRUE(p.due(1));
  EXPECT_FALSE(p.due(99));
}

TEST(PolicyPlanner, ExtraRequestsCountAgainstTheBudgetAndStopAtIt) {
  PolicyPlanner p(options());
  ScheduleInputs in;
  in.targets = {target(1)};
  in.credentials = {cookie(10, 1, "shared", 3, 60s)};
  p.sync(in, kT0);
  auto due = p.take_due(kT0 + 1h, 1);
  ASSERT_EQ(due.size(), 1u);
  const auto f = due.front();
  const TimePoint at = f.at;
  // The fetch itself used one request of the window; two more fit, the third does not.
  int granted = 0;
  for (int i = 0; i < 5; ++i) granted += p.reserve_extra(f, at);
  const int window = f.credential ? 3 : 2;  // the anonymous budget here is 2/60s
  EXPECT_EQ(granted, window - 1);
  EXPECT_TRUE(p.reserve_extra(f, at + 61s)) << "the window frees as it slides";
  p.on_result(f, ok(), at + 61s);
  EXPECT_FALSE(p.reserve_extra(f, at + 200s)) << "only while its fetch is out";
}

}  // namespace

namespace {

// The conveyor's way with the planner: take what is due, ask what is next while the fetch is
// out (holding that decision), then report after `out_for`. `before` sees each instant a fetch
// may be taken at, `fetched` each fetch taken, `reported` each result just reported.
void drive_like_the_conveyor(PolicyPlanner& p, TimePoint until, std::chrono::milliseconds out_for,
                             const std::function<void(const PlannedFetch&, TimePoint)>& fetched,
                             const std::function<void(TimePoint)>& before = {},
                             const std::function<void(const PlannedFetch&)>& reported = {}) {
  TimePoint now = kT0;
  while (now < until) {
    auto due = p.next_due(now);
    ASSERT_TRUE(due.has_value());
    now = std::max(now, *due);
    if (before) before(now);
    auto taken = p.take_due(now, 1);
    if (taken.empty()) continue;
    const PlannedFetch f = taken.front();
    fetched(f, now);
    for (int i = 0; i < 3; ++i) p.next_due(now);
    now += out_for;
    p.on_result(f, ok(), now);
    if (reported) reported(f);
  }
}

// The conveyor asks what is due next while a fetch is still out; the answer then is a slow,
// pinned target far ahead (a live chat polled at max_interval). When the fetch comes back its
// target is due again soon: that must not wait behind the decision held meanwhile.
TEST(PolicyPlanner, AFetchThatComesBackIsNotHeldBehindASlowTargetsDecision) {
  PolicyPlanner p(options());
  ScheduleInputs in;
  auto slow = target(1);
  slow.interval = 10min;
  auto fast = target(2);
  fast.interval = 10s;
  in.targets = {slow, fast};
  in.credentials = {cookie(10, 1, "shared", 600, 60s)};
  p.sync(in, kT0);
  int fast_fetches = 0;
  drive_like_the_conveyor(p, kT0 + 5min, 100ms, [&](const PlannedFetch& f, TimePoint) { fast_fetches += f.target == 2; });
  // Every 10 s for 5 minutes: about 30, give or take the start.
  EXPECT_GE(fast_fetches, 25);
}


// Each result gives the held decision back and the planner asks again. A decision given back was
// never sent: it must not keep its place in its credential's window, or a target whose decisions
// keep being given back moves later on every give-back and is never fetched (seen as a Weibo
// user starved while a cookie fetched the other one every 200 ms).
TEST(PolicyPlanner, ADecisionGivenBackDoesNotSpendItsCredentialsBudget) {
  PolicyPlanner p(options());  // anonymous: 2 requests a minute
  ScheduleInputs in;
  in.targets = {target(1), target(2)};
  auto only_two = cookie(10, 1, "shared", 600, 60s);
  only_two.all_targets = false;
  only_two.target_ids = {2};
  in.credentials = {only_two};
  p.sync(in, kT0);
  int anonymous_fetches = 0;
  drive_like_the_conveyor(p, kT0 + 10min, 100ms,
                          [&](const PlannedFetch& f, TimePoint) { anonymous_fetches += !f.credential; });
  // The anonymous budget allows 20 in 10 minutes; target 1 is read only through it.
  EXPECT_GE(anonymous_fetches, 10);
}


// Issue 19's first report: two feeds, one pinned at 10 s, one unpinned under a 1 min
// min_interval. The pinned one must be fetched every 10 s, not only when the other one is, and
// what the planner says is due must be the fetch that then happens.
TEST(PolicyPlanner, APinnedFeedBesideAnUnpinnedOneKeepsItsInterval) {
  PolicyPlanner p(ScheduleOptions{});  // what `serve` runs with no [schedule]: min_interval 1 min
  ScheduleInputs in;
  auto pinned = target(1, "rss");
  pinned.interval = 10s;
  in.targets = {pinned, target(2, "rss")};
  p.sync(in, kT0);
  std::vector<TimePoint> at;
  std::optional<TimePoint> said, stored;
  drive_like_the_conveyor(
      p, kT0 + 10min, 5ms,
      [&](const PlannedFetch& f, TimePoint now) {
        if (f.target != 1) return;
        at.push_back(now);
        ASSERT_TRUE(said.has_value());
        EXPECT_EQ(*said, now) << "due() named the fetch that happened";
        // The conveyor stores due() right after a result as the target's next fetch, and
        // `status` shows it: it must be the fetch that then happens.
        if (stored) EXPECT_NEAR((*stored - now) / 1.0s, 0, 0.001) << "the next fetch stored after the last result";
      },
      [&](TimePoint) { said = p.due(1); },
      [&](const PlannedFetch& f) {
        if (f.target == 1) stored = p.due(1);
      });
  ASSERT_GE(at.size(), 50u);
  for (std::size_t i = 2; i < at.size(); ++i) EXPECT_NEAR((at[i] - at[i - 1]) / 1.0s, 10, 0.5) << i;
}

}  // namespace
