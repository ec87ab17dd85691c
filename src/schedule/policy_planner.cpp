#include "schedule/policy_planner.h"

#include <algorithm>
#include <set>

#include "schedule/gather_policy.h"

namespace gather {

namespace {

double seconds_of(std::chrono::milliseconds d) { return std::chrono::duration<double>(d).count(); }

std::string credential_key(const Credential& c) { return "c" + std::to_string(c.id); }
std::string anonymous_key(const std::string& platform) { return "anon:" + platform; }

}  // namespace

PolicyPlanner::PolicyPlanner(ScheduleOptions options) : options_(std::move(options)) {
  policy::GatherOptions o;
  o.guard_slack_s = seconds_of(options_.send_slack);
  o.seed = options_.seed;
  policy_ = policy::make_gather_policy(o);
}

PolicyPlanner::~PolicyPlanner() = default;

void PolicyPlanner::sync(const ScheduleInputs& in, TimePoint now) {
  // A decision held for later was made against the old indices: give it back first.
  if (held_) {
    policy::FetchResult r{*held_, policy::FetchStatus::skipped};
    held_.reset();
    policy_->on_result(r);
  }

  policy::World w;
  w.start = started_ ? world_.start : now;
  w.max_interval_s = seconds_of(options_.max_interval);
  w.min_interval_s = seconds_of(options_.min_interval);

  std::map<std::string, int> platform_index;
  std::map<Id, std::optional<TimePoint>> last_fetch;
  for (const auto& s : in.states) last_fetch[s.target_id] = s.last_ok_at;
  std::map<Id, std::vector<std::string>> audiences;
  for (const auto& s : in.subscriptions)
    if (s.enabled) audiences[s.target_id].push_back(std::to_string(s.subscriber.tenant_id));

  std::vector<Id> target_ids;
  std::unordered_map<Id, int> target_index;
  std::map<std::string, std::vector<int>> by_platform;
  std::map<std::string, std::vector<int>> public_by_platform;  // what the anonymous budget can read
  for (const auto& t : in.targets) {
    if (!t.enabled) continue;
    auto [pi, added] = platform_index.try_emplace(t.platform, static_cast<int>(w.platforms.size()));
    if (added) w.platforms.push_back(t.platform);
    policy::TargetInfo info;
    info.id = std::to_string(t.id);
    info.platform = pi->second;
    info.subscriber_tenants = audiences[t.id];
    const auto traits_it = in.traits.find(t.id);
    const TargetTraits traits = traits_it != in.traits.end() ? traits_it->second : TargetTraits{};
    if (t.interval) info.pinned_interval_s = seconds_of(*t.interval);
    // A live chat's posts arrive pushed; its fetches are only a safety net, as slow as allowed,
    // so the budget goes to targets nothing pushes.
    else if (traits.live) info.pinned_interval_s = w.max_interval_s;
    info.pages_back = traits.pages_back;
    info.sessions_see_more = traits.sessions_see_more;
    info.is_public = traits.anonymous_reads;
    if (auto it = last_fetch.find(t.id); it != last_fetch.end() && it->second && *it->second < w.start)
      info.last_fetch = it->second;
    target_index[t.id] = static_cast<int>(w.targets.size());
    by_platform[t.platform].push_back(static_cast<int>(w.targets.size()));
    if (info.is_public) public_by_platform[t.platform].push_back(static_cast<int>(w.targets.size()));
    target_ids.push_back(t.id);
    w.targets.push_back(std::move(info));
  }

  std::vector<std::optional<Id>> credential_ids;
  std::unordered_map<std::string, int> credential_index;
  auto add = [&](policy::CredentialInfo info, std::optional<Id> id) {
    credential_index[info.id] = static_cast<int>(w.credentials.size());
    credential_ids.push_back(id);
    w.credentials.push_back(std::move(info));
  };
  for (const auto& [platform, targets] : by_platform) {
    // Every platform has an anonymous budget for its public targets.
    auto it = options_.anonymous.find(platform);
    const RateLimit& limit = it != options_.anonymous.end() ? it->second : options_.default_anonymous;
    policy::CredentialInfo info;
    info.id = anonymous_key(platform);
    info.platform = platform_index[platform];
    info.scope = policy::Scope::anonymous;
    info.requests = limit.requests;
    info.window_s = seconds_of(limit.window);
    info.reach = public_by_platform[platform];
    add(std::move(info), std::nullopt);
  }
  for (const auto& c : in.credentials) {
    if (c.state == "expired" || c.state == "banned" || c.kind == "anonymous" || !c.secret_error.empty()) continue;
    auto pit = platform_index.find(c.platform);
    if (pit == platform_index.end()) continue;  // no target of its platform yet
    policy::CredentialInfo info;
    info.id = credential_key(c);
    info.platform = pit->second;
    info.tenant = std::to_string(c.tenant_id);
    info.scope = c.scope == "private" ? policy::Scope::private_ : policy::Scope::shared;
    const bool own_limit = c.limit_requests > 0 && c.limit_window.count() > 0;
    info.requests = own_limit ? c.limit_requests : options_.default_credential.requests;
    info.window_s = seconds_of(own_limit ? c.limit_window : options_.default_credential.window);
    info.min_gap_s = seconds_of(c.min_gap);
    // A logged-in account's chat ids are its own (each new chat costs it a resolve): a target
    // stays on the accounts that already read it.
    info.sticky = c.kind == "account";
    if (c.state == "cooldown" && c.state_until && *c.state_until > now) info.rest_until = c.state_until;
    if (c.all_targets) {
      info.reach = by_platform[c.platform];
    } else {
      for (Id t : c.target_ids)
        if (auto ti = target_index.find(t); ti != target_index.end()) info.reach.push_back(ti->second);
    }
    add(std::move(info), c.id);
  }

  world_ = w;
  target_ids_ = std::move(target_ids);
  target_index_ = std::move(target_index);
  credential_ids_ = std::move(credential_ids);
  credential_index_ = std::move(credential_index);
  if (!started_) {
    policy_->start(world_);
    started_ = true;
  } else {
    policy_->update(world_, now);
  }
  // Fetches of targets that are gone report nowhere; the rest keep their place by id.
  for (auto it = out_.begin(); it != out_.end();)
    it = target_index_.count(it->first) ? std::next(it) : out_.erase(it);
}

std::optional<PlannedFetch> PolicyPlanner::to_planned(const policy::Fetch& f) const {
  if (f.target < 0 || static_cast<std::size_t>(f.target) >= target_ids_.size()) return std::nullopt;
  return PlannedFetch{target_ids_[f.target], credential_ids_[f.credential], f.at, f.page};
}

std::optional<TimePoint> PolicyPlanner::next_due(TimePoint now) {
  if (!started_) return std::nullopt;
  give_back_stale(now);
  if (!held_) held_ = policy_->next(now);
  if (!held_) return std::nullopt;
  return held_->at;
}

// The policy counted a held decision against its credential's window at the decided instant;
// sent much later (the conveyor was full), the platform would count it later than the guard
// did. Such a decision is given back and made again.
void PolicyPlanner::give_back_stale(TimePoint now) {
  if (held_ && held_->at + options_.send_slack / 2 < now) {
    policy::FetchResult back{*held_, policy::FetchStatus::skipped};
    held_.reset();
    policy_->on_result(back);
  }
}

std::vector<PlannedFetch> PolicyPlanner::take_due(TimePoint now, std::size_t limit) {
  std::vector<PlannedFetch> due;
  if (!started_) return due;
  give_back_stale(now);
  while (due.size() < limit) {
    if (!held_) held_ = policy_->next(now);
    if (!held_ || held_->at > now) break;
    policy::Fetch f = *held_;
    held_.reset();
    auto planned = to_planned(f);
    if (!planned) continue;
    out_[planned->target] = Sent{world_.credentials[f.credential].id, f.at, f.page};
    due.push_back(*planned);
  }
  return due;
}

std::vector<PlannedFetch> PolicyPlanner::take_riders(const PlannedFetch& lead, std::size_t limit, TimePoint) {
  std::vector<PlannedFetch> riders;
  auto sent = out_.find(lead.target);
  auto ti = target_index_.find(lead.target);
  if (!started_ || limit == 0 || sent == out_.end() || ti == target_index_.end()) return riders;
  auto ci = credential_index_.find(sent->second.credential);
  if (ci == credential_index_.end()) return riders;
  policy::Fetch f{ti->second, ci->second, sent->second.at, sent->second.page};
  for (const auto& r : policy_->riders(f, static_cast<int>(limit))) {
    auto planned = to_planned(r);
    if (!planned || out_.count(planned->target)) continue;
    out_[planned->target] = Sent{sent->second.credential, r.at, r.page};
    riders.push_back(*planned);
  }
  return riders;
}

void PolicyPlanner::report(Id target, const Sent& sent, policy::FetchStatus status, const FetchReport& r,
                           TimePoint reported_at) {
  auto ti = target_index_.find(target);
  if (ti == target_index_.end()) return;
  auto ci = credential_index_.find(sent.credential);
  policy::FetchResult result;
  result.fetch = policy::Fetch{ti->second, ci == credential_index_.end() ? -1 : ci->second, sent.at, sent.page};
  result.status = status;
  result.new_posts = r.new_posts;
  result.page_full = r.page_full;
  result.retry_after_s = r.retry_after ? static_cast<double>(r.retry_after->count()) : 0.0;
  result.reported_at = reported_at;
  policy_->on_result(result);
  // A decision held for later was the policy's earliest before this result; the result may have
  // made an earlier one (the target just fetched is due again sooner than a slow, pinned one).
  // Holding on would make every target wait for the held one: give it back, ask again. Only
  // after a fetch that went through: a refusal re-plans the credential, and its held decision
  // is the policy's to keep.
  if (held_ && status == policy::FetchStatus::ok) {
    policy::FetchResult back{*held_, policy::FetchStatus::skipped};
    held_.reset();
    policy_->on_result(back);
  }
}

void PolicyPlanner::on_result(const PlannedFetch& fetch, const FetchReport& r, TimePoint now) {
  auto it = out_.find(fetch.target);
  if (it == out_.end()) return;  // its target was removed meanwhile
  Sent sent = it->second;
  out_.erase(it);
  using K = FetchReport::Kind;
  policy::FetchStatus status = policy::FetchStatus::ok;
  switch (r.kind) {
    case K::kNewPosts:
    case K::kNothingNew: status = policy::FetchStatus::ok; break;
    case K::kSlowDown: status = policy::FetchStatus::banned; break;
    case K::kLoggedOut: status = policy::FetchStatus::expired; break;
    case K::kTargetError: status = policy::FetchStatus::failed; break;
    case K::kNotSent: status = policy::FetchStatus::skipped; break;
  }
  // A decision held for later may have been made while this fetch's outcome was unknown (a
  // credential now resting): give it back so the next decision sees the outcome.
  if (held_ && status != policy::FetchStatus::ok) {
    policy::FetchResult back{*held_, policy::FetchStatus::skipped};
    held_.reset();
    policy_->on_result(back);
  }
  report(fetch.target, sent, status, r, now);
}

bool PolicyPlanner::reserve_extra(const PlannedFetch& fetch, TimePoint now) {
  auto it = out_.find(fetch.target);
  // Only while the fetch it belongs to is out: its credential is known by its policy id then.
  if (it == out_.end()) return false;
  auto ci = credential_index_.find(it->second.credential);
  return ci != credential_index_.end() && policy_->reserve(ci->second, now);
}

void PolicyPlanner::extra_refused(const PlannedFetch& fetch, const FetchReport& report, TimePoint now) {
  auto it = out_.find(fetch.target);
  if (it == out_.end()) return;
  auto ci = credential_index_.find(it->second.credential);
  if (ci == credential_index_.end()) return;
  const double retry = report.retry_after ? static_cast<double>(report.retry_after->count()) : 0.0;
  policy_->credential_refused(ci->second, now, retry, report.kind == FetchReport::Kind::kLoggedOut);
}

std::optional<TimePoint> PolicyPlanner::due(Id target) const {
  auto it = target_index_.find(target);
  if (it == target_index_.end()) return std::nullopt;
  if (held_ && held_->target == it->second) return held_->at;
  return policy_->due_at(it->second);
}

std::optional<TimePoint> PolicyPlanner::resting_until(const PlannedFetch& fetch) const {
  std::string key;
  if (fetch.credential) {
    key = "c" + std::to_string(*fetch.credential);
  } else if (auto t = target_index_.find(fetch.target); t != target_index_.end()) {
    key = anonymous_key(world_.platforms[world_.targets[t->second].platform]);
  }
  auto it = credential_index_.find(key);
  if (it == credential_index_.end()) return std::nullopt;
  return policy_->rest_until(it->second);
}

std::vector<Id> PolicyPlanner::credentials_in_use() const {
  std::vector<Id> ids;
  for (const auto& id : credential_ids_)
    if (id) ids.push_back(*id);
  return ids;
}

}  // namespace gather
