#include "conveyor/conveyor.h"

#include <boost/asio/post.hpp>

#include <algorithm>
#include <spdlog/spdlog.h>

#include "conveyor/matcher.h"

namespace gather {

using std::chrono::milliseconds;

namespace {
FetchReport report_of(FetchReport::Kind kind) {
  FetchReport r;
  r.kind = kind;
  return r;
}
}  // namespace

Conveyor::Conveyor(boost::asio::io_context& io, boost::asio::thread_pool& workers, Store& store,
                   const Transports& transports,
                   FetchPlanner& planner, const Clock& clock, ConveyorOptions options,
                   std::function<void()> on_queued)
    : io_(io),
      workers_(workers),
      store_(store),
      transports_(transports),
      planner_(planner),
      clock_(clock),
      options_(std::move(options)),
      on_queued_(std::move(on_queued)),
      timer_(io) {}

void Conveyor::start() {
  sync_targets();
  pump();
}

// One round over every enabled target, anonymously and at full concurrency: `fetch --all`
// bypasses the planner (no budget spans a single command).
void Conveyor::run_once(std::function<void()> done) {
  once_ = true;
  on_idle_ = std::move(done);
  for (const auto& t : store_.targets())
    if (t.enabled) once_left_.insert(t.id);
  if (once_left_.empty()) {
    stopping_ = true;
    return boost::asio::post(io_, std::exchange(on_idle_, nullptr));
  }
  pump();
}

void Conveyor::stop(std::function<void()> idle) {
  stopping_ = true;
  timer_.cancel();
  if (in_flight_.empty()) {
    if (idle) idle();
    return;
  }
  on_idle_ = std::move(idle);
}

Store::Router Conveyor::router_for(Id target, Id audience) {
  auto subscriptions = std::make_shared<std::vector<Subscription>>(store_.subscriptions_of(target));
  return [subscriptions, audience](const Post& post) {
    std::vector<Id> ids;
    for (const auto& s : *subscriptions)
      if (s.enabled && (audience == kEveryone || s.subscriber.tenant_id == audience) && matches(s.filters, post))
        ids.push_back(s.id);
    return ids;
  };
}

void Conveyor::ingest_pushed(Id target_id, std::optional<Id> credential, std::vector<Post> posts) {
  if (posts.empty()) return;
  auto target = store_.target(target_id);
  if (!target || !target->enabled) return;
  FetchState state = store_.fetch_state(target_id);
  // Before the first fetch there is no baseline: that fetch decides what counts as new.
  if (!state.initialized) return;
  Id audience = kEveryone;
  if (credential)
    if (auto it = credentials_.find(*credential); it != credentials_.end() && it->second.scope == "private")
      audience = it->second.tenant_id;
  const auto now = clock_.now();
  IngestResult result;
  try {
    result = store_.ingest(state, posts, true, target->backfill, router_for(target_id, audience), now, audience);
  } catch (const std::exception& e) {
    spdlog::error("target {}: cannot store pushed posts: {}", target_id, e.what());
    return;
  }
  stats_.new_posts += static_cast<std::int64_t>(result.new_posts.size());
  stats_.pushed += static_cast<std::int64_t>(result.new_posts.size());
  stats_.queued += result.queued;
  const std::string label = target->name.empty() ? state.feed_title : target->name;
  for (auto it = result.new_posts.rbegin(); it != result.new_posts.rend(); ++it)
    spdlog::info("target {} ({}): new post {} {} (live)", target_id, label, it->title.empty() ? it->id : it->title,
                 it->url);
  if (result.queued > 0 && on_queued_) on_queued_();
}

void Conveyor::set_live(Id target, bool live) {
  const bool changed = live ? live_.insert(target).second : live_.erase(target) > 0;
  if (changed) synced_version_.reset();  // the planner hears of it at the next sync
}

void Conveyor::sync_targets() {
  last_sync_ = std::chrono::steady_clock::now();
  // Only another process changes targets under a running daemon; when nothing was committed
  // elsewhere there is nothing to re-read (this keeps a tick O(1) with many targets).
  std::int64_t version = store_.outside_changes();
  if (synced_version_ == version) return;
  synced_version_ = version;
  ScheduleInputs in;
  for (auto& t : store_.targets()) {
    if (!t.enabled) continue;
    TargetTraits& traits = in.traits[t.id];
    if (const Platform* p = find_platform(t.platform)) {
      traits.pages_back = p->pages_back();
      traits.sessions_see_more = p->sessions_see_more();
      traits.anonymous_reads = p->anonymous_reads(t) && !needs_session_.count(t.id);
    }
    traits.live = live_.count(t.id) > 0;
    in.targets.push_back(std::move(t));
  }
  try {
    in.credentials = store_.credentials();
  } catch (const std::exception& e) {
    // Without the secret key no cookie can be read: public targets go on anonymously.
    spdlog::error("credentials unavailable, fetching anonymously only: {}", e.what());
  }
  in.subscriptions = store_.subscriptions();
  in.states = store_.fetch_states();
  credentials_.clear();
  for (const auto& c : in.credentials) credentials_[c.id] = c;
  planner_.sync(in, clock_.now());
}

void Conveyor::pump() {
  if (stopping_) return;
  if (once_) {
    while (in_flight_.size() < options_.max_in_flight && !once_left_.empty()) {
      Id id = *once_left_.begin();
      once_left_.erase(once_left_.begin());
      fetch(PlannedFetch{id, std::nullopt, clock_.now()});
    }
    return;
  }
  if (std::chrono::steady_clock::now() - last_sync_ >= options_.resync_every) sync_targets();
  if (in_flight_.size() < options_.max_in_flight) {
    // Fetches due together on a platform that batches (and the same credential) go as one
    // request: the first leads, the rest ride with it.
    std::vector<PlannedFetch> leads;
    std::map<std::pair<std::string, std::optional<Id>>, Id> lead_of;
    for (const auto& planned : planner_.take_due(clock_.now(), options_.max_in_flight - in_flight_.size())) {
      if (in_flight_.count(planned.target)) {
        report(planned, report_of(FetchReport::Kind::kNotSent));
        continue;
      }
      auto target = store_.target(planned.target);
      const Platform* platform = target ? find_platform(target->platform) : nullptr;
      if (platform && platform->batch_limit() > 1 && planned.page == 0) {
        auto [at, fresh] = lead_of.try_emplace({target->platform, planned.credential}, planned.target);
        auto& riding = batch_with_[at->second];
        if (!fresh && riding.size() + 1 < platform->batch_limit()) {
          riding.push_back(planned);
          continue;
        }
        if (!fresh) at->second = planned.target;  // that batch is full: this one leads the next
      }
      leads.push_back(planned);
    }
    for (const auto& planned : leads) fetch(planned);
  }
  arm_timer();
}

void Conveyor::arm_timer() {
  if (stopping_ || once_) return;
  milliseconds wait = options_.resync_every;
  if (auto due = planner_.next_due(clock_.now()))
    wait = std::clamp(std::chrono::duration_cast<milliseconds>(*due - clock_.now()), milliseconds{0}, wait);
  timer_.expires_after(wait);
  timer_.async_wait([this](boost::system::error_code ec) {
    if (!ec) pump();
  });
}

const Credential* Conveyor::credential_of(const PlannedFetch& planned) const {
  if (!planned.credential) return nullptr;
  auto it = credentials_.find(*planned.credential);
  return it == credentials_.end() ? nullptr : &it->second;
}

void Conveyor::report(const PlannedFetch& planned, const FetchReport& report) {
  if (!once_) planner_.on_result(planned, report, clock_.now());
}

void Conveyor::fetch(const PlannedFetch& planned) {
  const Id target_id = planned.target;
  auto target = store_.target(target_id);
  const Credential* credential = credential_of(planned);
  if (!target || (planned.credential && !credential)) {
    // Removed by another process since the last sync: the next sync tells the planner.
    report(planned, report_of(FetchReport::Kind::kNotSent));
    release_riders(target_id);
    return;
  }
  FetchState state = store_.fetch_state(target_id);
  const Platform* platform = find_platform(target->platform);
  in_flight_.insert(target_id);
  if (!platform) {
    on_failed(planned, *target, std::move(state), FetchReport::Kind::kTargetError,
              "unknown platform " + target->platform, std::nullopt);
    return;
  }
  auto job = std::make_shared<RunningJob>();
  job->planned.push_back(planned);
  job->targets.push_back(JobTarget{*target, std::move(state)});
  if (planned.page == 0 && platform->batch_limit() > 1) add_riders(*job, *platform);
  if (planned.page > 0)
    if (auto newer = paging_.find(target_id); newer != paging_.end()) job->newer = newer->second;

  FetchContext& ctx = job->context;
  ctx.transports = &transports_;
  ctx.credential = credential;
  ctx.page = planned.page;
  ctx.newer = job->newer ? &*job->newer : nullptr;
  ctx.decorate = [this, planned](HttpRequest& request) { decorate(request, planned); };
  ctx.reserve_extra = [this, planned] { return planner_.reserve_extra(planned, clock_.now()); };
  ctx.unseen = [this, audience = audience_of(planned)](Id target, const std::vector<std::string>& ids) {
    return store_.unseen(target, audience, ids);
  };
  ctx.off_io = [this](std::function<void()> work, std::function<void()> then) {
    boost::asio::post(workers_, [this, work = std::move(work), then = std::move(then)]() mutable {
      work();
      boost::asio::post(io_, std::move(then));
    });
  };
  ctx.complete_truncated = !once_;
  ctx.now = clock_.now();
  job->job = platform->make_job(job->targets, credential);
  running_[target_id] = job;
  job->job->run(ctx, [this, target_id](JobResult result) {
    // The job may still be unwinding its last callback: it is destroyed after this turn.
    auto it = running_.find(target_id);
    if (it == running_.end()) return;
    auto finished = std::move(it->second);
    running_.erase(it);
    boost::asio::post(io_, [finished] {});
    book(*finished, std::move(result));
  });
}

// Riders of a batching platform: fetches taken due together with this lead (pump), then more
// from the planner (or, in a one-shot round, the rest of the round), up to the batch's limit.
void Conveyor::add_riders(RunningJob& job, const Platform& platform) {
  const PlannedFetch& lead = job.planned.front();
  std::vector<PlannedFetch> picks;
  if (auto riding = batch_with_.find(lead.target); riding != batch_with_.end()) {
    picks = std::move(riding->second);
    batch_with_.erase(riding);
  }
  const std::size_t more = platform.batch_limit() - 1;
  if (once_) {
    for (auto it = once_left_.begin(); it != once_left_.end() && picks.size() < more;) {
      auto other = store_.target(*it);
      if (other && other->platform == job.targets.front().target.platform) {
        picks.push_back(PlannedFetch{*it, lead.credential, lead.at});
        it = once_left_.erase(it);
      } else {
        ++it;
      }
    }
  } else if (picks.size() < more) {
    for (auto& pick : planner_.take_riders(lead, more - picks.size(), clock_.now())) picks.push_back(pick);
  }
  for (const auto& pick : picks) {
    auto other = store_.target(pick.target);
    if (!other || in_flight_.count(pick.target)) {
      report(pick, report_of(FetchReport::Kind::kNotSent));
      continue;
    }
    in_flight_.insert(pick.target);
    job.planned.push_back(pick);
    job.targets.push_back(JobTarget{*other, store_.fetch_state(pick.target)});
  }
}

// What came back, target by target (riders first, so the lead's finish() sees them done): a page
// is stored, 304 saved, risk control put on the credential, anything else on the target.
void Conveyor::book(RunningJob& job, JobResult result) {
  const PlannedFetch& lead = job.planned.front();
  if (result.extra_refused) {
    auto kind = effective_trouble(lead, result.extra_refused->outcome == Outcome::kSlowDown
                                            ? FetchReport::Kind::kSlowDown
                                            : FetchReport::Kind::kLoggedOut);
    FetchReport refused = report_of(kind);
    refused.retry_after = result.extra_refused->retry_after;
    planner_.extra_refused(lead, refused, clock_.now());
    record_trouble(lead, job.targets.front().target, kind, result.extra_refused->reason);
  }
  for (std::size_t n = job.targets.size(); n-- > 0;) {
    const PlannedFetch& planned = job.planned[n];
    const Target& target = job.targets[n].target;
    FetchState state = std::move(job.targets[n].state);
    TargetOutcome* out = nullptr;
    for (auto& o : result.targets)
      if (o.target_id == target.id) out = &o;
    if (!out || !out->fetched) {
      // Never asked for: a rider whose lead was refused, or a page back with nothing to start from.
      if (planned.page > 0) paging_.erase(target.id);
      report(planned, report_of(planned.page > 0 ? FetchReport::Kind::kNothingNew : FetchReport::Kind::kNotSent));
      finish(target.id);
      continue;
    }
    const Classified& c = out->classified;
    if (c.needs_session && !planned.credential) {
      // Not the target's failure but this path's: the planner re-plans the target over the
      // credentials that can read it, at once, with no backoff (none can: status says why).
      if (needs_session_.insert(target.id).second) {
        spdlog::info("target {} ({}): anonymous access cannot read it ({}); only logged-in credentials will",
                     target.id, target.key, c.reason);
        synced_version_.reset();
      }
      state.last_fetch_at = clock_.now();
      state.last_error = c.reason + "; only a logged-in credential can read it";
      report(planned, report_of(FetchReport::Kind::kNotSent));
      save(target, state);
      finish(target.id);
      continue;
    }
    switch (c.outcome) {
      case Outcome::kPage:
        if (out->page) {
          state.platform_state = std::move(out->platform_state);
          store_page(planned, target, std::move(state), c, std::move(*out->page));
        } else {
          on_failed(planned, target, std::move(state), FetchReport::Kind::kTargetError, "no page", std::nullopt);
        }
        break;
      case Outcome::kNotModified: {
        ++stats_.fetches;
        ++stats_.not_modified;
        auto now = clock_.now();
        if (!state.last_error.empty()) spdlog::info("target {}: fetching again", target.id);
        state.last_fetch_at = state.last_ok_at = now;
        state.last_error.clear();
        state.consecutive_errors = 0;
        ++state.fetches;
        report(planned, report_of(FetchReport::Kind::kNothingNew));
        state.next_fetch_at = planner_.due(target.id);
        save(target, state);
        finish(target.id);
        break;
      }
      case Outcome::kSlowDown:
        on_credential_trouble(planned, target, std::move(state), FetchReport::Kind::kSlowDown, c.reason,
                              c.retry_after);
        break;
      case Outcome::kLoggedOut:
        on_credential_trouble(planned, target, std::move(state), FetchReport::Kind::kLoggedOut, c.reason,
                              c.retry_after);
        break;
      default:
        on_failed(planned, target, std::move(state), FetchReport::Kind::kTargetError, c.reason, c.retry_after);
    }
  }
}

void Conveyor::decorate(HttpRequest& req, const PlannedFetch& planned) const {
  req.user_agent = options_.user_agent;
  req.proxy = options_.proxy;
  req.timeout = options_.fetch_timeout;
  req.max_body = options_.max_body;
  if (const Credential* credential = credential_of(planned); credential && credential->kind == "cookie")
    req.cookie = credential->secret;
}

// Tenant isolation: what a private credential fetched is for its owner's audience alone.
Id Conveyor::audience_of(const PlannedFetch& planned) const {
  const Credential* credential = credential_of(planned);
  return credential && credential->scope == "private" ? credential->tenant_id : kEveryone;
}

void Conveyor::store_page(const PlannedFetch& planned, const Target& target, FetchState state,
                          const Classified& classified, Page page) {
  ++stats_.fetches;
  auto now = clock_.now();
  if (!state.last_error.empty()) spdlog::info("target {}: fetching again", target.id);
  bool first = !state.initialized;
  state.last_fetch_at = state.last_ok_at = now;
  state.last_error.clear();
  state.consecutive_errors = 0;
  ++state.fetches;
  state.initialized = true;
  if (planned.page == 0) {  // an older page's validators say nothing about the newest
    state.etag = classified.validators.etag;
    state.last_modified = classified.validators.last_modified;
  }
  if (!page.feed.title.empty()) state.feed_title = page.feed.title;

  // Tenant isolation: what a private credential fetched goes only to its owner's subscriptions,
  // and counts as seen only for that audience (a shared fetch must still bring it to the rest).
  const Id audience = audience_of(planned);
  const Store::Router route = router_for(target.id, audience);
  if (!store_.target(target.id)) {
    spdlog::info("target {} was removed while being fetched; its page is dropped", target.id);
    report(planned, report_of(FetchReport::Kind::kNotSent));
    return finish(target.id);
  }
  // ingest() writes seen posts, outbox entries and the state (initialized) in one transaction, so a
  // crash can never turn a later fetch into a silent "first fetch"; next_fetch_at follows below.
  IngestResult result;
  try {
    result = store_.ingest(state, page.posts, !first, target.backfill, route, now, audience);
  } catch (const std::exception& e) {
    spdlog::error("target {}: cannot store fetched posts: {}", target.id, e.what());
    return on_failed(planned, target, std::move(state), FetchReport::Kind::kTargetError,
                     std::string("store: ") + e.what(), std::nullopt);
  }
  const auto fresh = result.new_posts.size();
  FetchReport fetched = report_of(fresh == 0 ? FetchReport::Kind::kNothingNew : FetchReport::Kind::kNewPosts);
  fetched.new_posts = static_cast<int>(fresh);
  // Every post of the page new: some may have fallen off it. The planner looks again soon.
  fetched.page_full = !first && fresh >= 2 && fresh == page.posts.size();
  if (fetched.page_full) paging_[target.id] = std::move(page);
  else paging_.erase(target.id);
  report(planned, fetched);
  state.posts_seen += static_cast<std::int64_t>(fresh);
  if (fresh > 0) state.last_new_at = now;
  state.next_fetch_at = planner_.due(target.id);
  save(target, state);

  stats_.new_posts += static_cast<std::int64_t>(fresh);
  stats_.queued += result.queued;
  std::string label = target.name.empty() ? state.feed_title : target.name;
  if (first) {
    spdlog::info("target {} ({}): first fetch recorded {} posts, pushed {}", target.id, label, fresh, result.queued);
  } else {
    // Oldest first, the order they were published and are delivered in.
    for (auto it = result.new_posts.rbegin(); it != result.new_posts.rend(); ++it)
      spdlog::info("target {} ({}): new post {} {}", target.id, label, it->title.empty() ? it->id : it->title, it->url);
  }
  if (result.queued > 0 && on_queued_) on_queued_();
  finish(target.id);
}

void Conveyor::on_failed(const PlannedFetch& planned, const Target& target, FetchState state,
                         FetchReport::Kind kind, const std::string& reason,
                         std::optional<std::chrono::seconds> retry_after) {
  ++stats_.fetches;
  ++stats_.errors;
  auto now = clock_.now();
  // Logged when the error changes, not on every retry.
  if (state.last_error != reason) spdlog::warn("target {} ({}): {}; backing off", target.id, target.key, reason);
  state.last_fetch_at = now;
  state.last_error = reason;
  ++state.consecutive_errors;
  ++state.fetches;
  FetchReport failed = report_of(kind);
  failed.retry_after = retry_after;
  report(planned, failed);
  state.next_fetch_at = planner_.due(target.id);
  save(target, state);
  finish(target.id);
}

void Conveyor::on_credential_trouble(const PlannedFetch& planned, const Target& target, FetchState state,
                                     FetchReport::Kind kind, const std::string& reason,
                                     std::optional<std::chrono::seconds> retry_after) {
  ++stats_.fetches;
  ++stats_.errors;
  auto now = clock_.now();
  state.last_fetch_at = now;
  ++state.fetches;
  kind = effective_trouble(planned, kind);
  FetchReport refused = report_of(kind);
  refused.retry_after = retry_after;
  report(planned, refused);
  // Not the target's fault: its error count is left alone, and it is due again at once with
  // another credential if one can serve it.
  state.next_fetch_at = planner_.due(target.id);
  save(target, state);
  record_trouble(planned, target, kind, reason);
  finish(target.id);
}

// The anonymous budget has no session to lose: a login wall there (Weibo's visitor page) means
// "not now, not like this", so it rests rather than being dropped for good.
FetchReport::Kind Conveyor::effective_trouble(const PlannedFetch& planned, FetchReport::Kind kind) const {
  return kind == FetchReport::Kind::kLoggedOut && !planned.credential ? FetchReport::Kind::kSlowDown : kind;
}

// What the planner decided goes to the log and the credential's row (what `cred ls` shows).
void Conveyor::record_trouble(const PlannedFetch& planned, const Target& target, FetchReport::Kind kind,
                              const std::string& reason) {
  const Credential* credential = credential_of(planned);
  const std::string who = credential ? "credential " + std::to_string(credential->id)
                                     : "the anonymous budget of " + target.platform;
  try {
    if (kind == FetchReport::Kind::kLoggedOut) {
      spdlog::warn("{} is logged out ({}); it is no longer used", who, reason);
      if (credential) {
        const Credential gone = *credential;
        credentials_.erase(gone.id);
        store_.set_credential_state(gone.id, "expired", std::nullopt, reason);
        notify_owner(gone, reason);
      }
    } else {
      auto until = planner_.resting_until(planned);
      spdlog::warn("{} told to slow down ({}); it rests{}", who, reason,
                   until ? " until " + format_rfc3339(*until) : std::string());
      if (credential) store_.set_credential_state(credential->id, "cooldown", until, reason);
    }
  } catch (const std::exception& e) {
    spdlog::error("{}: cannot record its state: {}", who, e.what());
  }
}

// The owner learns through their own subscriptions: a notice is queued like a post, so it
// reaches them by the same sinks, exactly once.
void Conveyor::notify_owner(const Credential& credential, const std::string& reason) {
  Post notice;
  notice.id = "gather/credential-expired/" + std::to_string(credential.id);
  notice.author = "gather";
  notice.categories = {"gather-notice"};
  notice.title = "gather: credential " + std::to_string(credential.id) + " (" + credential.platform +
                 ") is logged out";
  const std::string id = std::to_string(credential.id);
  notice.text = "The platform answered: " + reason + ". It is no longer used. " +
                (credential.kind == "account"
                     ? "Log the account in again: `gather cred rm " + id + "`, then `gather cred add --platform " +
                           credential.platform + " --phone ...`."
                     : "Add a fresh cookie with `gather cred add --platform " + credential.platform +
                           " ...` and remove this one with `gather cred rm " + id + "`.");
  notice.published = clock_.now();
  int queued = store_.queue_notice(credential.tenant_id, notice, clock_.now());
  if (queued == 0)
    spdlog::warn("credential {}: its owner (tenant {}) has no subscription to tell", credential.id,
                 credential.tenant_id);
  else if (on_queued_)
    on_queued_();
}

void Conveyor::save(const Target& target, const FetchState& state) {
  try {
    if (store_.target(target.id)) store_.save_fetch_state(state);
  } catch (const std::exception& e) {
    spdlog::error("target {}: cannot save fetch state: {}", target.id, e.what());
  }
}

// Riders picked for a lead that never sent its request go back to their own time.
void Conveyor::release_riders(Id lead) {
  auto riding = batch_with_.find(lead);
  if (riding == batch_with_.end()) return;
  auto riders = std::move(riding->second);
  batch_with_.erase(riding);
  for (const auto& r : riders) report(r, report_of(FetchReport::Kind::kNotSent));
}

void Conveyor::finish(Id target_id) {
  release_riders(target_id);
  in_flight_.erase(target_id);
  if (once_ && once_left_.empty() && in_flight_.empty() && on_idle_) return std::exchange(on_idle_, nullptr)();
  if (stopping_) {
    if (in_flight_.empty() && on_idle_) std::exchange(on_idle_, nullptr)();
    return;
  }
  pump();
}

}  // namespace gather
