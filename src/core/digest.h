// SHA-256 and HMAC-SHA256 through OpenSSL, hex-encoded: content-hash post ids, webhook signatures.
#pragma once

#include <string>
#include <string_view>

namespace gather {

std::string sha256_hex(std::string_view data);
std::string hmac_sha256_hex(std::string_view key, std::string_view data);

// The X-Gather-Signature value of a webhook body sent at `timestamp` (unix seconds, as sent in
// X-Gather-Timestamp): "sha256=" + hex HMAC-SHA256(secret, timestamp + "." + body). The sink signs
// with it and the simulator's receiver checks with it, so the scheme is written once.
std::string webhook_signature(std::string_view secret, std::string_view timestamp, std::string_view body);

}  // namespace gather
