// Drains the outbox: hands due entries to sinks, at most one in flight per subscription (so a
// subscriber sees posts in order) and `max_in_flight` overall, and records every answer in the
// store before the next step. That ordering is what makes delivery at-least-once, and the sinks'
// idempotency (jsonl's tail check, webhook's key) is what makes it exactly-once to the receiver.
#pragma once

#include <boost/asio/steady_timer.hpp>

#include <chrono>
#include <functional>
#include <map>
#include <memory>
#include <set>

#include "deliver/sink.h"
#include "store/store.h"

namespace gather {

struct OutboxOptions {
  std::size_t max_in_flight = 16;
  int max_attempts = 8;
  std::chrono::milliseconds retry_base{std::chrono::seconds{2}};
  std::chrono::milliseconds retry_cap{std::chrono::minutes{10}};
  // How often to look at the outbox when nothing pokes the worker (entries due for a retry).
  std::chrono::milliseconds idle_poll{std::chrono::seconds{1}};
  // Delivered entries are kept this long (for `gather status` and forensics), then pruned.
  std::chrono::hours keep_delivered{24 * 7};
};

struct OutboxStats {
  std::int64_t delivered = 0;
  std::int64_t failed_attempts = 0;
  std::int64_t dead = 0;
};

// Makes the sink for a subscriber; the registry's make_sink unless a test scripts its own.
using SinkFactory = std::function<std::unique_ptr<Sink>(const Subscriber&, SinkContext&)>;

class OutboxWorker {
 public:
  OutboxWorker(Store& store, SinkContext& context, OutboxOptions options = {}, SinkFactory factory = make_sink);
  // Puts back what a dead process left mid-send, then starts delivering.
  void start();
  // New entries were queued: look now rather than at the next poll.
  void poke();
  // Starts no new sends; `idle` runs once nothing is in flight (at once if nothing is).
  void stop(std::function<void()> idle);
  std::size_t in_flight() const { return busy_subscriptions_.size(); }
  const OutboxStats& stats() const { return stats_; }

  // The wait before try number `attempts + 1` (exposed for tests).
  std::chrono::milliseconds backoff(int attempts) const;
  static std::string idempotency_key(Id subscription, const std::string& post_id);

 private:
  void pump();
  void prune_if_due();
  void arm_timer();
  void send(const OutboxEntry& entry);
  void finish(const OutboxEntry& entry, const DeliveryResult& result);
  Sink& sink_for(const Subscription& subscription);

  // What one send keeps alive until its answer: the Delivery's references point into it.
  struct Parts {
    Subscription subscription;
    Target target;
    Post post;
    std::string message;
    RenderedMessage rendered;
  };

  Store& store_;
  SinkContext& context_;
  OutboxOptions options_;
  SinkFactory factory_;
  boost::asio::steady_timer timer_;
  bool stopping_ = false;
  bool pumping_ = false;
  bool again_ = false;
  std::function<void()> on_idle_;
  std::set<Id> busy_subscriptions_;
  std::map<Id, std::unique_ptr<Sink>> sinks_;  // by subscriber id
  std::map<Id, std::string> failing_;          // subscription → last error already logged
  TimePoint last_prune_{};
  OutboxStats stats_;
};

}  // namespace gather
