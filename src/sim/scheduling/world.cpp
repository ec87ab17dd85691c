#include "sim/scheduling/world.h"

#include <algorithm>
#include <cmath>
#include <limits>

#include "sim/rng.h"

namespace gather::simsched {

std::vector<double> generate_posts(const Scenario& s, int t) {
  const auto& target = s.targets[t];
  std::vector<double> out;
  if (target.posts_s) {
    for (double x : *target.posts_s)
      if (x <= s.duration_s) out.push_back(x);
    return out;
  }
  double peak = target.rate_per_s * (1.0 + target.diurnal);
  if (peak <= 0) return out;
  sim::Rng rng(sim::mix64(s.seed, static_cast<std::uint64_t>(t), 0x706f737473ULL));  // "posts"
  double x = 0;
  for (;;) {
    x += rng.exponential(peak);
    if (x > s.duration_s) break;
    if (rng.uniform() * peak < s.rate_at(t, x)) out.push_back(x);
  }
  return out;
}

SimPlatform::SimPlatform(const Scenario& s) : s_(s) {
  const auto n = s.targets.size();
  posts_.resize(n);
  reach_.resize(n);
  delivered_hi_.resize(n);
  shared_hi_.assign(n, 0);
  chain_lo_.assign(n, 0);
  chain_seen_.assign(n, 0);
  private_hi_.resize(n);
  for (std::size_t t = 0; t < n; ++t) {
    posts_[t] = generate_posts(s, static_cast<int>(t));
    reach_[t].assign(posts_[t].size(), std::numeric_limits<double>::quiet_NaN());
    delivered_hi_[t].assign(s.targets[t].subscriber_tenants.size(), 0);
    private_hi_[t].assign(s.tenants.size(), 0);
  }
  window_.resize(s.credentials.size());
  banned_until_.assign(s.credentials.size(), -std::numeric_limits<double>::infinity());
  const auto nc = s.credentials.size();
  flood_until_.assign(nc, -std::numeric_limits<double>::infinity());
  flood_window_.resize(nc);
  flood_draws_.assign(nc, 0);
  resolve_window_.resize(nc);
  resolved_.resize(nc);
  for (std::size_t c = 0; c < nc; ++c)
    if (resolve_rule(static_cast<int>(c))) resolved_[c].assign(n, 0);
  // A live member receives every post as it is published, for every subscriber.
  for (std::size_t t = 0; t < n; ++t)
    if (s.targets[t].live) reach_[t] = posts_[t];
}

const FloodWaitRule* SimPlatform::flood_rule(int c) const {
  const auto& cred = s_.credentials[c];
  if (cred.scope == policy::Scope::anonymous || static_cast<std::size_t>(cred.platform) >= s_.rules.size()) return nullptr;
  const auto& r = s_.rules[cred.platform].flood_wait;
  return r ? &*r : nullptr;
}

const ResolveRule* SimPlatform::resolve_rule(int c) const {
  const auto& cred = s_.credentials[c];
  if (cred.scope == policy::Scope::anonymous || static_cast<std::size_t>(cred.platform) >= s_.rules.size()) return nullptr;
  const auto& r = s_.rules[cred.platform].resolve;
  return r ? &*r : nullptr;
}

FetchOutcome SimPlatform::fetch(int t, int c, double now, int page_back) {
  FetchOutcome out;
  const auto& cred = s_.credentials[c];
  if (cred.expires_at_s && now >= *cred.expires_at_s) {
    out.status = policy::FetchStatus::expired;
    return out;
  }
  // The platform sees every non-expired request, banned or not.
  auto& w = window_[c];
  while (!w.empty() && w.front() <= now - cred.window_s + kWindowSlack) w.pop_front();
  w.push_back(now);
  if (static_cast<int>(w.size()) > cred.requests) {
    out.violation = true;
    ++violations_;
    if (banned_until_[c] <= now) {
      out.ban_started = true;
      ++bans_;
    }
    banned_until_[c] = std::max(banned_until_[c], now + s_.ban_s);
  }
  if (out.violation || now < banned_until_[c]) {
    out.status = policy::FetchStatus::banned;
    return out;
  }

  if (const auto* fw = flood_rule(c)) {
    if (now < flood_until_[c]) {
      out.status = policy::FetchStatus::banned;
      out.in_flood = true;
      out.retry_after_s = flood_until_[c] - now;
      ++requests_in_flood_;
      return out;
    }
    bool over = false;
    if (fw->requests > 0) {
      auto& fwin = flood_window_[c];
      while (!fwin.empty() && fwin.front() <= now - fw->window_s + kWindowSlack) fwin.pop_front();
      fwin.push_back(now);
      over = static_cast<int>(fwin.size()) > fw->requests;
    }
    // One draw per request outside a flood wait, from a counter-based stream per credential:
    // the same account sees the same draws whatever the other accounts do.
    const std::uint64_t k = flood_draws_[c]++;
    bool drawn = false;
    if (fw->probability > 0) {
      sim::Rng rng(sim::mix64(s_.seed, static_cast<std::uint64_t>(c), k ^ 0x666c6f6f64ULL));  // "flood"
      drawn = rng.uniform() < fw->probability;
    }
    if (over || drawn) {
      flood_until_[c] = now + fw->wait_s;
      ++flood_waits_;
      out.status = policy::FetchStatus::banned;
      out.flood_started = true;
      out.retry_after_s = fw->wait_s;
      return out;
    }
  }

  if (resolve_rule(c) && !resolved_[c][t]) {
    const auto* rr = resolve_rule(c);
    auto& rw = resolve_window_[c];
    while (!rw.empty() && rw.front() <= now - rr->window_s + kWindowSlack) rw.pop_front();
    if (static_cast<int>(rw.size()) >= rr->requests) {
      ++failed_resolves_;
      out.status = policy::FetchStatus::failed;
      out.resolve_refused = true;
      // No retry_after: the wait concerns this account's resolves, not the target, which
      // another account (or this one, for chats it resolved) can still read.
      return out;
    }
    rw.push_back(now);
    resolved_[c][t] = 1;
    ++resolves_;
    out.resolved = true;
  }

  const auto& posts = posts_[t];
  std::size_t page = static_cast<std::size_t>(s_.page_size);
  const auto& subs = s_.targets[t].subscriber_tenants;
  auto& reach = reach_[t];
  if (page_back > 0) {
    // Older than what the chain returned last; unseen by the audience if below its watermark
    // from before the chain (everything between was on the chain's pages).
    std::size_t hi = chain_lo_[t];
    std::size_t lo = hi > page ? hi - page : 0;
    std::size_t seen = chain_seen_[t];
    out.new_posts = hi > std::max(lo, seen) ? static_cast<int>(hi - std::max(lo, seen)) : 0;
    out.page_full = hi - lo == page && seen <= lo && hi > 0;
    chain_lo_[t] = lo;
    bool anyone = false;
    for (std::size_t k = 0; k < subs.size(); ++k)
      anyone = anyone || cred.scope != policy::Scope::private_ || subs[k] == cred.tenant;
    if (anyone)
      for (std::size_t j = lo; j < hi; ++j)
        if (std::isnan(reach[j])) reach[j] = now;
    return out;
  }
  auto hi = static_cast<std::size_t>(std::upper_bound(posts.begin(), posts.end(), now) - posts.begin());
  std::size_t lo = hi > page ? hi - page : 0;

  // New to this fetch's audience: a private fetch also knows what shared fetches returned.
  std::size_t seen_hi = shared_hi_[t];
  if (cred.scope == policy::Scope::private_) seen_hi = std::max(seen_hi, private_hi_[t][cred.tenant]);
  if (s_.targets[t].live) seen_hi = std::max(seen_hi, hi);  // pushed already: nothing is new
  std::size_t from = std::max(lo, seen_hi);
  out.new_posts = hi > from ? static_cast<int>(hi - from) : 0;
  out.page_full = hi - lo == page && seen_hi <= lo && hi > 0;
  chain_lo_[t] = lo;
  chain_seen_[t] = seen_hi;
  if (cred.scope == policy::Scope::private_) private_hi_[t][cred.tenant] = std::max(private_hi_[t][cred.tenant], hi);
  else shared_hi_[t] = std::max(shared_hi_[t], hi);

  // Delivery to subscribers.
  for (std::size_t k = 0; k < subs.size(); ++k) {
    if (cred.scope == policy::Scope::private_ && subs[k] != cred.tenant) continue;
    auto& d = delivered_hi_[t][k];
    for (std::size_t j = std::max(lo, d); j < hi; ++j)
      if (std::isnan(reach[j])) reach[j] = now;
    d = std::max(d, hi);
  }
  return out;
}

}  // namespace gather::simsched
