#include "deliver/outbox_worker.h"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <cmath>

#include <boost/json/parse.hpp>

#include "core/digest.h"
#include "core/post_json.h"
#include "deliver/sink_kind.h"

namespace gather {

using std::chrono::milliseconds;

OutboxWorker::OutboxWorker(Store& store, SinkContext& context, OutboxOptions options, SinkFactory factory)
    : store_(store), context_(context), options_(options), factory_(std::move(factory)), timer_(context.io) {}

void OutboxWorker::start() {
  if (int n = store_.recover_interrupted())
    spdlog::info("outbox: {} deliveries were interrupted by a stop; resending (receivers dedup them)", n);
  pump();
}

void OutboxWorker::poke() {
  if (!stopping_) pump();
}

void OutboxWorker::stop(std::function<void()> idle) {
  stopping_ = true;
  timer_.cancel();
  if (busy_.empty()) {
    if (idle) idle();
    return;
  }
  on_idle_ = std::move(idle);
}

milliseconds OutboxWorker::backoff(int attempts) const {
  double wait = static_cast<double>(options_.retry_base.count()) * std::pow(2.0, std::clamp(attempts - 1, 0, 30));
  return milliseconds{static_cast<milliseconds::rep>(std::min(wait, static_cast<double>(options_.retry_cap.count())))};
}

std::string OutboxWorker::idempotency_key(Id subscription, const std::string& post_id) {
  return sha256_hex(std::to_string(subscription) + "\n" + post_id).substr(0, 32);
}

void OutboxWorker::pump() {
  if (stopping_) return;
  // A sink that answers at once (jsonl) re-enters pump() through finish(); rather than recurse,
  // note it and go round again, so a subscriber's next entry goes out without waiting a tick.
  if (pumping_) {
    again_ = true;
    return;
  }
  pumping_ = true;
  std::optional<TimePoint> paced_until;
  do {
    again_ = false;
    paced_until.reset();
    if (busy_.size() >= options_.max_in_flight) break;
    auto now = context_.clock.now();
    // Lanes held by pacing come back from the store as due; ask for enough to see past them.
    auto due = store_.due_deliveries(now, options_.max_in_flight - busy_.size() + last_start_.size());
    for (const auto& entry : due) {
      if (stopping_ || busy_.size() >= options_.max_in_flight) break;
      auto subscription = store_.subscription(entry.subscription_id);
      if (!subscription) continue;  // removed meanwhile; the cascade removes its entries
      const Subscriber& who = subscription->subscriber;
      if (busy_.count(who.id)) continue;
      const Pacing& p = pacing(who.kind);
      TimePoint ready = now;
      if (auto last = last_start_.find(who.id); last != last_start_.end())
        ready = std::max(ready, last->second + p.gap);
      if (auto next = kind_next_.find(who.kind); next != kind_next_.end()) ready = std::max(ready, next->second);
      if (ready > now) {
        paced_until = paced_until ? std::min(*paced_until, ready) : ready;
        continue;
      }
      last_start_[who.id] = now;
      if (p.interval.count() > 0)
        kind_next_[who.kind] = now + std::chrono::duration_cast<TimePoint::duration>(p.interval);
      send(entry, *subscription);
    }
  } while (again_ && !stopping_);
  pumping_ = false;
  prune_if_due();
  arm_timer(paced_until);
}

void OutboxWorker::prune_if_due() {
  auto now = context_.clock.now();
  if (now - last_prune_ < std::chrono::hours{1}) return;
  last_prune_ = now;
  if (int n = store_.prune_delivered(now - options_.keep_delivered))
    spdlog::debug("outbox: pruned {} deliveries older than {}h", n, options_.keep_delivered.count());
}

void OutboxWorker::arm_timer(std::optional<TimePoint> paced_until) {
  next_wake_ = paced_until;
  if (stopping_) return;
  auto now = context_.clock.now();
  if (auto next = store_.next_delivery_time(now)) next_wake_ = next_wake_ ? std::min(*next_wake_, *next) : *next;
  milliseconds wait = options_.idle_poll;
  if (next_wake_) {
    // Rounded up: waking a hair early would find nothing due and re-arm for a zero wait.
    auto until = std::chrono::ceil<milliseconds>(*next_wake_ - now);
    wait = std::clamp(until, milliseconds{0}, options_.idle_poll);
  }
  timer_.expires_after(wait);
  timer_.async_wait([this](boost::system::error_code ec) {
    if (!ec) pump();
  });
}

const OutboxWorker::Pacing& OutboxWorker::pacing(const std::string& kind) {
  if (auto it = pacing_.find(kind); it != pacing_.end()) return it->second;
  Pacing p;
  double rate = 0;
  try {
    const SinkKind& k = sink_kind(kind);
    p.gap = k.subscriber_gap;
    rate = k.kind_rate;
  } catch (const std::invalid_argument&) {
    // An unknown kind fails in send(), with the error recorded on the entry.
  }
  if (auto o = context_.settings.pacing.find(kind); o != context_.settings.pacing.end()) {
    if (o->second.gap) p.gap = *o->second.gap;
    if (o->second.rate) rate = *o->second.rate;
  }
  if (rate > 0) p.interval = std::chrono::duration_cast<std::chrono::nanoseconds>(std::chrono::duration<double>(1.0 / rate));
  return pacing_.emplace(kind, p).first->second;
}

void OutboxWorker::send(const OutboxEntry& head, const Subscription& subscription) {
  const Id who = subscription.subscriber.id;
  Sink* sink = nullptr;
  std::vector<OutboxEntry> entries{head};
  try {
    sink = &sink_for(subscription.subscriber);
    if (std::size_t most = sink->max_batch(); most > 1) {
      auto now = context_.clock.now();
      for (auto& e : store_.pending_of_subscriber(who, most)) {
        if (e.id == head.id) continue;
        if (e.next_attempt_at > now) break;  // one in backoff: what follows it waits too (order)
        entries.push_back(std::move(e));
      }
    }
  } catch (const std::exception& e) {
    // No sink could be made (a bad address stored by an older release): nothing can help.
    store_.mark_sending(head.id);
    OutboxEntry held = head;
    held.attempts += 1;
    finish_one(held, DeliveryResult{false, e.what(), true, std::nullopt});
    again_ = true;
    return;
  }

  auto batch = std::make_shared<Batch>();
  bool answered = false;  // some entry got its answer here (a render failure)
  for (const auto& entry : entries) {
    std::optional<Subscription> sub = entry.subscription_id == subscription.id
                                          ? std::optional<Subscription>(subscription)
                                          : store_.subscription(entry.subscription_id);
    auto target = store_.target(entry.target_id);
    if (!sub || !target) continue;  // removed meanwhile; the cascade removes its entries
    store_.mark_sending(entry.id);
    auto parts = std::make_unique<Parts>();
    parts->entry = entry;
    parts->entry.attempts += 1;
    parts->subscription = std::move(*sub);
    parts->target = std::move(*target);
    try {
      parts->post = post_from_json(boost::json::parse(entry.payload));
      parts->message = "{\"subscription\":" + std::to_string(entry.subscription_id) +
                       ",\"target\":" + std::to_string(entry.target_id) + ",\"post\":" + entry.payload + "}";
      parts->rendered = context_.render(parts->post, parts->target, parts->subscription,
                                        sink_kind(parts->subscription.subscriber.kind).default_theme);
    } catch (const std::exception& e) {
      finish_one(parts->entry, DeliveryResult{false, e.what(), true, std::nullopt});
      answered = true;
      continue;
    }
    batch->parts.push_back(std::move(parts));
  }
  if (batch->parts.empty()) {
    // The lane is free again: look at its next entry (but not at the same one, untouched).
    if (answered) again_ = true;
    return;
  }
  for (const auto& p : batch->parts)
    batch->deliveries.push_back(Delivery{p->entry, p->subscription, p->message,
                                         idempotency_key(p->entry.subscription_id, p->entry.post_id), p->target,
                                         p->post, p->rendered});
  busy_.insert(who);
  auto done = [this, batch, who](DeliveryResult result) {
    std::vector<OutboxEntry> sent;
    for (const auto& p : batch->parts) sent.push_back(p->entry);
    finish(who, sent, result);
  };
  try {
    if (batch->deliveries.size() == 1) sink->deliver(batch->deliveries.front(), done);
    else sink->deliver_batch(batch->deliveries, done);
  } catch (const std::exception& e) {
    done(DeliveryResult{false, e.what(), true, std::nullopt});
  }
}

void OutboxWorker::finish(Id subscriber, const std::vector<OutboxEntry>& entries, const DeliveryResult& result) {
  busy_.erase(subscriber);
  for (const auto& entry : entries) finish_one(entry, result);
  if (stopping_) {
    if (busy_.empty() && on_idle_) std::exchange(on_idle_, nullptr)();
    return;
  }
  pump();
}

void OutboxWorker::finish_one(const OutboxEntry& entry, const DeliveryResult& result) {
  auto now = context_.clock.now();
  if (result.ok) {
    store_.mark_delivered(entry.id, now);
    ++stats_.delivered;
    if (failing_.erase(entry.subscription_id))
      spdlog::info("subscription {}: delivering again", entry.subscription_id);
    return;
  }
  ++stats_.failed_attempts;
  bool dead = result.permanent || entry.attempts >= options_.max_attempts;
  milliseconds wait = backoff(entry.attempts);
  if (result.retry_after) wait = std::max(wait, milliseconds{*result.retry_after});
  store_.mark_failed(entry.id, result.error, now + wait, dead);
  if (dead) {
    ++stats_.dead;
    spdlog::error("subscription {}: post {} dead-lettered after {} tries: {}", entry.subscription_id, entry.post_id,
                  entry.attempts, result.error);
  } else if (failing_[entry.subscription_id] != result.error) {
    // Once per distinct error, not once per retry.
    failing_[entry.subscription_id] = result.error;
    spdlog::warn("subscription {}: delivery failed ({}); retrying with backoff", entry.subscription_id, result.error);
  }
}

Sink& OutboxWorker::sink_for(const Subscriber& subscriber) {
  auto& slot = sinks_[subscriber.id];
  if (!slot) slot = factory_(subscriber, context_);
  return *slot;
}

}  // namespace gather
