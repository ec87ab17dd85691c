// Finding the install's secret key: the environment, or a key file made on first run.
#include <fcntl.h>
#include <openssl/crypto.h>
#include <openssl/rand.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <optional>

#include "core/secret_box.h"

namespace gather {

namespace {

constexpr const char* kEnvName = "GATHER_SECRET_KEY";
constexpr std::size_t kHexSize = 2 * SecretBox::kKeySize;

// Key material in a std::string is wiped when it goes out of scope, on every path.
struct Wiped {
  std::string s;
  Wiped() { s.reserve(128); }  // reserved so appends never leave an unwiped old buffer behind
  ~Wiped() { OPENSSL_cleanse(s.data(), s.size()); }
};

class Fd {
 public:
  explicit Fd(int fd) : fd_(fd) {}
  ~Fd() {
    if (fd_ >= 0) ::close(fd_);
  }
  Fd(const Fd&) = delete;
  Fd& operator=(const Fd&) = delete;
  int get() const { return fd_; }

 private:
  int fd_;
};

std::string errno_text() { return std::strerror(errno); }

int hex_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

// `where` names the source (the variable or the file) in errors; the value itself never appears.
SecretBox from_hex(std::string_view hex, const std::string& where) {
  if (hex.size() != kHexSize)
    throw SecretError(where + " must hold " + std::to_string(kHexSize) + " hex characters (a 32-byte key), not " +
                      std::to_string(hex.size()));
  Wiped raw;
  for (std::size_t i = 0; i < hex.size(); i += 2) {
    int hi = hex_value(hex[i]), lo = hex_value(hex[i + 1]);
    if (hi < 0 || lo < 0) throw SecretError(where + " must hold only hex digits (0-9, a-f)");
    raw.s.push_back(static_cast<char>(hi * 16 + lo));
  }
  return SecretBox::from_key(raw.s);
}

SecretBox read_key_file(const std::string& path, const Fd& fd) {
  struct stat st {};
  if (::fstat(fd.get(), &st) != 0) throw SecretError("cannot stat key file " + path + ": " + errno_text());
  if (!S_ISREG(st.st_mode)) throw SecretError("key file " + path + " is not a regular file");
  // Like ssh with private keys: a key others can read is no longer a secret, so say so loudly.
  if ((st.st_mode & 077) != 0) {
    char mode[8];
    std::snprintf(mode, sizeof mode, "%04o", static_cast<unsigned>(st.st_mode & 07777));
    throw SecretError("key file " + path + " is accessible by group or others (mode " + mode +
                      "); run `chmod 600 " + path + "`");
  }
  Wiped text;
  // A key file is 65 bytes; a far larger one is refused by its size alone, unread.
  auto too_long = [&](std::size_t size) {
    return SecretError("key file " + path + " must hold " + std::to_string(kHexSize) +
                       " hex characters (a 32-byte key), not " + std::to_string(size) + " bytes");
  };
  if (static_cast<std::size_t>(st.st_size) > text.s.capacity()) throw too_long(static_cast<std::size_t>(st.st_size));
  char buf[256];
  while (true) {
    ssize_t n = ::read(fd.get(), buf, sizeof buf);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) throw SecretError("cannot read key file " + path + ": " + errno_text());
    if (n == 0) break;
    // Appending within the reserved capacity never reallocates, so no unwiped copy is left.
    bool fits = text.s.size() + static_cast<std::size_t>(n) <= text.s.capacity();
    if (fits) text.s.append(buf, static_cast<std::size_t>(n));
    OPENSSL_cleanse(buf, sizeof buf);
    if (!fits) throw too_long(text.s.size() + static_cast<std::size_t>(n));  // grew while we read
  }
  std::string_view hex = text.s;
  while (!hex.empty() && (hex.back() == '\n' || hex.back() == '\r' || hex.back() == ' ')) hex.remove_suffix(1);
  return from_hex(hex, "key file " + path);
}

void write_all(const Fd& fd, std::string_view data, const std::string& path) {
  while (!data.empty()) {
    ssize_t n = ::write(fd.get(), data.data(), data.size());
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) throw SecretError("cannot write key file " + path + ": " + errno_text());
    data.remove_prefix(static_cast<std::size_t>(n));
  }
}

// Writes a new key to a private temporary file, then links it into place. link() fails if the
// name exists, so when two processes start at once exactly one key wins and nobody ever reads a
// half-written file; the loser simply reads the winner's key.
void create_key_file(const std::string& path) {
  unsigned char raw[SecretBox::kKeySize];
  if (RAND_bytes(raw, sizeof raw) != 1) throw SecretError("no randomness for a new secret key");
  Wiped hex;
  static const char* digits = "0123456789abcdef";
  for (unsigned char b : raw) {
    hex.s.push_back(digits[b >> 4]);
    hex.s.push_back(digits[b & 0xF]);
  }
  OPENSSL_cleanse(raw, sizeof raw);
  hex.s.push_back('\n');

  // Random, not just the pid: threads of one process may race here too.
  unsigned char tag[6];
  if (RAND_bytes(tag, sizeof tag) != 1) throw SecretError("no randomness for a new secret key");
  std::string tmp = path + ".tmp-" + std::to_string(::getpid()) + "-";
  for (unsigned char b : tag) tmp += std::string(1, digits[b >> 4]) + digits[b & 0xF];
  {
    Fd fd(::open(tmp.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0600));
    if (fd.get() < 0) throw SecretError("cannot create key file " + tmp + ": " + errno_text());
    try {
      write_all(fd, hex.s, tmp);
      if (::fsync(fd.get()) != 0) throw SecretError("cannot sync key file " + tmp + ": " + errno_text());
    } catch (...) {
      ::unlink(tmp.c_str());
      throw;
    }
  }
  int linked = ::link(tmp.c_str(), path.c_str());
  int link_errno = errno;
  ::unlink(tmp.c_str());
  if (linked != 0 && link_errno != EEXIST)
    throw SecretError("cannot create key file " + path + ": " + std::strerror(link_errno));
}

}  // namespace

SecretBox load_or_create_key(const std::string& data_dir) {
  if (const char* env = std::getenv(kEnvName); env && *env) return from_hex(env, kEnvName);
  std::string path = data_dir + "/secret.key";
  for (int attempt = 0; attempt < 2; ++attempt) {
    Fd fd(::open(path.c_str(), O_RDONLY | O_NOFOLLOW | O_CLOEXEC));
    if (fd.get() >= 0) return read_key_file(path, fd);
    if (errno != ENOENT) throw SecretError("cannot open key file " + path + ": " + errno_text());
    create_key_file(path);
  }
  throw SecretError("key file " + path + " vanished right after it was created");
}

}  // namespace gather
