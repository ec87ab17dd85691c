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
  if (busy_subscriptions_.empty()) {
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
  // note it and go round again, so a subscription's next entry goes out without waiting a tick.
  if (pumping_) {
    again_ = true;
    return;
  }
  pumping_ = true;
  do {
    again_ = false;
    if (busy_subscriptions_.size() >= options_.max_in_flight) break;
    auto due = store_.due_deliveries(context_.clock.now(), options_.max_in_flight - busy_subscriptions_.size());
    for (const auto& entry : due)
      if (!stopping_ && !busy_subscriptions_.count(entry.subscription_id)) send(entry);
  } while (again_ && !stopping_);
  pumping_ = false;
  prune_if_due();
  arm_timer();
}

void OutboxWorker::prune_if_due() {
  auto now = context_.clock.now();
  if (now - last_prune_ < std::chrono::hours{1}) return;
  last_prune_ = now;
  if (int n = store_.prune_delivered(now - options_.keep_delivered))
    spdlog::debug("outbox: pruned {} deliveries older than {}h", n, options_.keep_delivered.count());
}

void OutboxWorker::arm_timer() {
  if (stopping_) return;
  milliseconds wait = options_.idle_poll;
  if (auto next = store_.next_delivery_time()) {
    auto until = std::chrono::duration_cast<milliseconds>(*next - context_.clock.now());
    wait = std::clamp(until, milliseconds{0}, options_.idle_poll);
  }
  timer_.expires_after(wait);
  timer_.async_wait([this](boost::system::error_code ec) {
    if (!ec) pump();
  });
}

void OutboxWorker::send(const OutboxEntry& entry) {
  auto subscription = store_.subscription(entry.subscription_id);
  if (!subscription) return;  // removed meanwhile; the cascade removes its entries
  auto target = store_.target(entry.target_id);
  if (!target) return;  // likewise
  store_.mark_sending(entry.id);
  busy_subscriptions_.insert(entry.subscription_id);
  auto held = std::make_shared<OutboxEntry>(entry);
  held->attempts += 1;
  try {
    auto parts = std::make_shared<Parts>(Parts{*subscription, *target, post_from_json(boost::json::parse(entry.payload)),
                                              "{\"subscription\":" + std::to_string(entry.subscription_id) +
                                                  ",\"target\":" + std::to_string(entry.target_id) +
                                                  ",\"post\":" + entry.payload + "}",
                                              {}});
    parts->rendered = context_.render(parts->post, parts->target, parts->subscription,
                                      sink_kind(parts->subscription.subscriber.kind).default_theme);
    Delivery delivery{*held,        parts->subscription, parts->message, idempotency_key(entry.subscription_id, entry.post_id),
                      parts->target, parts->post,         parts->rendered};
    sink_for(parts->subscription).deliver(delivery, [this, held, parts](DeliveryResult result) { finish(*held, result); });
  } catch (const std::exception& e) {
    finish(*held, DeliveryResult{false, e.what(), true, std::nullopt});
  }
}

void OutboxWorker::finish(const OutboxEntry& entry, const DeliveryResult& result) {
  busy_subscriptions_.erase(entry.subscription_id);
  auto now = context_.clock.now();
  if (result.ok) {
    store_.mark_delivered(entry.id, now);
    ++stats_.delivered;
    if (failing_.erase(entry.subscription_id))
      spdlog::info("subscription {}: delivering again", entry.subscription_id);
  } else {
    ++stats_.failed_attempts;
    bool dead = result.permanent || entry.attempts >= options_.max_attempts;
    milliseconds wait = backoff(entry.attempts);
    if (result.retry_after) wait = std::max(wait, milliseconds{*result.retry_after});
    store_.mark_failed(entry.id, result.error, now + wait, dead);
    if (dead) {
      ++stats_.dead;
      spdlog::error("subscription {}: post {} dead-lettered after {} tries: {}", entry.subscription_id,
                    entry.post_id, entry.attempts, result.error);
    } else if (failing_[entry.subscription_id] != result.error) {
      // Once per distinct error, not once per retry.
      failing_[entry.subscription_id] = result.error;
      spdlog::warn("subscription {}: delivery failed ({}); retrying with backoff", entry.subscription_id,
                   result.error);
    }
  }
  if (stopping_) {
    if (busy_subscriptions_.empty() && on_idle_) std::exchange(on_idle_, nullptr)();
    return;
  }
  pump();
}

Sink& OutboxWorker::sink_for(const Subscription& subscription) {
  auto& slot = sinks_[subscription.subscriber.id];
  if (!slot) slot = factory_(subscription.subscriber, context_);
  return *slot;
}

}  // namespace gather
