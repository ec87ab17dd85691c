// POSTs each delivery as JSON. Headers receivers can rely on:
//   X-Gather-Delivery: idempotency key, the same on every retry of one (subscription, post)
//   X-Gather-Timestamp: unix seconds
//   X-Gather-Signature: webhook_signature() of core/digest.h, when a secret is set
#pragma once

#include "deliver/sink_kind.h"

namespace gather {

SinkKind webhook_sink_kind();

}  // namespace gather
