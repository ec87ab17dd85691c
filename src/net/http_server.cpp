#include "net/http_server.h"

#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/steady_timer.hpp>

#include <system_error>
#include <vector>

#include "net/server_session.h"

namespace gather {
namespace {

namespace asio = boost::asio;
using asio::ip::tcp;
using boost::system::error_code;

// Owns the acceptor and knows the live connections so stop() can close them. Shared, because
// queued accept handlers may outlive the HttpServer object.
class Listener : public std::enable_shared_from_this<Listener> {
 public:
  Listener(asio::io_context& io, Handler handler)
      : acceptor_(io), retry_(io), handler_(std::make_shared<const Handler>(std::move(handler))) {}

  void listen(const std::string& address, std::uint16_t port) {
    error_code ec;
    auto ip = asio::ip::make_address(address, ec);
    if (ec) fail(ec, "bad listen address " + address);
    tcp::endpoint endpoint(ip, port);
    acceptor_.open(endpoint.protocol(), ec);
    if (ec) fail(ec, "socket");
    acceptor_.set_option(tcp::acceptor::reuse_address(true), ec);
    acceptor_.bind(endpoint, ec);
    if (ec) fail(ec, "bind " + address + ":" + std::to_string(port));
    acceptor_.listen(asio::socket_base::max_listen_connections, ec);
    if (ec) fail(ec, "listen " + address + ":" + std::to_string(port));
    port_ = acceptor_.local_endpoint().port();
  }

  void accept() {
    acceptor_.async_accept([self = shared_from_this()](error_code ec, tcp::socket socket) {
      if (self->stopped_) return;
      if (ec) return self->retry_later();
      auto session = std::make_shared<ServerSession>(std::move(socket), self->handler_);
      self->track(session);
      session->start();
      self->accept();
    });
  }

  void stop() {
    if (stopped_) return;
    stopped_ = true;
    error_code ignored;
    acceptor_.close(ignored);
    retry_.cancel();
    for (auto& weak : sessions_)
      if (auto session = weak.lock()) session->close();
    sessions_.clear();
  }

  std::uint16_t port() const { return port_; }

 private:
  [[noreturn]] static void fail(error_code ec, const std::string& what) {
    throw std::system_error(std::error_code(ec), what);
  }

  // Out of file descriptors and the like: accepting again at once would spin.
  void retry_later() {
    retry_.expires_after(std::chrono::milliseconds(100));
    retry_.async_wait([self = shared_from_this()](error_code ec) {
      if (!ec && !self->stopped_) self->accept();
    });
  }

  void track(const std::shared_ptr<ServerSession>& session) {
    std::erase_if(sessions_, [](const auto& weak) { return weak.expired(); });
    sessions_.push_back(session);
  }

  tcp::acceptor acceptor_;
  asio::steady_timer retry_;
  std::shared_ptr<const Handler> handler_;
  std::vector<std::weak_ptr<ServerSession>> sessions_;
  std::uint16_t port_ = 0;
  bool stopped_ = false;
};

class BeastServer final : public HttpServer {
 public:
  explicit BeastServer(std::shared_ptr<Listener> listener) : listener_(std::move(listener)) {}
  ~BeastServer() override { listener_->stop(); }
  std::uint16_t port() const override { return listener_->port(); }
  void stop() override { listener_->stop(); }

 private:
  std::shared_ptr<Listener> listener_;
};

}  // namespace

std::unique_ptr<HttpServer> start_http_server(boost::asio::io_context& io, Handler handler,
                                              const std::string& address, std::uint16_t port) {
  auto listener = std::make_shared<Listener>(io, std::move(handler));
  listener->listen(address, port);
  listener->accept();
  return std::make_unique<BeastServer>(std::move(listener));
}

}  // namespace gather
