// The delivery seam: one Sink per subscriber, made by the registry from its kind.
#pragma once

#include <boost/asio/io_context.hpp>

#include <chrono>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "core/clock.h"
#include "core/records.h"

namespace gather {

class HttpClient;

// One (subscription, post) to deliver. `message` is the JSON object the wire carries:
// {"subscription":ID,"target":ID,"post":{...}}.
struct Delivery {
  const OutboxEntry& entry;
  const Subscription& subscription;
  const std::string& message;
  // Stable across retries and restarts; receivers dedup on it.
  std::string idempotency_key;
};

struct DeliveryResult {
  bool ok = false;
  std::string error;      // one line when !ok
  bool permanent = false;  // retrying cannot help (e.g. HTTP 400): dead-letter now
  std::optional<std::chrono::seconds> retry_after;
};

class Sink {
 public:
  using Done = std::function<void(DeliveryResult)>;
  virtual ~Sink() = default;
  // `done` runs exactly once, on the io_context thread.
  virtual void deliver(const Delivery& delivery, Done done) = 0;
};

// What sinks may use.
struct SinkContext {
  boost::asio::io_context& io;
  HttpClient& http;
  const Clock& clock;
  std::string user_agent;
};

// "jsonl:/path" → {kind, address}. Throws std::invalid_argument naming what is wrong.
struct Destination {
  std::string kind;
  std::string address;
};
Destination parse_destination(std::string_view text);

std::unique_ptr<Sink> make_sink(const Subscriber& subscriber, SinkContext& context);

}  // namespace gather
