// SHA-256 and HMAC-SHA256 through OpenSSL, hex-encoded: content-hash post ids, webhook signatures.
#pragma once

#include <string>
#include <string_view>

namespace gather {

std::string sha256_hex(std::string_view data);
std::string hmac_sha256_hex(std::string_view key, std::string_view data);

}  // namespace gather
