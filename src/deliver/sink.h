// The delivery seam: one Sink per subscriber, made by the registry from its kind.
#pragma once

#include <boost/asio/io_context.hpp>

#include <chrono>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/clock.h"
#include "core/post.h"
#include "core/records.h"
#include "deliver/sink_settings.h"

namespace gather {

class HttpClient;

// What a theme made of a post for one subscriber. Sinks that carry the post itself (webhook,
// jsonl, amqp) send `Delivery::message`; chat sinks send `text` and attach `images`.
struct RenderedMessage {
  std::string text;
  std::string format = "plain";     // "plain", "markdownv2", "html" or "json": how `text` is marked up
  std::vector<std::string> images;  // picture URLs to attach, in order
  std::string theme;                // the theme that made it, after any fallback
};

// One (subscription, post) to deliver. `message` is the JSON object the wire carries:
// {"subscription":ID,"target":ID,"post":{...}}.
struct Delivery {
  const OutboxEntry& entry;
  const Subscription& subscription;
  const std::string& message;
  // Stable across retries and restarts; receivers dedup on it.
  std::string idempotency_key;
  const Target& target;
  const Post& post;
  const RenderedMessage& rendered;
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
  // How many queued deliveries for one subscriber this sink can carry in one message (a QQ
  // forward message); the outbox worker hands it up to that many, oldest first, in one call.
  virtual std::size_t max_batch() const { return 1; }
  // One answer for the whole batch: they succeed or fail together. The default sends them one by
  // one, in order, and stops at the first failure. `deliveries` stays valid until `done` runs.
  virtual void deliver_batch(const std::vector<Delivery>& deliveries, Done done);
};

// Turns a post into the message for one subscription; `sink_default` is the sink kind's theme,
// used when the subscription names none. Throws only if every theme in the chain failed.
using Renderer = std::function<RenderedMessage(const Post& post, const Target& target,
                                               const Subscription& subscription, std::string_view sink_default)>;

// The `raw` theme alone (the post as JSON): the default of a SinkContext made without a theme
// engine (tests, tools). The daemon renders with theme::ThemeEngine (src/theme/), whose `raw`
// theme is this function.
RenderedMessage render_raw(const Post& post, const Target& target, const Subscription& subscription,
                           std::string_view sink_default);

// What sinks may use.
struct SinkContext {
  boost::asio::io_context& io;
  HttpClient& http;
  const Clock& clock;
  std::string user_agent;
  Renderer render = render_raw;
  SinkSettings settings = {};
};

// "jsonl:/path" → {kind, address}. Throws std::invalid_argument naming what is wrong.
struct Destination {
  std::string kind;
  std::string address;
};
Destination parse_destination(std::string_view text);

std::unique_ptr<Sink> make_sink(const Subscriber& subscriber, SinkContext& context);

struct SinkKind;
// The registered kind of that name. Throws std::invalid_argument listing the known ones.
const SinkKind& sink_kind(std::string_view name);

}  // namespace gather
