#include "sim/scheduling/baselines.h"

#include <algorithm>
#include <cmath>
#include <deque>
#include <limits>
#include <queue>
#include <tuple>

#include "sim/scheduling/world.h"  // kWindowSlack: the platform's window rule, mirrored here

namespace gather::simsched {

namespace {

using policy::Fetch;
using policy::FetchResult;
using policy::FetchStatus;
using policy::TimePoint;
using policy::World;

constexpr double kInf = std::numeric_limits<double>::infinity();

// What every baseline shares: the world, each target's useful credentials, and a ledger per
// credential that mirrors the platform's sliding window so the baselines never exceed a budget.
class Baseline : public policy::Policy {
 public:
  void start(const World& w) override {
    w_ = w;
    const auto nt = w.targets.size();
    const auto nc = w.credentials.size();
    cands_.assign(nt, {});
    std::vector<bool> useful(nc, false);
    for (std::size_t c = 0; c < nc; ++c)
      for (int t : w.credentials[c].reach)
        if (policy::delivers(w, static_cast<int>(c), t)) {
          cands_[t].push_back(static_cast<int>(c));
          useful[c] = true;
        }
    ledger_.assign(nc, {});
    for (std::size_t c = 0; c < nc; ++c)
      if (w.credentials[c].expires_at) ledger_[c].expires = secs(*w.credentials[c].expires_at);
    for (std::size_t t = 0; t < nt; ++t)
      if (!cands_[t].empty()) live_.push_back(static_cast<int>(t));
    interval_ = fair_interval_s(w);
    init();
  }

  void on_result(const FetchResult& r) override {
    auto& l = ledger_[r.fetch.credential];
    double at = secs(r.fetch.at);
    // Refused: rest for as long as the platform said (a flood wait's N s), else a window.
    if (r.status == FetchStatus::banned) {
      double rest = r.retry_after_s > 0 ? r.retry_after_s : w_.credentials[r.fetch.credential].window_s;
      l.rest_until = std::max(l.rest_until, at + rest);
    }
    if (r.status == FetchStatus::expired) l.expires = std::min(l.expires, at);
  }

 protected:
  struct Ledger {
    std::deque<double> window;
    double last_used = -kInf;
    double rest_until = -kInf;
    double expires = kInf;
  };

  virtual void init() = 0;

  double secs(TimePoint tp) const { return std::chrono::duration<double>(tp - w_.start).count(); }
  // Rounded up to the TimePoint's resolution, so a time found free stays free.
  TimePoint at_s(double s) const {
    return w_.start + std::chrono::ceil<TimePoint::duration>(std::chrono::duration<double>(s));
  }
  // A time exactly as the driver will see it: every check and record uses snapped times.
  double snap(double s) const { return secs(at_s(s)); }

  bool alive(int c, double s) const { return s < ledger_[c].expires; }
  bool has_room(int c, double s) {
    auto& l = ledger_[c];
    if (!alive(c, s) || s < l.rest_until) return false;
    const auto& cred = w_.credentials[c];
    while (!l.window.empty() && l.window.front() <= s - cred.window_s + kWindowSlack) l.window.pop_front();
    return static_cast<int>(l.window.size()) < cred.requests;
  }
  bool rested(int c, double s) {
    const auto& cred = w_.credentials[c];
    double cooldown = cred.window_s / cred.requests;
    return s - ledger_[c].last_used >= cooldown * (1 - 1e-12) && has_room(c, s);
  }
  // When c's trailing window next has room (s itself if it has room now).
  double room_at(int c, double s) {
    if (has_room(c, s)) return s;
    const auto& l = ledger_[c];
    double when = std::max(s, l.rest_until);
    if (static_cast<int>(l.window.size()) >= w_.credentials[c].requests)
      when = std::max(when, l.window.front() + w_.credentials[c].window_s - kWindowSlack + 1e-9);
    return when;
  }
  double rested_at(int c, double s) {
    const auto& cred = w_.credentials[c];
    return std::max(room_at(c, s), ledger_[c].last_used + cred.window_s / cred.requests);
  }
  // Any candidate of t not expired at s?
  bool reachable(int t, double s) const {
    for (int c : cands_[t])
      if (alive(c, s)) return true;
    return false;
  }
  // The rested candidate idle longest, or -1.
  int least_recently_used(int t, double s) {
    int best = -1;
    for (int c : cands_[t])
      if (rested(c, s) && (best < 0 || ledger_[c].last_used < ledger_[best].last_used)) best = c;
    return best;
  }
  // Records the request and returns the decision (at rounded to the TimePoint's resolution).
  Fetch take(int t, int c, double s) {
    TimePoint tp = at_s(s);
    double exact = secs(tp);  // == s for snapped s
    ledger_[c].window.push_back(exact);
    ledger_[c].last_used = exact;
    return {t, c, tp};
  }

  World w_;
  std::vector<std::vector<int>> cands_;
  std::vector<Ledger> ledger_;
  std::vector<int> live_;  // targets some credential can deliver
  double interval_ = 0;
};

// round-robin and bison-lru: every target on its own fixed-interval clock.
class FixedInterval : public Baseline {
 protected:
  void init() override {
    const double n = static_cast<double>(live_.size());
    for (std::size_t k = 0; k < live_.size(); ++k) {
      double due = interval_ * static_cast<double>(k) / n;
      due_.push({due, due, live_[k]});
    }
    turn_.assign(w_.targets.size(), 0);
  }

  virtual int choose(int t, double s) = 0;
  // The earliest time after s at which some candidate of t may be chosen.
  virtual double free_at(int t, double s) = 0;

 public:
  std::optional<Fetch> next(TimePoint now) override {
    double ns = secs(now);
    while (!due_.empty()) {
      auto [due, waiting_since, t] = due_.top();
      due_.pop();
      double s = snap(std::max(due, ns));
      if (!reachable(t, s)) continue;  // every credential of t expired: drop it
      int c = choose(t, s);
      if (c >= 0) {
        due_.push({s + interval_, s + interval_, t});
        return take(t, c, s);
      }
      // No credential now: the target stays due and is retried when the first one frees up;
      // among targets retried at the same instant, the one waiting longest goes first.
      due_.push({std::max(free_at(t, s), s + 1e-6), waiting_since, t});
    }
    return std::nullopt;
  }

 protected:
  using Item = std::tuple<double, double, int>;  // (due, waiting since, target)
  std::priority_queue<Item, std::vector<Item>, std::greater<Item>> due_;
  std::vector<std::size_t> turn_;
};

class RoundRobin final : public FixedInterval {
 public:
  std::string_view name() const override { return "round-robin"; }

 protected:
  int choose(int t, double s) override {
    const auto& cs = cands_[t];
    for (std::size_t k = 0; k < cs.size(); ++k) {
      std::size_t i = (turn_[t] + k) % cs.size();
      if (has_room(cs[i], s)) {
        turn_[t] = i + 1;
        return cs[i];
      }
    }
    return -1;
  }
  double free_at(int t, double s) override {
    double best = kInf;
    for (int c : cands_[t])
      if (alive(c, s)) best = std::min(best, room_at(c, s));
    return best;
  }
};

class BisonLru final : public FixedInterval {
 public:
  std::string_view name() const override { return "bison-lru"; }

 protected:
  int choose(int t, double s) override { return least_recently_used(t, s); }
  double free_at(int t, double s) override {
    double best = kInf;
    for (int c : cands_[t])
      if (alive(c, s)) best = std::min(best, rested_at(c, s));
    return best;
  }
};

class BisonWrr final : public Baseline {
 public:
  std::string_view name() const override { return "bison-wrr"; }

  std::optional<Fetch> next(TimePoint now) override {
    double ns = secs(now);
    while (!live_.empty()) {
      double s = snap(std::max(static_cast<double>(tick_) * tick_s_, ns));
      ++tick_;
      int t = pick();
      if (!reachable(t, s)) {
        live_.erase(std::find(live_.begin(), live_.end(), t));
        current_.assign(live_.size(), 0);
        continue;
      }
      int c = least_recently_used(t, s);
      if (c >= 0) return take(t, c, s);
      unpick();  // no rested credential: the tick passes and the target keeps its turn
    }
    return std::nullopt;
  }

 protected:
  void init() override {
    current_.assign(live_.size(), 0);
    equal_ = true;
    for (int t : live_) equal_ = equal_ && w_.targets[t].weight == w_.targets[live_[0]].weight;
    tick_s_ = live_.empty() ? 0 : interval_ / static_cast<double>(live_.size());
  }

 private:
  // Smooth weighted round-robin (nginx): every weight is added to its current value, the largest
  // wins and gives back the total. With equal weights that is plain rotation.
  int pick() {
    if (equal_) return live_[cursor_++ % live_.size()];
    double total = 0;
    std::size_t best = 0;
    for (std::size_t i = 0; i < live_.size(); ++i) {
      double wt = w_.targets[live_[i]].weight;
      current_[i] += wt;
      total += wt;
      if (current_[i] > current_[best]) best = i;
    }
    current_[best] -= total;
    last_ = best;
    return live_[best];
  }
  void unpick() {
    if (equal_) {
      --cursor_;
      return;
    }
    double total = 0;
    for (std::size_t i = 0; i < live_.size(); ++i) {
      current_[i] -= w_.targets[live_[i]].weight;
      total += w_.targets[live_[i]].weight;
    }
    current_[last_] += total;
  }
  std::size_t last_ = 0;

  std::vector<double> current_;
  bool equal_ = true;
  std::size_t cursor_ = 0;
  std::int64_t tick_ = 0;
  double tick_s_ = 0;
};

}  // namespace

double fair_interval_s(const World& w) {
  std::vector<bool> target_live(w.targets.size(), false);
  double budget = 0;
  for (std::size_t c = 0; c < w.credentials.size(); ++c) {
    bool useful = false;
    for (int t : w.credentials[c].reach)
      if (policy::delivers(w, static_cast<int>(c), t)) useful = target_live[t] = true;
    if (useful) budget += w.credentials[c].budget_per_s();
  }
  auto n = static_cast<double>(std::count(target_live.begin(), target_live.end(), true));
  if (budget <= 0 || n == 0) return w.max_interval_s;
  return std::min(n / budget, w.max_interval_s);
}

std::unique_ptr<policy::Policy> make_round_robin() { return std::make_unique<RoundRobin>(); }
std::unique_ptr<policy::Policy> make_bison_lru() { return std::make_unique<BisonLru>(); }
std::unique_ptr<policy::Policy> make_bison_wrr() { return std::make_unique<BisonWrr>(); }

}  // namespace gather::simsched
