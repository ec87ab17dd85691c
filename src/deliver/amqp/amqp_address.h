// The address of an AMQP destination, `amqp://user:pass@host:port/vhost?exchange=NAME&routing_key=TEMPLATE`.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "core/records.h"

namespace gather {

struct AmqpAddress {
  std::string host;
  std::uint16_t port = 5672;
  std::string user = "guest";
  std::string password = "guest";
  // False when the address names a user but no password: the subscription's `secret` is then
  // the password, which keeps it out of `gather status`.
  bool has_password = false;
  std::string vhost = "/";
  std::string exchange;  // "" is the default exchange, where the routing key names a queue
  std::string routing_key = "{platform}.{target}";
};

// Takes what follows "amqp:" in a destination ("//host/vhost?exchange=x"). Throws
// std::invalid_argument naming what is wrong, with the password hidden.
AmqpAddress parse_amqp_address(std::string_view address);

// The routing key for one delivery: {platform} is the target's platform, {target} its id and
// {subscription} the subscription's id (ids, not names or URLs, because they are stable and
// hold no dots, so topic bindings like "rss.*" keep their meaning).
std::string amqp_routing_key(const std::string& key_template, const Target& target, Id subscription);

}  // namespace gather
