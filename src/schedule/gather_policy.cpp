#include "schedule/gather_policy.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <numbers>
#include <unordered_map>

#include "schedule/allocation.h"

namespace gather::policy {

namespace {

constexpr double kInf = std::numeric_limits<double>::infinity();
// Re-plans triggered by full pages are spaced at least this far apart (solves are not free).
constexpr double kMinReplanGap_s = 60;

// The mean of sin(2π x / 86400) over [a, b), for the oracle's diurnal term.
double mean_sin(double a, double b) {
  constexpr double P = 86400;
  const double k = 2 * std::numbers::pi / P;
  if (b - a < 1e-9) return std::sin(k * a);
  return (std::cos(k * a) - std::cos(k * b)) / (k * (b - a));
}

}  // namespace

double GatherPolicy::secs(TimePoint tp) const { return std::chrono::duration<double>(tp - w_.start).count(); }

// Rounded up to the TimePoint's resolution, so a time found free stays free once the driver sees it.
TimePoint GatherPolicy::at_s(double s) const {
  return w_.start + std::chrono::ceil<TimePoint::duration>(std::chrono::duration<double>(s));
}

void GatherPolicy::adopt(const World& world) {
  w_ = world;
  oracle_ = w_.true_rates.has_value();
  clock0_ = std::chrono::duration<double>(w_.start.time_since_epoch()).count();
  profiles_.assign(w_.platforms.size(), DiurnalProfile{});
  const auto nt = w_.targets.size();
  const auto nc = w_.credentials.size();
  // Credentials per target, flat (one array and offsets, two passes): at 10^5 targets a vector
  // per target cost twice the memory. Credentials are visited in order, so each row is sorted;
  // a credential listing a target twice is kept once.
  std::vector<std::uint32_t> count(nt + 1, 0);
  auto each_edge = [&](auto&& f) {
    for (std::size_t c = 0; c < nc; ++c) {
      int prev = -1;
      auto reach = w_.credentials[c].reach;
      std::sort(reach.begin(), reach.end());
      for (int t : reach)
        if (t != prev && t >= 0 && static_cast<std::size_t>(t) < nt && delivers(w_, static_cast<int>(c), t)) {
          f(static_cast<int>(c), t);
          prev = t;
        }
    }
  };
  each_edge([&](int, int t) { ++count[t + 1]; });
  for (std::size_t t = 0; t < nt; ++t) count[t + 1] += count[t];
  cand_offset_ = count;
  cand_.assign(count[nt], 0);
  each_edge([&](int c, int t) { cand_[count[t]++] = c; });
  creds_.assign(nc, {});
  for (std::size_t c = 0; c < nc; ++c) {
    const auto& ci = w_.credentials[c];
    creds_[c].expires = ci.expires_at ? secs(*ci.expires_at) : kInf;
    creds_[c].rest_until = ci.rest_until ? secs(*ci.rest_until) : -kInf;
    creds_[c].dead = ci.requests <= 0 || ci.window_s <= 0;
  }
  constexpr double nan = std::numeric_limits<double>::quiet_NaN();
  shares_.assign(nt, {});
  rate_.assign(nt, 0);
  last_.assign(nt, nan);
  due_.assign(nt, nan);
  due_ideal_.assign(nt, nan);
  inflight_ideal_.assign(nt, nan);
  inflight_slot_.assign(nt, nan);
  failures_.assign(nt, 0);
  anonymous_run_.assign(nt, 0);
  readers_.assign(nt, {});
  chain_.assign(nt, {});
  est_.assign(nt, {});
  shared_seen_.assign(nt, 0);
  private_seen_.assign(nt, {});
  heap_.reset(nt);
  for (std::size_t t = 0; t < nt; ++t)
    if (const auto& lf = w_.targets[t].last_fetch) last_[t] = shared_seen_[t] = secs(*lf);
}

void GatherPolicy::start(const World& world) {
  rng_.seed(o_.seed);
  adopt(world);
  plan(0);  // queues the targets fetched before (a restart) on their own schedule
  // First fetches staggered over each target's first interval (golden-ratio phases), so the
  // budgets are not spent in one burst at the start and no two targets start in lockstep.
  // While learning, every target is looked at within the first round; with more targets than
  // the budgets can fetch in first_round_s, the round stretches to what they can (a backlog of
  // due targets would only make the dispatcher try and fail them over and over).
  double budget = 0;
  std::size_t fresh = 0;
  for (std::size_t c = 0; c < creds_.size(); ++c)
    if (!creds_[c].dead) budget += w_.credentials[c].budget_per_s() * creds_[c].scale;
  for (std::size_t t = 0; t < w_.targets.size(); ++t) fresh += !cands(t).empty() && std::isnan(last_[t]);
  const double first_round = std::max(o_.first_round_s, budget > 0 ? 1.2 * static_cast<double>(fresh) / budget : 0);
  double phase = 0;
  for (std::size_t t = 0; t < w_.targets.size(); ++t) {
    if (cands(t).empty() || !std::isnan(last_[t])) continue;
    phase = std::fmod(phase + 0.6180339887498949, 1.0);
    double interval = rate_[t] > 0 ? 1 / rate_[t] : o_.gap_margin * w_.max_interval_s;
    if (!oracle_) interval = std::min(interval, first_round);
    double first = std::max(phase, 0.05) * interval;
    push(static_cast<int>(t), first, first);
  }
}

void GatherPolicy::update(const World& world, TimePoint now) {
  const double s = std::max(0.0, secs(now));
  struct Known {
    double last, due, due_ideal, inflight_ideal, inflight_slot, shared_seen;
    int failures;
    Estimate est;
    std::vector<std::pair<std::string, double>> private_seen;
    std::vector<std::string> readers;  // by credential id
  };
  std::unordered_map<std::string, Known> targets;
  for (std::size_t t = 0; t < w_.targets.size(); ++t) {
    std::vector<std::string> readers;
    for (int c : readers_[t]) readers.push_back(w_.credentials[c].id);
    targets.emplace(w_.targets[t].id, Known{last_[t], due_[t], due_ideal_[t], inflight_ideal_[t], inflight_slot_[t], shared_seen_[t],
                                            failures_[t], est_[t], std::move(private_seen_[t]), std::move(readers)});
  }
  std::unordered_map<std::string, Cred> creds;
  for (std::size_t c = 0; c < w_.credentials.size(); ++c) creds.emplace(w_.credentials[c].id, std::move(creds_[c]));

  std::unordered_map<std::string, DiurnalProfile> profiles;
  for (std::size_t k = 0; k < w_.platforms.size() && k < profiles_.size(); ++k)
    profiles.emplace(w_.platforms[k], profiles_[k]);

  World next = world;
  next.start = w_.start;
  adopt(next);
  for (std::size_t k = 0; k < w_.platforms.size(); ++k)
    if (auto it = profiles.find(w_.platforms[k]); it != profiles.end()) profiles_[k] = it->second;
  for (std::size_t c = 0; c < creds_.size(); ++c) {
    auto it = creds.find(w_.credentials[c].id);
    if (it == creds.end()) continue;
    const double expires = creds_[c].expires;
    const double rest_until = creds_[c].rest_until;
    const bool dead = creds_[c].dead;
    creds_[c] = std::move(it->second);  // its window is the hard guard: it must survive
    creds_[c].expires = expires;
    creds_[c].rest_until = std::max(creds_[c].rest_until, rest_until);
    creds_[c].dead = creds_[c].dead || dead;
  }
  for (std::size_t t = 0; t < w_.targets.size(); ++t) {
    const int ti = static_cast<int>(t);
    auto it = targets.find(w_.targets[t].id);
    if (it != targets.end()) {
      auto& k = it->second;
      if (!std::isnan(k.last)) last_[t] = k.last;
      shared_seen_[t] = std::max(shared_seen_[t], k.shared_seen);
      failures_[t] = k.failures;
      est_[t] = k.est;
      private_seen_[t] = std::move(k.private_seen);
      for (const auto& id : k.readers) {
        auto cs = cands(ti);
        for (int c : cs)
          if (w_.credentials[c].id == id && w_.credentials[c].sticky) readers_[t].push_back(c);
      }
      inflight_ideal_[t] = k.inflight_ideal;
      inflight_slot_[t] = k.inflight_slot;
      if (!std::isnan(k.due)) {
        push(ti, k.due, k.due_ideal);
        continue;
      }
      if (!std::isnan(k.inflight_ideal)) continue;
    }
    if (!cands(t).empty()) push(ti, s, s);  // new targets are fetched at once
  }
  plan(s);
}

double GatherPolicy::estimated_rate(int t) const {
  const auto& e = est_[t];
  return (o_.prior_rate_per_s * o_.prior_weight_s + e.posts) / (o_.prior_weight_s + e.exposure);
}

double GatherPolicy::rate_for_plan(int t, double a, double b, double season) const {
  double lambda;
  if (oracle_) {
    const auto& r = (*w_.true_rates)[t];
    lambda = r.per_s * (1 + r.diurnal * mean_sin(a, b));
  } else {
    lambda = estimated_rate(t) * season;
  }
  const auto& ti = w_.targets[t];
  double mu = o_.weight_by_subscribers ? std::max<double>(1, static_cast<double>(ti.subscriber_tenants.size()))
                                       : ti.weight;
  double v = lambda * mu;
  return std::isfinite(v) && v > 0 ? v : 0;
}

bool GatherPolicy::usable(int c, double s) const {
  const auto& k = creds_[c];
  return !k.dead && s < k.expires && s >= k.rest_until;
}

int GatherPolicy::allowed(int c) const {
  const int configured = w_.credentials[c].requests;
  return std::max(1, static_cast<int>(std::floor(configured * creds_[c].scale + 1e-9)));
}

bool GatherPolicy::has_room(int c, double s) {
  if (!usable(c, s)) return false;
  auto& k = creds_[c];
  const auto& ci = w_.credentials[c];
  while (!k.window.empty() && k.window.front() <= s - ci.window_s - o_.guard_slack_s) k.window.pop_front();
  if (ci.min_gap_s > 0 && s < k.last_sent + ci.min_gap_s + o_.guard_slack_s) return false;
  return static_cast<int>(k.window.size()) < allowed(c);
}

// The first time at or after s at which c has room (inf if never: dead or expired by then).
double GatherPolicy::room_at(int c, double s) {
  const auto& k = creds_[c];
  if (k.dead) return kInf;
  if (has_room(c, s)) return s;
  const auto& ci = w_.credentials[c];
  double when = std::max(s, k.rest_until);
  if (static_cast<int>(k.window.size()) >= allowed(c)) {
    // The oldest request that must leave the window for there to be room.
    std::size_t idx = k.window.size() - static_cast<std::size_t>(allowed(c));
    when = std::max(when, k.window[idx] + ci.window_s + 2 * o_.guard_slack_s);
  }
  if (ci.min_gap_s > 0) when = std::max(when, k.last_sent + ci.min_gap_s + 2 * o_.guard_slack_s);
  return when < k.expires ? when : kInf;
}

std::optional<TimePoint> GatherPolicy::due_at(int t) const {
  if (t < 0 || static_cast<std::size_t>(t) >= due_.size() || std::isnan(due_[t])) return std::nullopt;
  return at_s(due_[t]);
}

std::optional<TimePoint> GatherPolicy::rest_until(int c) const {
  if (c < 0 || static_cast<std::size_t>(c) >= creds_.size() || !std::isfinite(creds_[c].rest_until)) return std::nullopt;
  return at_s(creds_[c].rest_until);
}

bool GatherPolicy::reserve(int c, TimePoint at) {
  if (c < 0 || static_cast<std::size_t>(c) >= creds_.size()) return false;
  const double s = secs(at);
  if (!has_room(c, s)) return false;
  creds_[c].window.push_back(s);
  creds_[c].last_sent = s;
  return true;
}

void GatherPolicy::refused(int c, double sent, double known, double retry_after_s) {
  auto& k = creds_[c];
  const auto& ci = w_.credentials[c];
  std::uniform_real_distribution<double> jitter(1.0, 1.25);
  if (sent < k.refused_known) {
    // Sent before the last refusal was known: the same burst, already answered.
    k.rest_until = std::max(k.rest_until, known + retry_after_s);
    return;
  }
  if (retry_after_s > 0) {
    // The platform said how long (a Telegram flood wait's "retry after N", a Retry-After): rest
    // exactly that, no more, and honour half the budget from now on.
    k.rest_until = known + retry_after_s;
    k.scale = std::max(k.scale / 2, 1.0 / std::max(1, ci.requests));
    k.scale_at = known;
    k.refused_known = known;
    return;
  }
  // The ban's length is unknown: rest a window, doubling on each refusal in a row, jittered so
  // that credentials refused together do not come back together. And honour half the budget
  // from now on.
  k.backoff_s = k.backoff_s > 0 ? std::min(2 * k.backoff_s, o_.max_rest_s) : ci.window_s;
  k.rest_until = known + k.backoff_s * jitter(rng_);
  k.scale = std::max(k.scale / 2, 1.0 / std::max(1, ci.requests));
  k.scale_at = known;
  k.refused_known = known;
}

void GatherPolicy::credential_refused(int c, TimePoint at, double retry_after_s, bool logged_out) {
  if (c < 0 || static_cast<std::size_t>(c) >= creds_.size()) return;
  const double s = secs(at);
  if (logged_out) creds_[c].dead = true;
  else refused(c, s, s, retry_after_s);
  replan_ = true;
}

double GatherPolicy::min_gap(int t) const {
  const double pin = w_.targets[t].pinned_interval_s;
  return pin > 0 ? pin : w_.min_interval_s;
}

void GatherPolicy::push(int t, double when, double ideal) {
  due_[t] = when;
  due_ideal_[t] = ideal;
  heap_.set(t, when, ideal);
}

// Smooth weighted round-robin over the target's planned shares, among credentials with room:
// over time each credential serves its x_tc/f_t part of the target's fetches, evenly interleaved.
// Every third fetch of a target whose platform shows sessions more (fans-only posts) goes through
// a session when one has room, whatever the plan split: a post only a session can see must not
// wait on the anonymous budget's luck.
int GatherPolicy::choose(int t, double s) {
  int c = choose_planned(t, s);
  if (!w_.targets[t].sessions_see_more || c < 0) return c;
  const bool anonymous = w_.credentials[c].scope == Scope::anonymous;
  if (anonymous && anonymous_run_[t] >= 2) {
    int session = -1;
    for (int k : cands(t))
      if (w_.credentials[k].scope != Scope::anonymous && has_room(k, s)) {
        session = k;
        break;
      }
    if (session >= 0) c = session;
  }
  anonymous_run_[t] = w_.credentials[c].scope == Scope::anonymous
                          ? static_cast<std::uint8_t>(std::min(anonymous_run_[t] + 1, 255))
                          : std::uint8_t{0};
  return c;
}

int GatherPolicy::choose_planned(int t, double s) {
  auto& sh = shares_[t];
  auto fill = [&](int c) { return static_cast<double>(creds_[c].window.size()) / w_.credentials[c].requests; };
  // Affinity: a sticky credential that has read t before, the least-filled one with room.
  int reader = -1;
  for (int c : readers_[t])
    if (has_room(c, s) && (reader < 0 || fill(c) < fill(reader))) reader = c;
  if (reader >= 0) return reader;
  // Every reader is full: wait for the first to have room if it comes within half the target's
  // interval (one uneven gap) rather than spend a resolve on a new one.
  reader_wait_ = kInf;
  if (!readers_[t].empty()) {
    double soonest = kInf;
    for (int c : readers_[t]) {
      // A resting reader counts too: its rest (a flood wait) may end soon enough.
      if (creds_[c].dead || s >= creds_[c].expires) continue;
      const double when = room_at(c, s);
      if (when < creds_[c].expires) soonest = std::min(soonest, when);
    }
    const double interval = rate_[t] > 0 ? 1 / rate_[t] : o_.gap_margin * w_.max_interval_s;
    if (soonest - s <= interval / 2) {
      reader_wait_ = soonest;
      return -1;
    }
  }
  // Least-filled window first: the coarse windows (a handful of requests each) are what makes a
  // due target wait, so keep every credential's window as empty as the plan allows; among equals
  // the round-robin credit keeps each credential near its planned share x_tc/f_t.
  auto better = [&](const Share& a, const Share& b) {
    double fa = fill(a.credential), fb = fill(b.credential);
    if (fa != fb) return fa < fb;
    return a.credit > b.credit;
  };
  double total = 0;
  int best = -1;
  for (std::size_t i = 0; i < sh.size(); ++i) {
    if (!has_room(sh[i].credential, s)) continue;
    sh[i].credit += sh[i].fraction;
    total += sh[i].fraction;
    if (best < 0 || better(sh[i], sh[static_cast<std::size_t>(best)])) best = static_cast<int>(i);
  }
  if (best >= 0) {
    sh[static_cast<std::size_t>(best)].credit -= total;
    return sh[static_cast<std::size_t>(best)].credential;
  }
  // No planned credential has room (a burst, or the plan is stale): any useful credential with
  // room, the one with the most room left, rather than let the target slip.
  int fb = -1;
  double fb_room = -1;
  for (int c : cands(t)) {
    if (!has_room(c, s)) continue;
    const auto& ci = w_.credentials[c];
    double room = static_cast<double>(ci.requests - static_cast<int>(creds_[c].window.size())) / ci.requests;
    if (room > fb_room) {
      fb_room = room;
      fb = c;
    }
  }
  return fb;
}

double GatherPolicy::next_event_after(double s) const {
  double period = oracle_ ? o_.plan_period_s : o_.learn_plan_period_s;
  double next = (std::floor(s / period) + 1) * period;
  for (const auto& k : creds_) {
    if (k.dead) continue;
    if (k.expires > s) next = std::min(next, k.expires);
    if (k.rest_until > s) next = std::min(next, k.rest_until);
  }
  return next;
}

void GatherPolicy::plan(double s) {
  last_plan_ = s;
  replan_ = false;
  next_plan_ = next_event_after(s);
  const auto nt = w_.targets.size();
  const auto nc = w_.credentials.size();

  std::vector<int> index(nt, -1), included;
  AllocationProblem p;
  std::vector<int> cred_of;  // problem credential -> world credential
  for (std::size_t c = 0; c < nc; ++c) {
    if (!usable(static_cast<int>(c), s)) continue;
    std::vector<int> reach;
    for (int t : w_.credentials[c].reach) {
      if (t < 0 || static_cast<std::size_t>(t) >= nt || !delivers(w_, static_cast<int>(c), t)) continue;
      if (index[t] < 0) {
        index[t] = static_cast<int>(included.size());
        included.push_back(t);
      }
      reach.push_back(index[t]);
    }
    if (reach.empty()) continue;
    p.budget.push_back(o_.budget_safety * w_.credentials[c].budget_per_s() * creds_[c].scale);
    p.reach.push_back(std::move(reach));
    cred_of.push_back(static_cast<int>(c));
  }
  std::vector<double> season(w_.platforms.size(), 1.0);
  if (!oracle_ && o_.diurnal_profile)
    for (std::size_t k = 0; k < season.size() && k < profiles_.size(); ++k)
      season[k] = profiles_[k].factor(clock(s), clock(next_plan_));
  for (int t : included) {
    // A pinned target takes exactly its pinned rate: a zero λ draws nothing beyond the bound.
    const double pin = w_.targets[t].pinned_interval_s;
    const int platform = w_.targets[t].platform;
    const double seasonal = platform >= 0 && static_cast<std::size_t>(platform) < season.size() ? season[platform] : 1;
    p.rate.push_back(pin > 0 ? 0 : rate_for_plan(t, s, next_plan_, seasonal));
    p.min_fetch_rate.push_back(pin > 0 ? 1 / pin : 1 / (o_.gap_margin * w_.max_interval_s));
  }

  std::fill(rate_.begin(), rate_.end(), 0.0);
  for (auto& v : shares_) v.clear();
  if (!included.empty()) {
    // Best effort when the lower bounds cannot all be met: the solver scales them down evenly.
    Allocation a = solve_allocation(p);
    for (std::size_t k = 0; k < included.size(); ++k) rate_[included[k]] = a.fetch_rate[k];
    for (std::size_t pc = 0; pc < a.per_credential.size(); ++pc)
      for (auto [k, x] : a.per_credential[pc]) {
        int t = included[k];
        if (x > 0 && rate_[t] > 0) shares_[t].push_back({cred_of[pc], x / rate_[t], 0});
      }
  }

  // Re-key the queued targets to the new rates: ideal time = last fetch + 1/f (now if past).
  for (std::size_t t = 0; t < nt; ++t) {
    // In flight, paging back, or backing off from its own failures (a re-key would cut it short).
    if (!std::isnan(inflight_ideal_[t]) || cands(t).empty() || failures_[t] > 0 || chain_[t].page > 0) continue;
    double f = rate_[t];
    if (f <= 0) continue;  // keeps its slot; retried when a credential frees up
    double when;
    if (!std::isnan(last_[t])) when = std::max(s, last_[t] + std::max(1 / f, min_gap(static_cast<int>(t))));
    else if (!std::isnan(due_[t])) when = std::min(due_[t], s + 1 / f);
    else when = s + 1 / f;
    if (std::isnan(due_[t]) || when != due_[t]) push(static_cast<int>(t), when, when);
  }
}

std::optional<Fetch> GatherPolicy::next(TimePoint now) {
  const double ns = secs(now);
  for (;;) {
    // Empty means every target has lost all its credentials for good (a resting credential
    // keeps its targets queued at its rest's end), or is in flight.
    if (heap_.empty()) return std::nullopt;
    const double top = heap_.top().when;
    if (replan_ || next_plan_ <= std::max(top, ns)) {
      plan(replan_ ? ns : std::max(next_plan_, ns));
      continue;
    }
    const auto [d, ideal, t] = heap_.pop();
    due_[t] = std::numeric_limits<double>::quiet_NaN();
    const double s = std::max(snap(std::max(d, ns)), ns);
    auto& chain = chain_[t];
    if (chain.page > 0) {
      // A page back goes with the chain's credential: another would serve another audience.
      const int c = chain.credential;
      if (c >= 0 && has_room(c, s)) return take_slot(t, c, s, ideal, chain.page);
      const double when = c >= 0 ? room_at(c, s) : kInf;
      if (std::isfinite(when) && when - s < w_.max_interval_s / 4) {
        push(t, std::max(when, s + 1e-6), ideal);
        continue;
      }
      // Its credential is gone or far from room: the chain ends, the target returns to its grid.
      const double resume = std::max(chain.resume, s);
      chain = {};
      push(t, resume, resume);
      continue;
    }
    reader_wait_ = kInf;
    int c = choose(t, s);
    if (c >= 0) return take_slot(t, c, s, ideal, 0);
    if (std::isfinite(reader_wait_)) {
      push(t, std::max(reader_wait_, s + 1e-6), ideal);
      continue;
    }
    double retry = kInf;
    for (int k : cands(t)) retry = std::min(retry, room_at(k, s));
    if (std::isfinite(retry)) push(t, std::max(retry, s + 1e-6), ideal);
    // else every credential of t is gone for good: the target is dropped.
  }
}

// A decision counts against its credential's window when it is made: the guard must hold even if
// every decision of a burst is sent at once.
Fetch GatherPolicy::take_slot(int t, int c, double s, double ideal, int page) {
  auto& k = creds_[c];
  k.window.push_back(s);
  k.last_sent = s;
  inflight_ideal_[t] = ideal;
  inflight_slot_[t] = s;
  return Fetch{t, c, at_s(s), page};
}

// A decision never sent (held by the driver and given back) spent nothing on the platform. Kept,
// its entry would push the credential's next room later on every give-back: a driver that asks
// again after each result would starve the target it keeps giving back.
void GatherPolicy::refund(int c, double slot) {
  auto& k = creds_[c];
  for (auto it = k.window.rbegin(); it != k.window.rend(); ++it)
    if (*it == slot) {
      k.window.erase(std::next(it).base());
      break;
    }
  if (k.last_sent == slot) {
    k.last_sent = -1e300;  // as never sent
    for (double w : k.window) k.last_sent = std::max(k.last_sent, w);
  }
}

void GatherPolicy::on_result(const FetchResult& r) {
  const int t = r.fetch.target;
  const int c = r.fetch.credential;  // -1: removed from the world while the fetch was out
  const double s = secs(r.fetch.at);
  double ideal = inflight_ideal_[t];
  const double inflight_ideal_before = std::isnan(ideal) ? s : ideal;
  inflight_ideal_[t] = std::numeric_limits<double>::quiet_NaN();
  const double slot = inflight_slot_[t];
  inflight_slot_[t] = std::numeric_limits<double>::quiet_NaN();
  if (std::isnan(ideal) || ideal > s) ideal = s;
  const double f = rate_[t];
  const double interval = f > 0 ? 1 / f : o_.gap_margin * w_.max_interval_s;
  std::uniform_real_distribution<double> jitter(1.0, 1.25);
  if (r.status != FetchStatus::ok && r.status != FetchStatus::skipped) chain_[t] = {};

  switch (r.status) {
    case FetchStatus::skipped:
      if (c >= 0 && !std::isnan(slot)) refund(c, slot);
      // A rider's ideal time may still lie ahead: it waits for it rather than going at once.
      push(t, std::max(s, inflight_ideal_before), inflight_ideal_before);
      return;
    case FetchStatus::expired:
      if (c >= 0) creds_[c].dead = true;
      replan_ = true;
      push(t, s, s);  // the target retries at once with another credential
      return;
    case FetchStatus::banned:
      if (c >= 0) refused(c, s, r.reported_at ? secs(*r.reported_at) : s, r.retry_after_s);
      replan_ = true;
      push(t, s, s);
      return;
    case FetchStatus::failed: {
      // The target's own trouble: it backs off (doubling from its interval, at most
      // max_interval, never sooner than Retry-After); the credential was fine.
      ++failures_[t];
      double wait = std::min(interval * std::ldexp(1.0, std::min(failures_[t], 20)), w_.max_interval_s);
      wait = std::max(r.retry_after_s, wait * jitter(rng_));
      push(t, s + wait, s + wait);
      return;
    }
    case FetchStatus::ok:
      break;
  }
  failures_[t] = 0;
  if (c >= 0 && w_.credentials[c].sticky) {
    auto& rd = readers_[t];
    if (std::find(rd.begin(), rd.end(), c) == rd.end()) rd.push_back(c);
  }
  if (c >= 0) {
    auto& k = creds_[c];
    k.backoff_s = 0;
    // Quiet for four windows: try a quarter more, up to what was configured.
    if (k.scale < 1 && s - k.scale_at >= 4 * w_.credentials[c].window_s) {
      k.scale = std::min(1.0, k.scale * 1.25);
      k.scale_at = s;
    }
  }
  auto& chain = chain_[t];
  if (r.fetch.page > 0) {
    // The posts a page back finds were published in time the newest page already covered: they
    // add to the count, not to the exposure.
    est_[t].posts += r.new_posts;
    if (r.page_full && r.fetch.page < o_.max_page_back && c >= 0) {
      chain.page = r.fetch.page + 1;
      push(t, s, ideal);
    } else {
      const double resume = std::max(chain.resume, s + min_gap(t));
      chain = {};
      push(t, resume, resume);
    }
    return;
  }
  chain = {};
  last_[t] = s;

  // What the fetch tells about λ_t: posts new to its audience over the time since that audience
  // last looked (a private audience also sees what shared fetches returned).
  double from = shared_seen_[t];
  if (c >= 0 && w_.credentials[c].scope == Scope::private_) {
    const auto& tenant = w_.credentials[c].tenant;
    auto& ps = private_seen_[t];
    auto it = std::find_if(ps.begin(), ps.end(), [&](const auto& e) { return e.first == tenant; });
    if (it == ps.end()) {
      ps.emplace_back(tenant, s);
    } else {
      from = std::max(from, it->second);
      it->second = s;
    }
  } else {
    shared_seen_[t] = s;
  }
  const double covered = std::max(0.0, s - from);
  // Covered time in the platform's average hours: a night counts for less.
  double season = 1;
  const int platform = w_.targets[t].platform;
  const bool profiled = !oracle_ && o_.diurnal_profile && platform >= 0 &&
                        static_cast<std::size_t>(platform) < profiles_.size() && covered > 0;
  if (profiled) season = profiles_[platform].factor(clock(from), clock(s));
  // Far more posts than the estimate expected (a busy target still on its prior, or a surge):
  // re-plan now rather than at the next period, or its page overflows in the meantime.
  const double expected = estimated_rate(t) * covered * season;
  if (!oracle_ && r.new_posts >= 3 + 3 * expected && s - last_plan_ >= kMinReplanGap_s) replan_ = true;
  auto& e = est_[t];
  const double decay = std::exp(-std::max(0.0, s - e.updated) / o_.forget_s);
  e.posts *= decay;
  e.exposure *= decay;
  e.updated = s;
  e.posts += r.new_posts;
  // A full page of new posts is censored: the rate is at least what was seen, so count it over
  // half the time (a deliberate over-estimate that the next fetch corrects).
  e.exposure += (r.page_full ? covered / 2 : covered) * season;
  if (profiled) profiles_[platform].observe(clock(from), clock(s), r.new_posts);

  // Next on the target's own grid (ideal + 1/f), not s + 1/f: a fetch that had to wait for a
  // credential then costs one uneven gap instead of lowering the target's rate for good. Never
  // sooner than half an interval, so a long wait does not turn into a burst.
  double next = std::max(ideal + interval, s + interval / 2);
  if (r.page_full && !oracle_) {
    // The rate is higher than planned: look again soon, and re-plan with the new estimate.
    next = s + std::clamp(covered / 4, 1.0, interval);
    if (s - last_plan_ >= kMinReplanGap_s) replan_ = true;
  }
  next = std::max(next, s + min_gap(t));
  if (r.page_full && o_.max_page_back > 0 && c >= 0 && w_.targets[t].pages_back) {
    // Some posts may have fallen off the page: fetch the page before it now.
    chain = Chain{1, c, next};
    push(t, s, s);
    return;
  }
  push(t, next, next);
}

// The riders are the targets of the lead's platform that its credential serves, soonest due
// first: a batched request answers for them anyway, so each is looked at now and goes back on
// its grid from here. The plan still prices each as a request of its own; what batching saves
// is spare budget, not a tighter schedule (the allocation has no notion of shared requests).
std::vector<Fetch> GatherPolicy::riders(const Fetch& lead, int limit) {
  std::vector<Fetch> out;
  const int c = lead.credential;
  if (limit <= 0 || lead.page > 0 || c < 0 || lead.target < 0) return out;
  const int platform = w_.targets[lead.target].platform;
  std::vector<std::pair<double, int>> ready;
  for (std::size_t u = 0; u < w_.targets.size(); ++u) {
    const int t = static_cast<int>(u);
    if (t == lead.target || w_.targets[u].platform != platform || !heap_.contains(t) || chain_[u].page > 0) continue;
    auto cs = cands(t);
    if (std::find(cs.begin(), cs.end(), c) == cs.end()) continue;
    ready.emplace_back(due_[u], t);
  }
  const auto n = std::min<std::size_t>(ready.size(), static_cast<std::size_t>(limit));
  std::partial_sort(ready.begin(), ready.begin() + static_cast<std::ptrdiff_t>(n), ready.end());
  for (std::size_t i = 0; i < n; ++i) {
    const int t = ready[i].second;
    inflight_ideal_[t] = due_ideal_[t];
    inflight_slot_[t] = std::numeric_limits<double>::quiet_NaN();
    heap_.erase(t);
    due_[t] = std::numeric_limits<double>::quiet_NaN();
    out.push_back(Fetch{t, c, lead.at});
  }
  return out;
}

std::unique_ptr<Policy> make_gather_policy(GatherOptions o) { return std::make_unique<GatherPolicy>(o); }

}  // namespace gather::policy
