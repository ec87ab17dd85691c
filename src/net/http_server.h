// Inbound HTTP (Boost.Beast): a small async server for the platform simulator, test receivers and
// the API. Keep-alive, one handler for every request; the handler may answer later (to simulate a
// slow platform) by keeping the Responder and calling it from the io_context thread.
#pragma once

#include <boost/asio/io_context.hpp>

#include <cstdint>
#include <functional>
#include <memory>
#include <string>

#include "net/http_types.h"

namespace gather {

struct ServerRequest {
  std::string method;
  std::string target;  // path + query, as sent
  std::string path;    // decoded path, without the query
  std::string query;   // raw query string, without '?'
  Headers headers;
  std::string body;
  std::optional<std::string> header(std::string_view name) const { return find_header(headers, name); }
  // Value of a query parameter, percent-decoded.
  std::optional<std::string> param(std::string_view name) const;
};

struct ServerResponse {
  int status = 200;
  Headers headers;  // Content-Length is set by the server
  std::string body;
  // When set, the connection is closed after sending only this many bytes of the body
  // (simulates a truncated transfer).
  std::optional<std::size_t> truncate_at;
};

// Call exactly once per request. Safe to call later, from the server's io_context thread.
using Responder = std::function<void(ServerResponse)>;
using Handler = std::function<void(const ServerRequest&, Responder)>;

class HttpServer {
 public:
  virtual ~HttpServer() = default;
  virtual std::uint16_t port() const = 0;
  // Stops accepting and closes open connections.
  virtual void stop() = 0;
};

// Listens on `address`:`port` (port 0 = any free port) and starts accepting on `io`.
// Throws std::system_error if it cannot bind.
std::unique_ptr<HttpServer> start_http_server(boost::asio::io_context& io, Handler handler,
                                              const std::string& address = "127.0.0.1",
                                              std::uint16_t port = 0);

}  // namespace gather
