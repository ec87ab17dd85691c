// A real RabbitMQ broker for tests and benchmarks: `rabbitmq-server` from the Debian package,
// started on free loopback ports with everything (data, logs, config, Erlang cookie, epmd) in a
// temp dir of its own, so it never meets a system broker or another test's. Plus a small blocking
// client to declare topology and read what arrived.
#pragma once

#include <sys/types.h>

#include <chrono>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

namespace gather::testing {

class RabbitBroker {
 public:
  // Starts the broker and waits until it accepts AMQP logins. Throws std::runtime_error with a
  // clear message when rabbitmq-server is not installed or does not come up in time.
  RabbitBroker();
  ~RabbitBroker();  // always kills the broker and its epmd
  RabbitBroker(const RabbitBroker&) = delete;
  RabbitBroker& operator=(const RabbitBroker&) = delete;

  // Stops the broker (SIGTERM, then SIGKILL if it lingers); start() brings it back on the same
  // ports and data dir, so durable queues and persistent messages survive.
  void stop();
  void start();

  std::uint16_t port() const { return amqp_port_; }
  // amqp://guest:guest@127.0.0.1:PORT/%2f?exchange=EXCHANGE...
  std::string url(const std::string& exchange, const std::string& extra_query = "") const;
  std::string log() const;  // the broker's own output, for failure messages
  const std::string& dir() const { return dir_; }

 private:
  void wait_until_up(std::chrono::seconds timeout);

  std::string dir_;
  std::uint16_t amqp_port_ = 0, dist_port_ = 0, epmd_port_ = 0;
  std::string node_;
  pid_t epmd_ = -1;
  pid_t server_ = -1;  // also its process group
};

struct AmqpMessage {
  std::string message_id;
  std::string routing_key;
  std::string content_type;
  int delivery_mode = 0;
  std::string body;
};

// A blocking rabbitmq-c connection for the test's side of the broker.
class AmqpTestClient {
 public:
  explicit AmqpTestClient(std::uint16_t port);
  ~AmqpTestClient();
  AmqpTestClient(const AmqpTestClient&) = delete;
  AmqpTestClient& operator=(const AmqpTestClient&) = delete;

  void declare_exchange(const std::string& name, const std::string& type = "topic");
  // A durable queue bound to `exchange` with `binding_key`. With `reject_beyond` > 0 it holds at
  // most that many messages and the broker nacks publishes beyond (x-overflow reject-publish).
  void declare_queue(const std::string& queue, const std::string& exchange, const std::string& binding_key,
                     int reject_beyond = 0);
  // Takes (and acknowledges) every message now in `queue`.
  std::vector<AmqpMessage> drain(const std::string& queue);
  std::size_t count(const std::string& queue);  // messages ready in `queue`
  void purge(const std::string& queue);

 private:
  struct State;
  std::unique_ptr<State> s_;
};

}  // namespace gather::testing
