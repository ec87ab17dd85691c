#include "deliver/webhook/webhook_sink.h"

#include <boost/url/parse.hpp>

#include <stdexcept>

#include "core/digest.h"
#include "net/http_client.h"

namespace gather {
namespace {

bool retryable_status(long status) { return status == 408 || status == 425 || status == 429 || status >= 500; }

std::optional<std::chrono::seconds> retry_after_of(const HttpResponse& r) {
  auto v = r.header("Retry-After");
  if (!v) return std::nullopt;
  try {
    return std::chrono::seconds{std::stol(*v)};
  } catch (...) {
    return std::nullopt;  // an HTTP-date Retry-After falls back to our own backoff
  }
}

class WebhookSink final : public Sink {
 public:
  WebhookSink(Subscriber subscriber, SinkContext& context) : subscriber_(std::move(subscriber)), context_(context) {}

  void deliver(const Delivery& d, Done done) override {
    HttpRequest req;
    req.method = "POST";
    req.url = subscriber_.address;
    req.body = d.message;
    req.user_agent = context_.user_agent;
    req.timeout = std::chrono::seconds{15};
    req.max_redirects = 0;  // a redirected POST silently becomes a GET in many stacks
    std::string ts = std::to_string(
        std::chrono::duration_cast<std::chrono::seconds>(context_.clock.now().time_since_epoch()).count());
    req.headers = {{"Content-Type", "application/json"},
                   {"X-Gather-Delivery", d.idempotency_key},
                   {"X-Gather-Timestamp", ts}};
    if (!subscriber_.secret.empty())
      req.headers.emplace_back("X-Gather-Signature", webhook_signature(subscriber_.secret, ts, req.body));
    context_.http.fetch(std::move(req), [done = std::move(done)](HttpResponse r) {
      if (r.ok()) return done(DeliveryResult{true, "", false, std::nullopt});
      if (r.status == 0) return done(DeliveryResult{false, r.error, false, std::nullopt});
      done(DeliveryResult{false, "HTTP " + std::to_string(r.status), !retryable_status(r.status), retry_after_of(r)});
    });
  }

 private:
  Subscriber subscriber_;
  SinkContext& context_;
};

void validate(std::string_view address) {
  auto url = boost::urls::parse_absolute_uri(address);
  if (!url || (url->scheme() != "http" && url->scheme() != "https") || url->host().empty())
    throw std::invalid_argument("webhook destination '" + std::string(address) +
                                "' is not an http(s) URL (webhook:https://host/path)");
}

std::unique_ptr<Sink> make(const Subscriber& s, SinkContext& c) { return std::make_unique<WebhookSink>(s, c); }

}  // namespace

SinkKind webhook_sink_kind() { return SinkKind{"webhook", "webhook:https://example.org/hook", validate, make}; }

}  // namespace gather
