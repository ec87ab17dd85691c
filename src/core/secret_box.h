// Secrets at rest (credential cookies, session tokens): AES-256-GCM with a per-install key.
// A sealed value is bound to a context string (the AAD), so a ciphertext copied into another row
// or used for another purpose fails to open instead of decrypting to someone else's secret.
#pragma once

#include <array>
#include <stdexcept>
#include <string>
#include <string_view>

namespace gather {

// A key or a sealed value is unusable. what() names the problem and never contains key material
// or plaintext.
class SecretError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

class SecretBox {
 public:
  static constexpr std::size_t kKeySize = 32;

  // `raw32` is the 32-byte key itself (not hex). Throws SecretError on any other length.
  static SecretBox from_key(std::string_view raw32);

  SecretBox(const SecretBox& other) = default;
  SecretBox& operator=(const SecretBox& other) = default;
  ~SecretBox();  // wipes the key

  // Binary: version byte (1) + 12-byte random nonce + ciphertext + 16-byte tag. A fresh nonce per
  // call, so sealing the same plaintext twice gives different bytes.
  std::string seal(std::string_view plaintext, std::string_view aad) const;
  // Throws SecretError when the value is truncated, of an unknown version, or fails
  // authentication (wrong key, wrong `aad`, or tampered bytes: GCM cannot tell these apart).
  std::string open(std::string_view sealed, std::string_view aad) const;
  // A 32-byte key for one purpose, derived from this one (HMAC-SHA256 of `purpose`): a TDLib
  // database key, for example, that no one can learn without the install's key.
  std::string derive(std::string_view purpose) const;

 private:
  SecretBox() = default;
  std::array<unsigned char, kKeySize> key_{};
};

// The install's key: env GATHER_SECRET_KEY (64 hex characters) wins; otherwise
// `<data_dir>/secret.key`, created on first use (32 random bytes, hex, mode 0600). A key file that
// group or others may access, or that does not hold exactly 64 hex characters, is refused.
// Throws SecretError naming the variable or the path (never the key).
SecretBox load_or_create_key(const std::string& data_dir);

}  // namespace gather
