// Outbound HTTP. One interface so fetchers and sinks do not care whether requests go through
// libcurl, or a test double that records them.
#pragma once

#include <boost/asio/io_context.hpp>

#include <functional>
#include <memory>

#include "net/http_types.h"

namespace gather {

class HttpClient {
 public:
  using Callback = std::function<void(HttpResponse)>;
  virtual ~HttpClient() = default;
  // Starts the request and returns at once; `done` runs exactly once, on the client's io_context
  // thread, with either an HTTP response (any status) or a transport error.
  virtual void fetch(HttpRequest request, Callback done) = 0;
  // Requests started and not yet completed.
  virtual std::size_t in_flight() const = 0;
};

struct CurlOptions {
  long max_connections_per_host = 6;
  long max_total_connections = 64;
};

// libcurl multi driven by `io` (socket readiness and timers come from Asio, no extra thread).
std::unique_ptr<HttpClient> make_curl_client(boost::asio::io_context& io, CurlOptions options = {});

// Runs one request to completion on a private io_context. For CLI commands and tests.
HttpResponse fetch_blocking(HttpRequest request);

}  // namespace gather
