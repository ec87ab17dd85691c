// Publishes each delivery to a RabbitMQ exchange (amqp:// addresses, see amqp_address.h), with
// publisher confirms: a delivery counts only once the broker has acknowledged it, which for a
// persistent message routed to durable queues means it is on disk. Messages carry:
//   message_id:   the delivery's idempotency key, the same on every retry (receivers dedup on it)
//   content_type: application/json; body: Delivery::message, as jsonl and webhook send it
//   delivery_mode 2 (persistent), mandatory: a message no queue takes comes back and is retried
#pragma once

#include "deliver/sink_kind.h"

namespace gather {

SinkKind amqp_sink_kind();

}  // namespace gather
