// POSTs each delivery as JSON. Headers receivers can rely on:
//   X-Gather-Delivery: idempotency key, the same on every retry of one (subscription, post)
//   X-Gather-Timestamp: unix seconds
//   X-Gather-Signature: sha256=HEX(HMAC-SHA256(secret, timestamp + "." + body)) when a secret is set
#pragma once

#include "deliver/sink_kind.h"

namespace gather {

SinkKind webhook_sink_kind();

// The signature header value for a body sent at `timestamp` (for receivers and tests).
std::string webhook_signature(std::string_view secret, std::string_view timestamp, std::string_view body);

}  // namespace gather
