// A registered sink kind: how to check an address and how to make the sink.
#pragma once

#include <chrono>
#include <string_view>

#include "deliver/sink.h"

namespace gather {

struct SinkKind {
  std::string_view name;
  std::string_view example;  // shown in errors: "jsonl:/var/lib/gather/out.jsonl"
  // Throws std::invalid_argument naming what is wrong with the address.
  void (*validate)(std::string_view address);
  std::unique_ptr<Sink> (*make)(const Subscriber& subscriber, SinkContext& context);
  // The theme used when a subscription names none.
  std::string_view default_theme = "raw";
  // Pacing the receiving side expects: the least time between two messages to one subscriber
  // (a chat), and the most messages per second over all subscribers of this kind (0 = no limit).
  std::chrono::milliseconds subscriber_gap{0};
  double kind_rate = 0;
};

}  // namespace gather
