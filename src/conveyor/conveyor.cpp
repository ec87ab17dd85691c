#include "conveyor/conveyor.h"

#include <boost/asio/post.hpp>
#include <spdlog/spdlog.h>

#include "conveyor/matcher.h"

namespace gather {

using std::chrono::milliseconds;

Conveyor::Conveyor(boost::asio::io_context& io, boost::asio::thread_pool& workers, Store& store, HttpClient& http,
                   FetchPlanner& planner, const Clock& clock, ConveyorOptions options,
                   std::function<void()> on_queued)
    : io_(io),
      workers_(workers),
      store_(store),
      http_(http),
      planner_(planner),
      clock_(clock),
      options_(std::move(options)),
      on_queued_(std::move(on_queued)),
      timer_(io) {}

void Conveyor::start() {
  sync_targets();
  pump();
}

void Conveyor::run_once(std::function<void()> done) {
  once_ = true;
  on_idle_ = std::move(done);
  for (const auto& t : store_.targets())
    if (t.enabled) {
      planner_.add(t, std::nullopt, clock_.now());
      planned_[t.id] = t.interval;
    }
  if (planned_.empty()) {
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

void Conveyor::sync_targets() {
  last_sync_ = std::chrono::steady_clock::now();
  // Only another process changes targets under a running daemon; when nothing was committed
  // elsewhere there is nothing to re-read (this keeps a tick O(1) with many targets).
  std::int64_t version = store_.outside_changes();
  if (synced_version_ == version) return;
  synced_version_ = version;
  std::set<Id> wanted;
  for (const auto& t : store_.targets()) {
    if (!t.enabled) continue;
    wanted.insert(t.id);
    auto known = planned_.find(t.id);
    if (known != planned_.end() && known->second == t.interval) continue;
    // New, or its interval was changed (config edit, CLI): plan it from its saved schedule.
    planner_.add(t, store_.fetch_state(t.id).next_fetch_at, clock_.now());
    planned_[t.id] = t.interval;
  }
  for (auto it = planned_.begin(); it != planned_.end();) {
    if (wanted.count(it->first)) {
      ++it;
    } else {
      planner_.remove(it->first);
      it = planned_.erase(it);
    }
  }
}

void Conveyor::pump() {
  if (stopping_) return;
  if (!once_ && std::chrono::steady_clock::now() - last_sync_ >= options_.resync_every) sync_targets();
  if (in_flight_.size() < options_.max_in_flight)
    for (Id id : planner_.take_due(clock_.now(), options_.max_in_flight - in_flight_.size()))
      if (!in_flight_.count(id)) fetch(id);  // re-planned while in flight: its result reschedules it
  arm_timer();
}

void Conveyor::arm_timer() {
  if (stopping_ || once_) return;
  milliseconds wait = options_.resync_every;
  if (auto due = planner_.next_due())
    wait = std::clamp(std::chrono::duration_cast<milliseconds>(*due - clock_.now()), milliseconds{0}, wait);
  timer_.expires_after(wait);
  timer_.async_wait([this](boost::system::error_code ec) {
    if (!ec) pump();
  });
}

void Conveyor::fetch(Id target_id) {
  auto target = store_.target(target_id);
  if (!target) {
    planner_.remove(target_id);
    planned_.erase(target_id);
    return;
  }
  FetchState state = store_.fetch_state(target_id);
  const Platform* platform = find_platform(target->platform);
  in_flight_.insert(target_id);
  if (!platform) {
    on_failed(*target, std::move(state), FetchReport::Kind::kError, "unknown platform " + target->platform,
              std::nullopt);
    return;
  }
  HttpRequest req = platform->request_for(target->key, Validators{state.etag, state.last_modified});
  req.user_agent = options_.user_agent;
  req.proxy = options_.proxy;
  req.timeout = options_.fetch_timeout;
  req.max_body = options_.max_body;
  http_.fetch(std::move(req), [this, t = *target, state, platform](HttpResponse r) mutable {
    on_response(t, std::move(state), *platform, std::move(r));
  });
}

void Conveyor::on_response(const Target& target, FetchState state, const Platform& platform, HttpResponse response) {
  Classified c = platform.classify(response);
  switch (c.outcome) {
    case Outcome::kPage: {
      // Parsing is CPU work: off the io thread, then back to it for the single store writer.
      std::string base = response.effective_url.empty() ? target.key : response.effective_url;
      boost::asio::post(workers_, [this, target, state, c, &platform, body = std::move(response.body),
                                   base]() mutable {
        std::optional<Page> page;
        std::string error;
        try {
          page = platform.parse(body, base);
        } catch (const std::exception& e) {
          error = e.what();
        }
        boost::asio::post(io_, [this, target, state = std::move(state), c, page = std::move(page), error]() mutable {
          if (page) on_parsed(target, std::move(state), c, std::move(*page));
          else on_failed(target, std::move(state), FetchReport::Kind::kError, "parse: " + error, std::nullopt);
        });
      });
      return;
    }
    case Outcome::kNotModified: {
      ++stats_.fetches;
      ++stats_.not_modified;
      auto now = clock_.now();
      if (!state.last_error.empty()) spdlog::info("target {}: fetching again", target.id);
      state.last_fetch_at = state.last_ok_at = now;
      state.last_error.clear();
      state.consecutive_errors = 0;
      ++state.fetches;
      state.next_fetch_at = planner_.on_result(target.id, FetchReport{FetchReport::Kind::kNothingNew, 0, std::nullopt, 0}, now);
      save(target, state);
      return finish(target.id);
    }
    case Outcome::kRateLimited:
      return on_failed(target, std::move(state), FetchReport::Kind::kRateLimited, c.reason, c.retry_after);
    default:
      return on_failed(target, std::move(state), FetchReport::Kind::kError, c.reason, c.retry_after);
  }
}

void Conveyor::on_parsed(const Target& target, FetchState state, const Classified& classified, Page page) {
  ++stats_.fetches;
  auto now = clock_.now();
  if (!state.last_error.empty()) spdlog::info("target {}: fetching again", target.id);
  bool first = !state.initialized;
  state.last_fetch_at = state.last_ok_at = now;
  state.last_error.clear();
  state.consecutive_errors = 0;
  ++state.fetches;
  state.initialized = true;
  state.etag = classified.validators.etag;
  state.last_modified = classified.validators.last_modified;
  if (!page.feed.title.empty()) state.feed_title = page.feed.title;

  auto subscriptions = store_.subscriptions_of(target.id);
  auto route = [&](const Post& post) {
    std::vector<Id> ids;
    for (const auto& s : subscriptions)
      if (s.enabled && matches(s.filters, post)) ids.push_back(s.id);
    return ids;
  };
  if (!store_.target(target.id)) {
    spdlog::info("target {} was removed while being fetched; its page is dropped", target.id);
    return finish(target.id);
  }
  // ingest() writes seen posts, outbox entries and the state (initialized) in one transaction, so a
  // crash can never turn a later fetch into a silent "first fetch"; next_fetch_at follows below.
  IngestResult result;
  try {
    result = store_.ingest(state, page.posts, !first, target.backfill, route, now);
  } catch (const std::exception& e) {
    spdlog::error("target {}: cannot store fetched posts: {}", target.id, e.what());
    return on_failed(target, std::move(state), FetchReport::Kind::kError, std::string("store: ") + e.what(),
                     std::nullopt);
  }
  FetchReport report{result.new_posts.empty() ? FetchReport::Kind::kNothingNew : FetchReport::Kind::kNewPosts,
                     static_cast<int>(result.new_posts.size()), std::nullopt, 0};
  state.posts_seen += static_cast<std::int64_t>(result.new_posts.size());
  if (!result.new_posts.empty()) state.last_new_at = now;
  state.next_fetch_at = planner_.on_result(target.id, report, now);
  save(target, state);

  stats_.new_posts += static_cast<std::int64_t>(result.new_posts.size());
  stats_.queued += result.queued;
  std::string label = target.name.empty() ? state.feed_title : target.name;
  if (first) {
    spdlog::info("target {} ({}): first fetch recorded {} posts, pushed {}", target.id, label,
                 result.new_posts.size(), result.queued);
  } else {
    // Oldest first, the order they were published and are delivered in.
    for (auto it = result.new_posts.rbegin(); it != result.new_posts.rend(); ++it)
      spdlog::info("target {} ({}): new post {} {}", target.id, label, it->title.empty() ? it->id : it->title, it->url);
  }
  if (result.queued > 0 && on_queued_) on_queued_();
  finish(target.id);
}

void Conveyor::on_failed(const Target& target, FetchState state, FetchReport::Kind kind, const std::string& reason,
                         std::optional<std::chrono::seconds> retry_after) {
  ++stats_.fetches;
  ++stats_.errors;
  auto now = clock_.now();
  // Logged when the error changes, not on every retry.
  if (state.last_error != reason)
    spdlog::warn("target {} ({}): {}; backing off", target.id, target.key, reason);
  state.last_fetch_at = now;
  state.last_error = reason;
  ++state.consecutive_errors;
  ++state.fetches;
  state.next_fetch_at =
      planner_.on_result(target.id, FetchReport{kind, 0, retry_after, state.consecutive_errors}, now);
  save(target, state);
  finish(target.id);
}

void Conveyor::save(const Target& target, const FetchState& state) {
  try {
    if (store_.target(target.id)) store_.save_fetch_state(state);
  } catch (const std::exception& e) {
    spdlog::error("target {}: cannot save fetch state: {}", target.id, e.what());
  }
}

void Conveyor::finish(Id target_id) {
  in_flight_.erase(target_id);
  if (once_) {
    planner_.remove(target_id);
    planned_.erase(target_id);
    if (planned_.empty() && in_flight_.empty() && on_idle_) return std::exchange(on_idle_, nullptr)();
  }
  if (stopping_) {
    if (in_flight_.empty() && on_idle_) std::exchange(on_idle_, nullptr)();
    return;
  }
  pump();
}

}  // namespace gather
