// Conditional GET (RFC 9110 section 13): gather relies on ETag / Last-Modified to make most
// polls cheap, so the simulator answers 304 exactly when a real server would.
#pragma once

#include <optional>
#include <string_view>

#include "core/post.h"
#include "net/http_server.h"

namespace gather::sim {

// IMF-fixdate ("Sun, 06 Nov 1994 08:49:37 GMT"); nullopt for anything else.
std::optional<TimePoint> parse_http_date(std::string_view text);

// True when the request's validators match: If-None-Match (weak comparison, "*" or a list)
// decides when present; otherwise If-Modified-Since >= last_modified (second precision).
bool not_modified(const ServerRequest& req, std::string_view etag, TimePoint last_modified);

}  // namespace gather::sim
