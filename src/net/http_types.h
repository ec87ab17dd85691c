// Plain request/response values shared by the client and the server.
#pragma once

#include <chrono>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace gather {

// Header names are compared case-insensitively; stored as given.
using Headers = std::vector<std::pair<std::string, std::string>>;

// First value of a header, case-insensitive name match.
std::optional<std::string> find_header(const Headers& headers, std::string_view name);

struct HttpRequest {
  std::string method = "GET";
  std::string url;
  Headers headers;
  std::string body;
  std::chrono::milliseconds timeout{20'000};
  long max_redirects = 5;
  std::size_t max_body = 8u << 20;  // bytes of decoded body; more is an error
  std::string proxy;                // "" = none; "http://host:port", "socks5://..."
  // Sent as the Cookie header; never logged. A request with a cookie never follows redirects:
  // the cookie must not reach another host, and the 3xx is itself a signal (login expired).
  std::string cookie;
  std::string user_agent;
};

struct HttpResponse {
  // 0 when the request never got an HTTP answer; then `error` says why.
  long status = 0;
  std::string error;
  std::string effective_url;  // after redirects
  Headers headers;            // of the final response
  std::string body;           // decoded (gzip/deflate/br undone)
  std::chrono::milliseconds elapsed{0};

  bool ok() const { return error.empty() && status >= 200 && status < 300; }
  std::optional<std::string> header(std::string_view name) const { return find_header(headers, name); }
};

}  // namespace gather
