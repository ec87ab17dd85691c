// `gather simulate`: the simulator as a process of its own, for the demo and for scripts.
#include <boost/asio/signal_set.hpp>

#include <csignal>
#include <iostream>
#include <system_error>

#include "sim/simulator.h"

namespace gather {

int run_simulator(const SimOptions& options) {
  boost::asio::io_context io;
  std::unique_ptr<Simulator> sim;
  try {
    sim = std::make_unique<Simulator>(io, options);
  } catch (const std::system_error& e) {
    std::cerr << "simulator: cannot listen on " << options.address << ":" << options.port << ": " << e.what()
              << std::endl;
    return 1;
  }
  // Scripts wait for this exact line to learn the port, so it goes out whole and flushed.
  std::cout << "simulator listening on " << sim->base_url() << " (" << options.feeds << " feeds)" << std::endl;

  boost::asio::signal_set signals(io, SIGINT, SIGTERM);
  signals.async_wait([&](const boost::system::error_code&, int) {
    sim->stop();
    io.stop();
  });
  io.run();
  return 0;
}

}  // namespace gather
