// SHA-256, HMAC-SHA256 and MD5 through OpenSSL, hex-encoded: content-hash post ids, webhook
// signatures, and platform request signatures that are defined over MD5 (Bilibili's WBI).
#pragma once

#include <string>
#include <string_view>

namespace gather {

std::string sha256_hex(std::string_view data);
std::string hmac_sha256_hex(std::string_view key, std::string_view data);
// Only where a platform's scheme demands MD5; never for anything we choose ourselves.
std::string md5_hex(std::string_view data);

// The X-Gather-Signature value of a webhook body sent at `timestamp` (unix seconds, as sent in
// X-Gather-Timestamp): "sha256=" + hex HMAC-SHA256(secret, timestamp + "." + body). The sink signs
// with it and the simulator's receiver checks with it, so the scheme is written once.
std::string webhook_signature(std::string_view secret, std::string_view timestamp, std::string_view body);

}  // namespace gather
