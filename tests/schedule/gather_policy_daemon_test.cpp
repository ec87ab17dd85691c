// The `gather` policy driven the way the daemon drives it: several decisions outstanding, the
// world changing under it, pins, target failures, risk-control rests with Retry-After.
#include <gtest/gtest.h>

#include <algorithm>
#include <deque>
#include <map>
#include <random>
#include <set>

#include "schedule/gather_policy.h"

namespace policy = gather::policy;
using namespace std::chrono_literals;
using policy::FetchStatus;

namespace {

const policy::TimePoint kT0 = policy::TimePoint{} + std::chrono::hours(24 * 365 * 50);

double secs(policy::TimePoint tp) { return std::chrono::duration<double>(tp - kT0).count(); }

policy::TargetInfo target(std::string id) {
  policy::TargetInfo t;
  t.id = std::move(id);
  return t;
}

policy::World world_of(int targets, std::vector<std::pair<int, double>> limits) {
  policy::World w;
  w.start = kT0;
  w.max_interval_s = 3600;
  w.platforms = {"P"};
  for (int t = 0; t < targets; ++t) w.targets.push_back(target("t" + std::to_string(t)));
  int i = 0;
  for (auto [requests, window] : limits) {
    policy::CredentialInfo c;
    c.id = "c" + std::to_string(i++);
    c.requests = requests;
    c.window_s = window;
    for (int t = 0; t < targets; ++t) c.reach.push_back(t);
    w.credentials.push_back(c);
  }
  return w;
}

// Trailing-window counts per credential, as the platform keeps them.
struct WindowCheck {
  std::map<int, std::deque<double>> sent;
  int violations = 0;
  void add(const policy::World& w, int c, double at) {
    auto& q = sent[c];
    while (!q.empty() && q.front() <= at - w.credentials[c].window_s) q.pop_front();
    q.push_back(at);
    if (static_cast<int>(q.size()) > w.credentials[c].requests) ++violations;
  }
};

TEST(GatherPolicyDaemon, ManyOutstandingDecisionsNeverExceedABudgetNorRepeatATarget) {
  auto w = world_of(40, {{5, 60}, {3, 30}});
  policy::GatherPolicy g;
  g.start(w);
  std::mt19937 rng(3);
  WindowCheck check;
  std::vector<policy::Fetch> out;  // decisions in flight
  std::set<int> in_flight;
  policy::TimePoint now = kT0;
  int decisions = 0;
  while (secs(now) < 4 * 3600) {
    // The daemon's pump: take every decision due now and hold the first later one (a timer
    // fires at its time); fetches complete later, in any order.
    while (out.size() < 8) {
      auto f = g.next(now);
      if (!f) break;  // every target is in flight
      EXPECT_GE(f->at, now);
      EXPECT_TRUE(in_flight.insert(f->target).second) << "target " << f->target << " handed out twice";
      check.add(w, f->credential, secs(f->at));
      out.push_back(*f);
      ++decisions;
      if (f->at > now) break;
    }
    ASSERT_FALSE(out.empty());
    std::shuffle(out.begin(), out.end(), rng);
    std::size_t done = 1 + rng() % out.size();
    for (std::size_t i = 0; i < done; ++i) {
      policy::Fetch f = out.back();
      out.pop_back();
      in_flight.erase(f.target);
      now = std::max(now, f.at);
      g.on_result({f, FetchStatus::ok, static_cast<int>(rng() % 2), false});
    }
    now += 1s;
  }
  EXPECT_EQ(check.violations, 0);
  EXPECT_GT(decisions, 1000);
}

TEST(GatherPolicyDaemon, AnUpdateKeepsTheBudgetWindowAndFetchesNewTargetsFirst) {
  auto w = world_of(2, {{3, 60}});
  policy::GatherPolicy g;
  g.start(w);
  policy::TimePoint now = kT0;
  std::vector<double> sent;
  for (int i = 0; i < 3; ++i) {
    auto f = g.next(now);
    ASSERT_TRUE(f);
    now = f->at;
    sent.push_back(secs(f->at));
    g.on_result({*f, FetchStatus::ok, 0, false});
  }
  // A target added, one removed: the credential's three requests still count.
  w.targets.erase(w.targets.begin());
  w.targets.push_back(target("new"));
  w.credentials[0].reach = {0, 1};
  g.update(w, now);
  auto f = g.next(now);
  ASSERT_TRUE(f);
  EXPECT_EQ(w.targets[f->target].id, "new");
  EXPECT_GE(secs(f->at), sent[0] + 60);
}

TEST(GatherPolicyDaemon, AnOutstandingFetchSurvivesAnUpdate) {
  auto w = world_of(3, {{100, 60}});
  policy::GatherPolicy g;
  g.start(w);
  auto f = g.next(kT0);
  ASSERT_TRUE(f);
  std::string id = w.targets[f->target].id;
  // The world gains a target in front of it: the driver reports with the new index.
  w.targets.insert(w.targets.begin(), target("front"));
  w.credentials[0].reach = {0, 1, 2, 3};
  g.update(w, f->at);
  for (int i = 0; i < 3; ++i) {
    auto n = g.next(f->at);
    ASSERT_TRUE(n);
    EXPECT_NE(w.targets[n->target].id, id) << "handed out again while in flight";
  }
}

TEST(GatherPolicyDaemon, APinnedTargetKeepsItsInterval) {
  auto w = world_of(2, {{1000, 60}});
  w.targets[0].pinned_interval_s = 300;
  policy::GatherPolicy g;
  g.start(w);
  policy::TimePoint now = kT0;
  std::vector<double> pinned;
  while (pinned.size() < 6) {
    auto f = g.next(now);
    ASSERT_TRUE(f);
    now = f->at;
    if (f->target == 0) pinned.push_back(secs(f->at));
    g.on_result({*f, FetchStatus::ok, 5, false});  // busy: its λ must not pull it faster
  }
  for (std::size_t i = 1; i < pinned.size(); ++i) EXPECT_NEAR(pinned[i] - pinned[i - 1], 300, 1) << i;
}

TEST(GatherPolicyDaemon, MinIntervalCapsEvenABusyTarget) {
  auto w = world_of(1, {{1000, 60}});
  w.min_interval_s = 90;
  policy::GatherPolicy g;
  g.start(w);
  policy::TimePoint now = kT0;
  double last = -1;
  for (int i = 0; i < 30; ++i) {
    auto f = g.next(now);
    ASSERT_TRUE(f);
    now = f->at;
    if (f->page > 0) {  // pages back are not polls of the newest page: they go at once
      g.on_result({*f, FetchStatus::ok, 20, false});
      continue;
    }
    if (last >= 0) {
      EXPECT_GE(secs(f->at) - last, 90 - 1e-3) << i;
    }
    last = secs(f->at);
    g.on_result({*f, FetchStatus::ok, 20, i % 3 == 0});  // even full pages wait for the floor
  }
}

TEST(GatherPolicyDaemon, AFullPageIsFollowedByPagesBackWithTheSameCredentialWithinBudget) {
  auto w = world_of(2, {{4, 60}, {4, 60}});
  policy::GatherOptions o;
  o.max_page_back = 3;
  policy::GatherPolicy g(o);
  g.start(w);
  WindowCheck check;
  policy::TimePoint now = kT0;
  int chains = 0, deepest = 0;
  std::map<int, int> chain_credential;  // target → credential of its page 0
  for (int i = 0; i < 400; ++i) {
    auto f = g.next(now);
    ASSERT_TRUE(f);
    now = f->at;
    check.add(w, f->credential, secs(f->at));
    if (f->page == 0) {
      chain_credential[f->target] = f->credential;
    } else {
      EXPECT_EQ(f->credential, chain_credential[f->target]) << "a page back changed audience";
      EXPECT_LE(f->page, 3);
      deepest = std::max(deepest, f->page);
      if (f->page == 1) ++chains;
    }
    // Target 0 is always overflowing: every page comes back full. Target 1 never.
    g.on_result({*f, FetchStatus::ok, f->target == 0 ? 20 : 0, f->target == 0});
  }
  EXPECT_GT(chains, 5);
  EXPECT_EQ(deepest, 3) << "the chain stops at max_page_back";
  EXPECT_EQ(check.violations, 0);
}

TEST(GatherPolicyDaemon, AFailingTargetBacksOffAloneUpToMaxInterval) {
  auto w = world_of(2, {{20, 60}});
  policy::GatherPolicy g;
  g.start(w);
  policy::TimePoint now = kT0;
  std::vector<double> bad, good;
  while (secs(now) < 6 * 3600) {
    auto f = g.next(now);
    ASSERT_TRUE(f);
    now = f->at;
    (f->target == 0 ? bad : good).push_back(secs(f->at));
    g.on_result({*f, f->target == 0 ? FetchStatus::failed : FetchStatus::ok, 0, false});
  }
  ASSERT_GE(bad.size(), 5u);
  // Gaps grow to max_interval (plus jitter) and stay there, while the healthy target keeps its pace.
  double longest = 0;
  for (std::size_t i = 1; i < bad.size(); ++i) {
    double gap = bad[i] - bad[i - 1];
    EXPECT_LE(gap, 3600 * 1.25 + 1) << i;
    longest = std::max(longest, gap);
  }
  EXPECT_LT(bad[1] - bad[0], 1000);
  EXPECT_GE(longest, 3600);
  EXPECT_GT(good.size(), 10 * bad.size());
}

TEST(GatherPolicyDaemon, ARestHonoursRetryAfterAndOthersTakeOver) {
  auto w = world_of(4, {{10, 60}, {10, 60}});
  policy::GatherPolicy g;
  g.start(w);
  auto f = g.next(kT0);
  ASSERT_TRUE(f);
  const int refused = f->credential;
  const double at = secs(f->at);
  g.on_result({*f, FetchStatus::banned, 0, false, 900});
  policy::TimePoint now = f->at;
  int served = 0;
  while (secs(now) < at + 1200) {
    auto n = g.next(now);
    ASSERT_TRUE(n);
    now = n->at;
    if (secs(n->at) < at + 900) {
      EXPECT_NE(n->credential, refused) << secs(n->at) - at;
    }
    ++served;
    g.on_result({*n, FetchStatus::ok, 0, false});
  }
  EXPECT_GT(served, 20);
}

TEST(GatherPolicyDaemon, ARestartContinuesTheScheduleInsteadOfFetchingAllAtOnce) {
  auto w = world_of(3, {{6, 3600}});  // two fetches per target per hour
  for (auto& t : w.targets) t.last_fetch = kT0 - 60s;
  policy::GatherPolicy g;
  g.start(w);
  auto f = g.next(kT0);
  ASSERT_TRUE(f);
  EXPECT_GT(secs(f->at), 10 * 60);  // ~30 min after the last fetch, not now
}

}  // namespace

namespace {

// A refusal means the configured budget may be wrong: the credential rests, then honours half
// of it, and grows back only after quiet windows.
TEST(GatherPolicyDaemon, ARefusalHalvesTheBudgetHonouredAndQuietWindowsGrowItBack) {
  auto w = world_of(4, {{8, 60}});
  policy::GatherPolicy g;
  g.start(w);
  policy::TimePoint now = kT0;
  auto sends_in = [&](double from, double to, bool refuse_first) {
    int n = 0;
    bool refused = false;
    while (true) {
      auto f = g.next(now);
      if (!f || secs(f->at) >= to) {
        if (f) g.on_result({*f, FetchStatus::skipped, 0, false});
        return n;
      }
      now = f->at;
      if (secs(f->at) >= from) ++n;
      if (refuse_first && !refused && secs(f->at) >= from) {
        refused = true;
        g.on_result({*f, FetchStatus::banned, 0, false});
      } else {
        g.on_result({*f, FetchStatus::ok, 0, false});
      }
    }
  };
  EXPECT_EQ(sends_in(0, 60, false), 8);                 // the whole configured budget
  sends_in(600, 601, true);                             // refused: rests a window
  EXPECT_LE(sends_in(700, 760, false), 4);              // half of it
  EXPECT_GE(sends_in(2000, 2060, false), 5);            // grown back after quiet windows
}

}  // namespace

// A platform whose one request answers for many targets: the lead's fetch takes the others of its
// platform along (soonest due first, never another platform's, never one already out), costs one
// request, and each rider goes back on its own grid from the batch's instant.
TEST(GatherPolicyDaemon, RidersShareTheLeadsRequestAndReturnToTheirGrids) {
  auto w = world_of(6, {{1, 600}});
  w.platforms = {"live", "other"};
  w.targets[5].platform = 1;
  policy::GatherPolicy p;
  p.start(w);
  auto lead = p.next(kT0);
  ASSERT_TRUE(lead);
  ASSERT_NE(lead->target, 5);
  auto riders = p.riders(*lead, 3);
  ASSERT_EQ(riders.size(), 3u);
  std::set<int> out{lead->target};
  for (const auto& r : riders) {
    EXPECT_EQ(w.targets[r.target].platform, 0);
    EXPECT_EQ(r.credential, lead->credential);
    EXPECT_EQ(r.at, lead->at);
    EXPECT_TRUE(out.insert(r.target).second) << "a target rides twice";
  }
  // One more batch of the same instant finds only the one left of the platform.
  auto second = p.riders(*lead, 10);
  ASSERT_EQ(second.size(), 1u);
  EXPECT_FALSE(out.count(second[0].target));
  // The budget (1 request per 600 s) went to the lead alone: nothing else is due now.
  auto after = p.next(kT0);
  ASSERT_TRUE(after);
  EXPECT_GE(secs(after->at), 600 - 1e-6) << "riders cost no request";

  // Reported like any fetch, each is then queued ahead on its own interval, not at once.
  for (const auto& r : riders) p.on_result({r, FetchStatus::ok, 0, false});
  for (const auto& r : riders) {
    auto due = p.due_at(r.target);
    ASSERT_TRUE(due);
    EXPECT_GT(secs(*due), 0);
  }
  // A rider given back unsent waits for its own time rather than going at once.
  p.on_result({second[0], FetchStatus::skipped, 0, false});
  ASSERT_TRUE(p.due_at(second[0].target));
}
