// Drives targets from "due" to "posts queued in the outbox". Runs on the io_context thread;
// parsing runs on the worker pool and comes back to the io thread for the store write, so the
// store keeps a single writer. The planner says which target to fetch with which credential;
// the conveyor sends the credential's cookie, routes a private credential's posts only to its
// owner's subscriptions, and turns risk-control answers into the credential's state.
#pragma once

#include <boost/asio/io_context.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/thread_pool.hpp>

#include <chrono>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <set>

#include "core/clock.h"
#include "net/http_client.h"
#include "platforms/fetch_job.h"
#include "platforms/platform.h"
#include "schedule/fetch_planner.h"
#include "store/store.h"

namespace gather {

struct ConveyorOptions {
  std::size_t max_in_flight = 32;  // fetches and parses together: the conveyor's bound
  std::string user_agent = "gather/0.1";
  std::string proxy;
  std::chrono::milliseconds fetch_timeout{std::chrono::seconds{20}};
  std::size_t max_body = 8u << 20;
  // How often the store is re-read for targets added or removed by another process (the CLI).
  std::chrono::milliseconds resync_every{std::chrono::seconds{2}};
};

struct ConveyorStats {
  std::int64_t fetches = 0, not_modified = 0, errors = 0, new_posts = 0, queued = 0;
  std::int64_t pushed = 0;  // of new_posts, those that came by a live channel rather than a fetch
};

class Conveyor {
 public:
  // `on_queued` runs after a fetch queued deliveries (wire it to OutboxWorker::poke).
  Conveyor(boost::asio::io_context& io, boost::asio::thread_pool& workers, Store& store, const Transports& transports,
           FetchPlanner& planner, const Clock& clock, ConveyorOptions options, std::function<void()> on_queued);

  // Plans every enabled target from its persisted schedule (overdue ones at once) and runs.
  void start();
  // Fetches every enabled target once, now, with full concurrency; `done` when all finished.
  void run_once(std::function<void()> done);
  // Starts no new fetch; `idle` runs once in-flight fetches and parses are finished.
  void stop(std::function<void()> idle);

  std::size_t in_flight() const { return in_flight_.size(); }

  // Posts a live channel brought for a target (an account's updateNewMessage), read with
  // `credential` (its scope picks the audience, as for a fetch). Ingested like a fetched page:
  // what the store has seen is dropped, so a post both pushed and fetched arrives once.
  void ingest_pushed(Id target, std::optional<Id> credential, std::vector<Post> posts);
  // A live channel covers `target` (or no longer does): the planner polls it only slowly.
  void set_live(Id target, bool live);
  const ConveyorStats& stats() const { return stats_; }

 private:
  void sync_targets();
  Store::Router router_for(Id target, Id audience);
  void pump();
  void arm_timer();
  // Hands the planned fetch (and riders of a batching platform) to its platform's job.
  void fetch(const PlannedFetch& planned);
  struct RunningJob {
    std::vector<PlannedFetch> planned;  // the lead first, then its riders
    std::vector<JobTarget> targets;     // in the same order
    std::optional<Page> newer;          // a page back starts below this page
    FetchContext context;
    std::unique_ptr<FetchJob> job;
  };
  void add_riders(RunningJob& job, const Platform& platform);
  // Outcome bookkeeping: what the job found goes to the store, the planner and the credential.
  void book(RunningJob& job, JobResult result);
  void store_page(const PlannedFetch& planned, const Target& target, FetchState state, const Classified& classified,
                  Page page);
  // The settings every request carries, and the credential's cookie.
  void decorate(HttpRequest& request, const PlannedFetch& planned) const;
  Id audience_of(const PlannedFetch& planned) const;
  void on_failed(const PlannedFetch& planned, const Target& target, FetchState state, FetchReport::Kind kind,
                 const std::string& reason, std::optional<std::chrono::seconds> retry_after);
  // Risk control's word on the credential used: it rests (kSlowDown) or is logged out.
  void on_credential_trouble(const PlannedFetch& planned, const Target& target, FetchState state,
                             FetchReport::Kind kind, const std::string& reason,
                             std::optional<std::chrono::seconds> retry_after);
  FetchReport::Kind effective_trouble(const PlannedFetch& planned, FetchReport::Kind kind) const;
  void record_trouble(const PlannedFetch& planned, const Target& target, FetchReport::Kind kind,
                      const std::string& reason);
  void notify_owner(const Credential& credential, const std::string& reason);
  void report(const PlannedFetch& planned, const FetchReport& report);
  void finish(Id target_id);
  void release_riders(Id lead);
  const Credential* credential_of(const PlannedFetch& planned) const;
  // Writes the state unless the target was removed meanwhile (another process may `target rm`);
  // a store failure is logged, never thrown into the event loop.
  void save(const Target& target, const FetchState& state);

  boost::asio::io_context& io_;
  boost::asio::thread_pool& workers_;
  Store& store_;
  const Transports& transports_;
  FetchPlanner& planner_;
  const Clock& clock_;
  ConveyorOptions options_;
  std::function<void()> on_queued_;
  boost::asio::steady_timer timer_;
  std::map<Id, Credential> credentials_;  // as of the last sync: cookies, owners, scopes
  std::set<Id> once_left_;  // run_once: targets not yet fetched
  // The last page of a target that came back full of unseen posts: the next page back starts
  // below it.
  std::map<Id, Page> paging_;
  std::set<Id> in_flight_;  // targets being fetched or parsed
  std::map<Id, std::shared_ptr<RunningJob>> running_;  // by lead target
  // Fetches taken due together with a lead on a batching platform, until the lead's request goes.
  std::map<Id, std::vector<PlannedFetch>> batch_with_;
  bool stopping_ = false;
  bool once_ = false;
  std::function<void()> on_idle_;
  std::chrono::steady_clock::time_point last_sync_{};
  std::set<Id> live_;  // targets a live channel covers
  std::set<Id> needs_session_;  // targets anonymous access found it cannot read (this run)
  std::optional<std::int64_t> synced_version_;  // Store::outside_changes() at the last sync
  ConveyorStats stats_;
};

}  // namespace gather
