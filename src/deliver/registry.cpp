// One line per sink kind.
#include <stdexcept>
#include <string>

#include <boost/json/serialize.hpp>

#include "core/post_json.h"
#include "deliver/amqp/amqp_sink.h"
#include "deliver/jsonl/jsonl_sink.h"
#include "deliver/onebot/onebot_sink.h"
#include "deliver/sink_kind.h"
#include "deliver/telegram_bot/telegram_bot_sink.h"
#include "deliver/webhook/webhook_sink.h"

namespace gather {

namespace {
const SinkKind kKinds[] = {
    jsonl_sink_kind(),
    webhook_sink_kind(),
    telegram_bot_sink_kind(),
    onebot_sink_kind(),
    amqp_sink_kind(),
};

}  // namespace

const SinkKind& sink_kind(std::string_view name) {
  for (const auto& k : kKinds)
    if (k.name == name) return k;
  std::string known;
  for (const auto& k : kKinds) known += (known.empty() ? "" : ", ") + std::string(k.name);
  throw std::invalid_argument("unknown destination kind '" + std::string(name) + "' (known: " + known + ")");
}

Destination parse_destination(std::string_view text) {
  auto colon = text.find(':');
  if (colon == std::string_view::npos || colon == 0)
    throw std::invalid_argument("destination '" + std::string(text) + "' is not KIND:ADDRESS (e.g. " +
                                std::string(kKinds[0].example) + ")");
  Destination d{std::string(text.substr(0, colon)), std::string(text.substr(colon + 1))};
  const SinkKind& kind = sink_kind(d.kind);
  kind.validate(d.address);
  return d;
}

RenderedMessage render_raw(const Post& post, const Target&, const Subscription&, std::string_view) {
  return RenderedMessage{boost::json::serialize(to_json(post)), "json", {}, "raw"};
}

std::unique_ptr<Sink> make_sink(const Subscriber& subscriber, SinkContext& context) {
  return sink_kind(subscriber.kind).make(subscriber, context);
}

}  // namespace gather
