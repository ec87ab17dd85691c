// Drains the outbox: hands due entries to sinks, at most one in flight per subscriber (a chat, a
// file, a hook: so a subscriber sees posts in order, even from several targets) and
// `max_in_flight` overall, and records every answer in the store before the next step. That
// ordering is what makes delivery at-least-once, and the sinks' idempotency (jsonl's tail check,
// webhook's key) is what makes it exactly-once to the receiver.
//
// Pacing, for receivers that limit senders (chat APIs): a subscriber's next message starts no
// sooner than its kind's `subscriber_gap` after its previous one started, and a kind starts at
// most `kind_rate` messages per second over all its subscribers. A retry_after from the receiver
// holds only that subscriber (its head entry waits, and the lane with it).
#pragma once

#include <boost/asio/steady_timer.hpp>

#include <chrono>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <vector>

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
  std::size_t in_flight() const { return busy_.size(); }
  const OutboxStats& stats() const { return stats_; }

  // The wait before try number `attempts + 1` (exposed for tests).
  std::chrono::milliseconds backoff(int attempts) const;
  // When the worker next has something to do by itself (an entry becomes due, a paced lane
  // opens), on the context's clock; nullopt when only a poke or an answer can bring work. Tests
  // with a ManualClock advance to it and poke, to run pacing in virtual time.
  std::optional<TimePoint> next_wake() const { return next_wake_; }
  static std::string idempotency_key(Id subscription, const std::string& post_id);

 private:
  struct Pacing {
    std::chrono::milliseconds gap{0};
    std::chrono::nanoseconds interval{0};  // 1 / kind_rate; 0 = no limit
  };
  // What one send keeps alive until its answer: the Delivery's references point into it.
  struct Parts {
    OutboxEntry entry;
    Subscription subscription;
    Target target;
    Post post;
    std::string message;
    RenderedMessage rendered;
  };
  struct Batch {
    std::vector<std::unique_ptr<Parts>> parts;
    std::vector<Delivery> deliveries;
  };

  void pump();
  void prune_if_due();
  void arm_timer(std::optional<TimePoint> paced_until);
  // Sends `head` (and, for a sink that merges, the subscriber's next pending entries with it).
  void send(const OutboxEntry& head, const Subscription& subscription);
  void finish(Id subscriber, const std::vector<OutboxEntry>& entries, const DeliveryResult& result);
  void finish_one(const OutboxEntry& entry, const DeliveryResult& result);
  Sink& sink_for(const Subscriber& subscriber);
  const Pacing& pacing(const std::string& kind);

  Store& store_;
  SinkContext& context_;
  OutboxOptions options_;
  SinkFactory factory_;
  boost::asio::steady_timer timer_;
  bool stopping_ = false;
  bool pumping_ = false;
  bool again_ = false;
  std::function<void()> on_idle_;
  std::set<Id> busy_;                                    // subscribers with a send in flight
  std::map<Id, TimePoint> last_start_;                   // subscriber → when its last send started
  std::map<std::string, TimePoint, std::less<>> kind_next_;  // kind → earliest next start
  std::map<std::string, Pacing, std::less<>> pacing_;
  std::map<Id, std::unique_ptr<Sink>> sinks_;  // by subscriber id
  std::map<Id, std::string> failing_;          // subscription → last error already logged
  std::optional<TimePoint> next_wake_;
  TimePoint last_prune_{};
  OutboxStats stats_;
};

}  // namespace gather
