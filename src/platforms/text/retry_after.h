// The Retry-After header, which rate-limited answers of every platform may carry.
#pragma once

#include <chrono>
#include <optional>

#include "net/http_types.h"

namespace gather::text {

// How long `response` asks to wait: Retry-After as delta-seconds or an HTTP date (RFC 9110
// §10.2.3), never negative; nullopt when absent or unreadable.
std::optional<std::chrono::seconds> retry_after(const HttpResponse& response);

}  // namespace gather::text
