// libcurl's multi interface driven by an Asio io_context: curl tells us which sockets to watch
// and when to wake it up; Asio does the waiting. Everything runs on the io_context's thread, so
// there is no locking.
#include <curl/curl.h>

#include <boost/asio/posix/stream_descriptor.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/steady_timer.hpp>

#include <memory>
#include <mutex>
#include <stdexcept>
#include <unordered_map>

#include "net/curl_transfer.h"
#include "net/http_client.h"

namespace gather {
namespace {

namespace asio = boost::asio;
using boost::system::error_code;

void global_init_once() {
  static std::once_flag once;
  std::call_once(once, [] { curl_global_init(CURL_GLOBAL_DEFAULT); });
}

// One socket curl asked us to watch. Handlers keep it alive and check `removed`, because curl may
// drop a socket (and even reuse its fd number for a new one) while a wait is still queued.
struct Watch {
  Watch(asio::io_context& io, curl_socket_t fd) : descriptor(io, fd), fd(fd) {}
  asio::posix::stream_descriptor descriptor;
  curl_socket_t fd;
  int what = 0;  // CURL_POLL_IN / OUT / INOUT
  bool reading = false;
  bool writing = false;
  bool removed = false;

  // curl owns the fd: stop watching without closing it.
  void detach() {
    removed = true;
    error_code ignored;
    descriptor.cancel(ignored);
    descriptor.release();
  }
};

// The engine. Held by shared_ptr so queued Asio handlers can tell (through a weak_ptr) that the
// client is gone and do nothing.
class Multi : public std::enable_shared_from_this<Multi> {
 public:
  Multi(asio::io_context& io, CurlOptions options) : io_(io), timer_(io) {
    global_init_once();
    multi_ = curl_multi_init();
    if (!multi_) throw std::runtime_error("curl_multi_init failed");
    curl_multi_setopt(multi_, CURLMOPT_SOCKETFUNCTION, &Multi::on_socket);
    curl_multi_setopt(multi_, CURLMOPT_SOCKETDATA, this);
    curl_multi_setopt(multi_, CURLMOPT_TIMERFUNCTION, &Multi::on_timer);
    curl_multi_setopt(multi_, CURLMOPT_TIMERDATA, this);
    curl_multi_setopt(multi_, CURLMOPT_MAX_HOST_CONNECTIONS, options.max_connections_per_host);
    curl_multi_setopt(multi_, CURLMOPT_MAX_TOTAL_CONNECTIONS, options.max_total_connections);
  }

  Multi(const Multi&) = delete;
  Multi& operator=(const Multi&) = delete;
  ~Multi() { shutdown(); }

  // Abandons every transfer without running its callback. Safe to call from inside a callback.
  void shutdown() {
    if (closing_) return;
    closing_ = true;
    timer_.cancel();
    for (auto& [fd, watch] : watches_) watch->detach();
    watches_.clear();
    for (auto& [easy, transfer] : transfers_) curl_multi_remove_handle(multi_, easy);
    transfers_.clear();
    curl_multi_cleanup(multi_);
    multi_ = nullptr;
  }

  void fetch(HttpRequest request, HttpClient::Callback done) {
    auto transfer = std::make_unique<CurlTransfer>(std::move(request), std::move(done));
    CURL* easy = transfer->easy();
    std::string failure = transfer->setup_error();
    if (failure.empty()) {
      CURLMcode rc = curl_multi_add_handle(multi_, easy);
      if (rc == CURLM_OK) {
        transfers_.emplace(easy, std::move(transfer));
        return;
      }
      failure = curl_multi_strerror(rc);
    }
    // The callback must not run inside fetch(); deliver the failure on the next turn of the loop.
    auto response = transfer->fail(failure);
    asio::post(io_, [weak = weak_from_this(), done = transfer->take_callback(),
                     response = std::move(response)]() mutable {
      if (auto self = weak.lock(); self && !self->closing_) done(std::move(response));
    });
  }

  std::size_t in_flight() const { return transfers_.size(); }

 private:
  static int on_socket(CURL*, curl_socket_t fd, int what, void* userp, void*) {
    return static_cast<Multi*>(userp)->update_watch(fd, what);
  }

  static int on_timer(CURLM*, long timeout_ms, void* userp) {
    static_cast<Multi*>(userp)->arm_timer(timeout_ms);
    return 0;
  }

  int update_watch(curl_socket_t fd, int what) {
    if (closing_) return 0;
    auto it = watches_.find(fd);
    if (what == CURL_POLL_REMOVE) {
      if (it != watches_.end()) {
        it->second->detach();
        watches_.erase(it);
      }
      return 0;
    }
    if (it == watches_.end()) {
      try {
        it = watches_.emplace(fd, std::make_shared<Watch>(io_, fd)).first;
      } catch (const std::exception&) {
        return -1;  // cannot register the fd with the reactor: curl fails the transfer
      }
    }
    it->second->what = what;
    arm(it->second);
    return 0;
  }

  void arm(const std::shared_ptr<Watch>& watch) {
    if ((watch->what & CURL_POLL_IN) && !watch->reading) {
      watch->reading = true;
      watch->descriptor.async_wait(asio::posix::stream_descriptor::wait_read,
                                   [weak = weak_from_this(), watch](error_code ec) {
                                     watch->reading = false;
                                     if (auto self = weak.lock())
                                       self->on_ready(watch, CURL_POLL_IN, ec);
                                   });
    }
    if ((watch->what & CURL_POLL_OUT) && !watch->writing) {
      watch->writing = true;
      watch->descriptor.async_wait(asio::posix::stream_descriptor::wait_write,
                                   [weak = weak_from_this(), watch](error_code ec) {
                                     watch->writing = false;
                                     if (auto self = weak.lock())
                                       self->on_ready(watch, CURL_POLL_OUT, ec);
                                   });
    }
  }

  void on_ready(const std::shared_ptr<Watch>& watch, int direction, error_code ec) {
    if (closing_ || watch->removed || ec == asio::error::operation_aborted) return;
    // curl may have stopped wanting this direction while the wait was queued.
    if (watch->what & direction) {
      int flags = direction == CURL_POLL_IN ? CURL_CSELECT_IN : CURL_CSELECT_OUT;
      if (ec) flags |= CURL_CSELECT_ERR;
      int running = 0;
      curl_multi_socket_action(multi_, watch->fd, flags, &running);
      complete_finished();
      if (closing_ || watch->removed) return;
    }
    arm(watch);
  }

  void arm_timer(long timeout_ms) {
    if (closing_) return;
    timer_.cancel();
    if (timeout_ms < 0) return;
    timer_.expires_after(std::chrono::milliseconds(timeout_ms));
    timer_.async_wait([weak = weak_from_this()](error_code ec) {
      auto self = weak.lock();
      if (!self || self->closing_ || ec == asio::error::operation_aborted) return;
      int running = 0;
      curl_multi_socket_action(self->multi_, CURL_SOCKET_TIMEOUT, 0, &running);
      self->complete_finished();
    });
  }

  void complete_finished() {
    int queued = 0;
    while (!closing_) {
      CURLMsg* message = curl_multi_info_read(multi_, &queued);
      if (!message) break;
      if (message->msg != CURLMSG_DONE) continue;
      CURL* easy = message->easy_handle;
      CURLcode result = message->data.result;  // `message` dies with remove_handle
      auto it = transfers_.find(easy);
      if (it == transfers_.end()) continue;
      std::unique_ptr<CurlTransfer> transfer = std::move(it->second);
      transfers_.erase(it);
      HttpResponse response = transfer->finish(result);
      curl_multi_remove_handle(multi_, easy);
      auto done = transfer->take_callback();
      transfer.reset();
      // May fetch again or destroy the client; the loop condition re-checks.
      done(std::move(response));
    }
  }

  asio::io_context& io_;
  asio::steady_timer timer_;
  CURLM* multi_ = nullptr;
  bool closing_ = false;
  std::unordered_map<curl_socket_t, std::shared_ptr<Watch>> watches_;
  std::unordered_map<CURL*, std::unique_ptr<CurlTransfer>> transfers_;
};

class CurlClient final : public HttpClient {
 public:
  CurlClient(asio::io_context& io, CurlOptions options)
      : multi_(std::make_shared<Multi>(io, options)) {}
  ~CurlClient() override { multi_->shutdown(); }

  void fetch(HttpRequest request, Callback done) override {
    multi_->fetch(std::move(request), std::move(done));
  }
  std::size_t in_flight() const override { return multi_->in_flight(); }

 private:
  std::shared_ptr<Multi> multi_;
};

}  // namespace

std::unique_ptr<HttpClient> make_curl_client(boost::asio::io_context& io, CurlOptions options) {
  return std::make_unique<CurlClient>(io, options);
}

HttpResponse fetch_blocking(HttpRequest request) {
  boost::asio::io_context io;
  HttpResponse result;
  {
    auto client = make_curl_client(io);
    client->fetch(std::move(request), [&](HttpResponse response) { result = std::move(response); });
    io.run();
  }
  return result;
}

}  // namespace gather
