#include "sim/simulator.h"

#include <boost/asio/steady_timer.hpp>

#include <stdexcept>

#include "sim/feed_formats.h"

namespace gather {

// Timers of "slow" replies still waiting. Touched only on the io_context thread.
struct Simulator::Pending {
  std::vector<std::weak_ptr<boost::asio::steady_timer>> timers;
  bool stopped = false;
};

namespace {

std::string url_host(const std::string& address) {
  // A wildcard bind is reached through loopback; IPv6 literals need brackets in URLs.
  if (address.empty() || address == "0.0.0.0") return "127.0.0.1";
  if (address == "::") return "[::1]";
  if (address.find(':') != std::string::npos) return "[" + address + "]";
  return address;
}

}  // namespace

Simulator::Simulator(boost::asio::io_context& io, SimOptions options) : io_(io) {
  ManualClock* manual = nullptr;
  if (options.virtual_time) {
    auto clock = std::make_unique<ManualClock>();
    manual = clock.get();
    owned_clock_ = std::move(clock);
  } else {
    owned_clock_ = std::make_unique<SystemClock>();
  }
  core_ = std::make_shared<sim::SimCore>(std::move(options), *owned_clock_, manual);
  start();
}

Simulator::Simulator(boost::asio::io_context& io, SimOptions options, ManualClock& clock) : io_(io) {
  options.virtual_time = true;
  core_ = std::make_shared<sim::SimCore>(std::move(options), clock, &clock);
  start();
}

Simulator::Simulator(boost::asio::io_context& io, SimOptions options, const Clock& clock) : io_(io) {
  options.virtual_time = false;
  core_ = std::make_shared<sim::SimCore>(std::move(options), clock, nullptr);
  start();
}

Simulator::~Simulator() { stop(); }

void Simulator::start() {
  pending_ = std::make_shared<Pending>();
  // The handler holds shared state, not `this`, so a request finishing after the Simulator is
  // gone cannot touch freed memory.
  auto core = core_;
  auto pending = pending_;
  boost::asio::io_context& io = io_;
  Handler handler = [core, pending, &io](const ServerRequest& req, Responder respond) {
    sim::SimReply reply = core->handle(req);
    if (reply.delay.count() <= 0 || pending->stopped) {
      respond(std::move(reply.response));
      return;
    }
    // Real time on purpose: "slow" simulates the network, not the platform's clock.
    auto timer = std::make_shared<boost::asio::steady_timer>(io, reply.delay);
    std::erase_if(pending->timers, [](const auto& w) { return w.expired(); });
    pending->timers.push_back(timer);
    timer->async_wait([timer, respond = std::move(respond), response = std::move(reply.response)](
                          const boost::system::error_code&) mutable { respond(std::move(response)); });
  };
  const SimOptions& opts = core_->options();
  server_ = start_http_server(io_, std::move(handler), opts.address, opts.port);
  base_url_ = "http://" + url_host(opts.address) + ":" + std::to_string(server_->port());
  core_->set_base_url(base_url_);
}

void Simulator::stop() {
  if (!pending_ || pending_->stopped) return;
  pending_->stopped = true;
  // Cancelled timers still run their handler, which answers: every Responder is called once.
  for (auto& w : pending_->timers) {
    if (auto t = w.lock()) t->cancel();
  }
  pending_->timers.clear();
  if (server_) server_->stop();
}

std::uint16_t Simulator::port() const { return server_->port(); }

std::string Simulator::base_url() const { return base_url_; }

std::string Simulator::feed_url(int i) const { return base_url_ + sim::feed_path(i); }

std::vector<SimPost> Simulator::posts(std::optional<int> feed) const { return core_->posts(feed); }

std::vector<std::string> Simulator::publish(int feed, int n) { return core_->publish(feed, n); }

void Simulator::advance(std::chrono::seconds d) {
  if (!core_->advance(d)) throw std::logic_error("Simulator::advance needs virtual time");
}

TimePoint Simulator::now() const { return core_->now(); }

}  // namespace gather
