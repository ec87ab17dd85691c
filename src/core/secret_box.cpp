#include "core/secret_box.h"

#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <openssl/rand.h>

#include <algorithm>
#include <memory>

namespace gather {

namespace {

// Bumped if the cipher or layout ever changes, so old rows stay readable by a newer gather.
constexpr unsigned char kVersion = 1;
constexpr std::size_t kNonceSize = 12;  // GCM's native IV size: no extra GHASH pass
constexpr std::size_t kTagSize = 16;    // the full tag; truncated tags weaken forgery resistance

using CipherCtx = std::unique_ptr<EVP_CIPHER_CTX, decltype(&EVP_CIPHER_CTX_free)>;

CipherCtx new_ctx() {
  CipherCtx ctx(EVP_CIPHER_CTX_new(), &EVP_CIPHER_CTX_free);
  if (!ctx) throw SecretError("cannot allocate a cipher context");
  return ctx;
}

const unsigned char* bytes(std::string_view s) { return reinterpret_cast<const unsigned char*>(s.data()); }
unsigned char* bytes(std::string& s) { return reinterpret_cast<unsigned char*>(s.data()); }

}  // namespace

SecretBox SecretBox::from_key(std::string_view raw32) {
  if (raw32.size() != kKeySize)
    throw SecretError("a secret key must be " + std::to_string(kKeySize) + " bytes, not " +
                      std::to_string(raw32.size()));
  SecretBox box;
  std::copy(raw32.begin(), raw32.end(), box.key_.begin());
  return box;
}

SecretBox::~SecretBox() { OPENSSL_cleanse(key_.data(), key_.size()); }

std::string SecretBox::seal(std::string_view plaintext, std::string_view aad) const {
  // EVP takes int lengths; secrets are cookies and tokens, nowhere near this.
  if (plaintext.size() > (1u << 30) || aad.size() > (1u << 30)) throw SecretError("secret too large to seal");
  std::string out(1 + kNonceSize + plaintext.size() + kTagSize, '\0');
  out[0] = static_cast<char>(kVersion);
  unsigned char* nonce = bytes(out) + 1;
  unsigned char* body = nonce + kNonceSize;
  if (RAND_bytes(nonce, static_cast<int>(kNonceSize)) != 1) throw SecretError("no randomness for a nonce");

  auto ctx = new_ctx();
  int len = 0;
  if (EVP_EncryptInit_ex(ctx.get(), EVP_aes_256_gcm(), nullptr, key_.data(), nonce) != 1 ||
      EVP_EncryptUpdate(ctx.get(), nullptr, &len, bytes(aad), static_cast<int>(aad.size())) != 1 ||
      EVP_EncryptUpdate(ctx.get(), body, &len, bytes(plaintext), static_cast<int>(plaintext.size())) != 1 ||
      EVP_EncryptFinal_ex(ctx.get(), body + len, &len) != 1 ||
      EVP_CIPHER_CTX_ctrl(ctx.get(), EVP_CTRL_GCM_GET_TAG, static_cast<int>(kTagSize), body + plaintext.size()) != 1)
    throw SecretError("AES-256-GCM encryption failed");
  return out;
}

std::string SecretBox::open(std::string_view sealed, std::string_view aad) const {
  if (sealed.size() < 1 + kNonceSize + kTagSize) throw SecretError("sealed secret is truncated");
  if (sealed.size() > (1u << 30) || aad.size() > (1u << 30)) throw SecretError("sealed secret too large");
  if (static_cast<unsigned char>(sealed[0]) != kVersion)
    throw SecretError("sealed secret has unknown format version " +
                      std::to_string(static_cast<unsigned char>(sealed[0])));
  const unsigned char* nonce = bytes(sealed) + 1;
  const unsigned char* body = nonce + kNonceSize;
  std::size_t body_size = sealed.size() - 1 - kNonceSize - kTagSize;
  // The tag is passed through a copy: EVP's ctrl API takes a non-const pointer.
  std::array<unsigned char, kTagSize> tag{};
  std::copy(body + body_size, body + body_size + kTagSize, tag.begin());

  std::string plain(body_size, '\0');
  auto ctx = new_ctx();
  int len = 0;
  bool ok = EVP_DecryptInit_ex(ctx.get(), EVP_aes_256_gcm(), nullptr, key_.data(), nonce) == 1 &&
            EVP_DecryptUpdate(ctx.get(), nullptr, &len, bytes(aad), static_cast<int>(aad.size())) == 1 &&
            EVP_DecryptUpdate(ctx.get(), bytes(plain), &len, body, static_cast<int>(body_size)) == 1 &&
            EVP_CIPHER_CTX_ctrl(ctx.get(), EVP_CTRL_GCM_SET_TAG, static_cast<int>(kTagSize), tag.data()) == 1;
  int final_len = 0;
  // Final is where GCM checks the tag; until it passes, `plain` is unauthenticated and is wiped.
  if (!ok || EVP_DecryptFinal_ex(ctx.get(), bytes(plain) + len, &final_len) != 1) {
    OPENSSL_cleanse(plain.data(), plain.size());
    throw SecretError("cannot open sealed secret: wrong key, wrong context, or tampered data");
  }
  return plain;
}

std::string SecretBox::derive(std::string_view purpose) const {
  unsigned char out[EVP_MAX_MD_SIZE];
  unsigned int len = 0;
  if (!HMAC(EVP_sha256(), key_.data(), static_cast<int>(key_.size()), bytes(purpose), purpose.size(), out, &len))
    throw SecretError("cannot derive a key");
  std::string derived(reinterpret_cast<const char*>(out), len);
  OPENSSL_cleanse(out, sizeof out);
  return derived;
}

}  // namespace gather
