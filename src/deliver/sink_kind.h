// A registered sink kind: how to check an address and how to make the sink.
#pragma once

#include <string_view>

#include "deliver/sink.h"

namespace gather {

struct SinkKind {
  std::string_view name;
  std::string_view example;  // shown in errors: "jsonl:/var/lib/gather/out.jsonl"
  // Throws std::invalid_argument naming what is wrong with the address.
  void (*validate)(std::string_view address);
  std::unique_ptr<Sink> (*make)(const Subscriber& subscriber, SinkContext& context);
};

}  // namespace gather
