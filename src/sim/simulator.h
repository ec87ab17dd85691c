// The platform simulator: a local HTTP server that plays the platforms (web feeds for now) in the
// demo and the integration tests. Posts appear by a seeded Poisson process per feed; admin
// endpoints under /_sim publish on demand, move virtual time, inject faults and report ground
// truth. See sim/README.md for the endpoints.
#pragma once

#include <boost/asio/io_context.hpp>

#include <chrono>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "core/clock.h"
#include "net/http_server.h"
#include "sim/sim_core.h"
#include "sim/sim_options.h"
#include "sim/sim_post.h"

namespace gather {

class Simulator {
 public:
  // Owns its clock: a ManualClock when options.virtual_time, else the system clock.
  Simulator(boost::asio::io_context& io, SimOptions options);
  // Shares a test's virtual clock; advance() and /_sim/advance move it (virtual_time is implied).
  Simulator(boost::asio::io_context& io, SimOptions options, ManualClock& clock);
  // Reads a clock it cannot move; advance() throws std::logic_error, /_sim/advance answers 400.
  Simulator(boost::asio::io_context& io, SimOptions options, const Clock& clock);
  ~Simulator();
  Simulator(const Simulator&) = delete;
  Simulator& operator=(const Simulator&) = delete;

  std::uint16_t port() const;
  std::string base_url() const;  // "http://127.0.0.1:PORT"
  std::string feed_url(int i) const;

  // Direct access for in-process tests; thread-safe.
  std::vector<SimPost> posts(std::optional<int> feed = std::nullopt) const;
  std::vector<std::string> publish(int feed, int n);
  void advance(std::chrono::seconds d);
  TimePoint now() const;
  sim::SimCore& core() { return *core_; }

  // Stops listening, closes connections and answers delayed ("slow") replies at once. Call it
  // on the io_context's thread, or while the io_context is not running. Idempotent.
  void stop();

 private:
  struct Pending;  // delayed replies, so stop() can cut them short
  void start();    // binds the server around core_

  boost::asio::io_context& io_;
  std::unique_ptr<Clock> owned_clock_;
  std::shared_ptr<sim::SimCore> core_;
  std::shared_ptr<Pending> pending_;
  std::unique_ptr<HttpServer> server_;
  std::string base_url_;
};

// Serves until SIGINT/SIGTERM. Prints "simulator listening on http://HOST:PORT (N feeds)" to
// stdout first (flushed) so scripts can read the port. Returns 0, or 1 if it cannot listen.
int run_simulator(const SimOptions& options);

}  // namespace gather
