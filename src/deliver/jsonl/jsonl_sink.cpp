#include "deliver/jsonl/jsonl_sink.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <boost/json.hpp>

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <stdexcept>

namespace gather {
namespace {

std::string errno_text() { return std::strerror(errno); }

// A crash mid-write can leave a partial last line. It was never acknowledged, so cutting it off
// before the next append keeps every line whole; the entry is delivered again in full.
void drop_partial_tail(int fd) {
  struct stat st{};
  if (fstat(fd, &st) != 0 || st.st_size == 0) return;
  off_t end = st.st_size;
  off_t pos = end;
  char c = 0;
  while (pos > 0) {
    if (pread(fd, &c, 1, pos - 1) != 1) return;
    if (c == '\n') break;
    --pos;
  }
  if (pos != end && ftruncate(fd, pos) != 0) return;
}

class JsonlSink final : public Sink {
 public:
  explicit JsonlSink(std::string path) : path_(std::move(path)) {}

  void deliver(const Delivery& d, Done done) override { done(write(d)); }

 private:
  DeliveryResult write(const Delivery& d) {
    if (d.entry.maybe_delivered && jsonl_contains(path_, d.subscription.id, d.entry.post_id))
      return DeliveryResult{true, "", false, std::nullopt};
    auto parent = std::filesystem::path(path_).parent_path();
    std::error_code ec;
    if (!parent.empty()) std::filesystem::create_directories(parent, ec);
    // Read-write: drop_partial_tail() must read the tail before the append.
    int fd = ::open(path_.c_str(), O_RDWR | O_CREAT | O_APPEND | O_CLOEXEC, 0644);
    if (fd < 0) return DeliveryResult{false, "cannot open " + path_ + ": " + errno_text(), false, std::nullopt};
    drop_partial_tail(fd);
    std::string line = d.message + "\n";
    const char* p = line.data();
    size_t left = line.size();
    while (left > 0) {
      ssize_t n = ::write(fd, p, left);
      if (n < 0 && errno == EINTR) continue;
      if (n <= 0) {
        std::string err = "cannot write " + path_ + ": " + errno_text();
        ::close(fd);
        return DeliveryResult{false, err, false, std::nullopt};
      }
      p += n;
      left -= static_cast<size_t>(n);
    }
    bool synced = ::fsync(fd) == 0;
    std::string err = synced ? "" : "cannot fsync " + path_ + ": " + errno_text();
    ::close(fd);
    if (!synced) return DeliveryResult{false, err, false, std::nullopt};
    return DeliveryResult{true, "", false, std::nullopt};
  }

  std::string path_;
};

void validate(std::string_view address) {
  if (address.empty()) throw std::invalid_argument("jsonl destination needs a file path (jsonl:/path/out.jsonl)");
  if (std::filesystem::is_directory(std::string(address)))
    throw std::invalid_argument("jsonl destination " + std::string(address) + " is a directory, not a file");
}

std::unique_ptr<Sink> make(const Subscriber& s, SinkContext&) { return std::make_unique<JsonlSink>(s.address); }

}  // namespace

SinkKind jsonl_sink_kind() { return SinkKind{"jsonl", "jsonl:/var/lib/gather/out.jsonl", validate, make}; }

bool jsonl_contains(const std::string& path, Id subscription, const std::string& post_id, std::size_t window) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return false;
  in.seekg(0, std::ios::end);
  auto size = static_cast<std::size_t>(in.tellg());
  std::size_t start = size > window ? size - window : 0;
  in.seekg(static_cast<std::streamoff>(start));
  std::string line;
  if (start > 0) std::getline(in, line);  // a cut line at the window's edge
  while (std::getline(in, line)) {
    boost::system::error_code ec;
    auto v = boost::json::parse(line, ec);
    if (ec || !v.is_object()) continue;
    const auto& o = v.get_object();
    auto* sub = o.if_contains("subscription");
    auto* post = o.if_contains("post");
    if (!sub || !post || !post->is_object() || !sub->is_int64() || sub->get_int64() != subscription) continue;
    auto* id = post->get_object().if_contains("id");
    if (id && id->is_string() && id->get_string() == post_id) return true;
  }
  return false;
}

}  // namespace gather
