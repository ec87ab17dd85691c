#include "deliver/amqp/amqp_sink.h"

#include <poll.h>
#include <sys/eventfd.h>
#include <sys/socket.h>
#include <unistd.h>

// rabbitmq-c moved its headers under rabbitmq-c/ in 0.12; Debian 12 ships 0.11.
#if __has_include(<rabbitmq-c/amqp.h>)
#include <rabbitmq-c/amqp.h>
#include <rabbitmq-c/tcp_socket.h>
#else
#include <amqp.h>
#include <amqp_tcp_socket.h>
#endif

#include <boost/asio/post.hpp>
#include <spdlog/spdlog.h>

#include <condition_variable>
#include <deque>
#include <map>
#include <mutex>
#include <stdexcept>
#include <thread>

#include "deliver/amqp/amqp_address.h"

namespace gather {
namespace {

using Steady = std::chrono::steady_clock;
using std::chrono::milliseconds;
using std::chrono::seconds;

constexpr amqp_channel_t kChannel = 1;
// Bounds every blocking step of connecting (TCP, handshake, login, each RPC), so a dead broker
// costs at most this before the deliveries waiting on it are answered.
constexpr seconds kConnectTimeout{5};
constexpr int kHeartbeatSeconds = 30;
// A publish the broker neither confirms nor refuses for this long means a connection that is
// gone without telling us (heartbeats catch most, this catches the rest).
constexpr seconds kConfirmTimeout{30};
constexpr milliseconds kReconnectFirst{100};
constexpr milliseconds kReconnectCap{2000};
// How long the destructor lets the thread close politely before cutting its socket.
constexpr milliseconds kCloseGrace{2000};

amqp_bytes_t bytes(const std::string& s) { return amqp_bytes_t{s.size(), const_cast<char*>(s.data())}; }
std::string text(amqp_bytes_t b) { return std::string(static_cast<const char*>(b.bytes), b.len); }

std::string describe(const amqp_rpc_reply_t& r) {
  switch (r.reply_type) {
    case AMQP_RESPONSE_NORMAL:
      return "ok";
    case AMQP_RESPONSE_NONE:
      return "no reply";
    case AMQP_RESPONSE_LIBRARY_EXCEPTION:
      return amqp_error_string2(r.library_error);
    case AMQP_RESPONSE_SERVER_EXCEPTION:
      if (r.reply.id == AMQP_CONNECTION_CLOSE_METHOD) {
        auto* m = static_cast<amqp_connection_close_t*>(r.reply.decoded);
        return std::to_string(m->reply_code) + " " + text(m->reply_text);
      }
      if (r.reply.id == AMQP_CHANNEL_CLOSE_METHOD) {
        auto* m = static_cast<amqp_channel_close_t*>(r.reply.decoded);
        return std::to_string(m->reply_code) + " " + text(m->reply_text);
      }
      return "unexpected method " + std::to_string(r.reply.id);
  }
  return "unknown reply";
}

struct Request {
  std::uint64_t id = 0;
  std::string routing_key;
  std::string message_id;
  std::string body;
  std::int64_t timestamp = 0;
};

// Answers a request by id from the publisher thread; must be safe to call from any thread.
using Complete = std::function<void(std::uint64_t id, DeliveryResult result)>;

// One broker connection on its own thread, because rabbitmq-c blocks. Requests come in through a
// locked queue and an eventfd; answers go out through `complete`. Everything else is touched by
// the thread only.
class Publisher {
 public:
  Publisher(AmqpAddress address, Complete complete)
      : a_(std::move(address)), complete_(std::move(complete)), wake_fd_(::eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC)) {
    if (wake_fd_ < 0) throw std::runtime_error("amqp sink: eventfd failed");
    name_ = a_.host + ":" + std::to_string(a_.port) + " vhost '" + a_.vhost + "'";
    thread_ = std::thread([this] { run(); });
  }

  ~Publisher() {
    std::unique_lock lock(m_);
    stopping_ = true;
    wake();
    // A polite close needs the broker; a thread stuck writing to one that stopped reading
    // (flow control, a dead link) is cut loose instead, so destruction never hangs.
    if (!exited_.wait_for(lock, kCloseGrace, [&] { return finished_; }) && sock_fd_ >= 0)
      ::shutdown(sock_fd_, SHUT_RDWR);
    lock.unlock();
    thread_.join();
    ::close(wake_fd_);
  }

  void submit(Request r) {
    std::lock_guard lock(m_);
    queue_.push_back(std::move(r));
    wake();
  }

 private:
  void wake() {
    std::uint64_t one = 1;
    [[maybe_unused]] auto n = ::write(wake_fd_, &one, sizeof one);
  }

  void run() {
    while (true) {
      std::deque<Request> batch;
      {
        std::lock_guard lock(m_);
        if (stopping_) break;
        batch.swap(queue_);
      }
      if (!conn_ && !batch.empty() && Steady::now() >= next_connect_) connect();
      while (!batch.empty()) {
        Request r = std::move(batch.front());
        batch.pop_front();
        if (!conn_) {
          complete_(r.id, DeliveryResult{false, "amqp broker " + name_ + " unreachable: " + last_error_, false, std::nullopt});
          continue;
        }
        publish(r);
      }
      read_frames();
      if (!unconfirmed_.empty() && Steady::now() - unconfirmed_.begin()->second.sent_at > kConfirmTimeout)
        lost("no confirm from the broker in " + std::to_string(kConfirmTimeout.count()) + "s");
      wait();
    }
    if (conn_) {
      // Unconfirmed publishes stay unanswered: the sink is going away and so is whoever waits on
      // them; the outbox resends them on the next start and receivers dedup by message_id.
      timeval quick{1, 0};
      amqp_set_rpc_timeout(conn_, &quick);
      amqp_connection_close(conn_, AMQP_REPLY_SUCCESS);
      drop_connection();
    }
    std::lock_guard lock(m_);
    finished_ = true;
    exited_.notify_all();
  }

  void wait() {
    pollfd fds[2] = {{wake_fd_, POLLIN, 0}, {conn_ ? amqp_get_sockfd(conn_) : -1, POLLIN, 0}};
    // Connected, wake at least every second so rabbitmq-c can send heartbeats and the confirm
    // timeout is checked; idle and disconnected, sleep until there is work (we connect lazily).
    int timeout_ms = conn_ ? 1000 : -1;
    if (::poll(fds, 2, timeout_ms) > 0 && (fds[0].revents & POLLIN)) {
      std::uint64_t n = 0;
      [[maybe_unused]] auto r = ::read(wake_fd_, &n, sizeof n);
    }
  }

  void connect() {
    conn_ = amqp_new_connection();
    amqp_socket_t* socket = amqp_tcp_socket_new(conn_);
    timeval timeout{kConnectTimeout.count(), 0};
    amqp_set_handshake_timeout(conn_, &timeout);
    amqp_set_rpc_timeout(conn_, &timeout);
    auto fail = [&](const std::string& why) {
      drop_connection();
      next_connect_ = Steady::now() + backoff_;
      backoff_ = std::min(backoff_ * 2, kReconnectCap);
      if (why != last_error_) spdlog::warn("amqp {}: {}; retrying", name_, why);
      last_error_ = why;
    };
    if (!socket) return fail("cannot make a socket");
    if (int rc = amqp_socket_open_noblock(socket, a_.host.c_str(), a_.port, &timeout); rc != AMQP_STATUS_OK)
      return fail(std::string("cannot connect: ") + amqp_error_string2(rc));
    {
      std::lock_guard lock(m_);
      sock_fd_ = amqp_get_sockfd(conn_);
    }
    auto r = amqp_login(conn_, a_.vhost.c_str(), 0, 131072, kHeartbeatSeconds, AMQP_SASL_METHOD_PLAIN, a_.user.c_str(),
                        a_.password.c_str());
    if (r.reply_type != AMQP_RESPONSE_NORMAL) return fail("login as '" + a_.user + "' failed: " + describe(r));
    amqp_channel_open(conn_, kChannel);
    if (r = amqp_get_rpc_reply(conn_); r.reply_type != AMQP_RESPONSE_NORMAL)
      return fail("cannot open a channel: " + describe(r));
    // Checked now (passively: the operator owns the topology) so a missing exchange is one clear
    // error rather than every publish closing the channel.
    if (!a_.exchange.empty()) {
      amqp_exchange_declare(conn_, kChannel, bytes(a_.exchange), amqp_cstring_bytes("direct"), 1, 0, 0, 0,
                            amqp_empty_table);
      if (r = amqp_get_rpc_reply(conn_); r.reply_type != AMQP_RESPONSE_NORMAL)
        return fail("exchange '" + a_.exchange + "' is not usable: " + describe(r));
    }
    amqp_confirm_select(conn_, kChannel);
    if (r = amqp_get_rpc_reply(conn_); r.reply_type != AMQP_RESPONSE_NORMAL)
      return fail("cannot turn on publisher confirms: " + describe(r));
    next_tag_ = 1;
    backoff_ = kReconnectFirst;
    if (!last_error_.empty()) spdlog::info("amqp {}: connected again", name_);
    last_error_.clear();
  }

  void publish(const Request& r) {
    amqp_basic_properties_t props{};
    props._flags = AMQP_BASIC_CONTENT_TYPE_FLAG | AMQP_BASIC_DELIVERY_MODE_FLAG | AMQP_BASIC_MESSAGE_ID_FLAG |
                   AMQP_BASIC_TIMESTAMP_FLAG | AMQP_BASIC_APP_ID_FLAG;
    props.content_type = amqp_cstring_bytes("application/json");
    props.delivery_mode = AMQP_DELIVERY_PERSISTENT;
    props.message_id = bytes(r.message_id);
    props.timestamp = static_cast<std::uint64_t>(r.timestamp);
    props.app_id = amqp_cstring_bytes("gather");
    // Mandatory: a message no queue takes comes back (basic.return) instead of vanishing.
    int rc = amqp_basic_publish(conn_, kChannel, bytes(a_.exchange), bytes(r.routing_key), 1, 0, &props, bytes(r.body));
    if (rc != AMQP_STATUS_OK) {
      complete_(r.id, DeliveryResult{false, std::string("amqp publish failed: ") + amqp_error_string2(rc), false, std::nullopt});
      lost(std::string("publish failed: ") + amqp_error_string2(rc));
      return;
    }
    unconfirmed_.emplace(next_tag_++, Sent{r.id, r.message_id, r.routing_key, Steady::now()});
  }

  void read_frames() {
    while (conn_) {
      amqp_frame_t frame;
      timeval now{0, 0};
      int rc = amqp_simple_wait_frame_noblock(conn_, &frame, &now);
      if (rc == AMQP_STATUS_TIMEOUT) break;
      if (rc != AMQP_STATUS_OK) return lost(std::string("connection lost: ") + amqp_error_string2(rc));
      if (frame.frame_type != AMQP_FRAME_METHOD) continue;
      void* m = frame.payload.method.decoded;
      switch (frame.payload.method.id) {
        case AMQP_BASIC_ACK_METHOD: {
          auto* ack = static_cast<amqp_basic_ack_t*>(m);
          confirm(ack->delivery_tag, ack->multiple, "");
          break;
        }
        case AMQP_BASIC_NACK_METHOD: {
          auto* nack = static_cast<amqp_basic_nack_t*>(m);
          confirm(nack->delivery_tag, nack->multiple, "the broker refused the message (nack)");
          break;
        }
        case AMQP_BASIC_RETURN_METHOD: {
          // The broker sends the return, then the ack of the same publish; the return carries no
          // delivery tag, so it is matched to the ack by message_id.
          auto* ret = static_cast<amqp_basic_return_t*>(m);
          std::string why = std::to_string(ret->reply_code) + " " + text(ret->reply_text);
          amqp_message_t message;
          auto r = amqp_read_message(conn_, frame.channel, &message, 0);
          if (r.reply_type != AMQP_RESPONSE_NORMAL) return lost("cannot read a returned message: " + describe(r));
          if (message.properties._flags & AMQP_BASIC_MESSAGE_ID_FLAG)
            returned_[text(message.properties.message_id)] = why;
          amqp_destroy_message(&message);
          break;
        }
        case AMQP_CHANNEL_CLOSE_METHOD: {
          auto* close = static_cast<amqp_channel_close_t*>(m);
          return lost("the broker closed the channel: " + std::to_string(close->reply_code) + " " +
                      text(close->reply_text));
        }
        case AMQP_CONNECTION_CLOSE_METHOD: {
          auto* close = static_cast<amqp_connection_close_t*>(m);
          return lost("the broker closed the connection: " + std::to_string(close->reply_code) + " " +
                      text(close->reply_text));
        }
        default:
          break;
      }
    }
    if (conn_) amqp_maybe_release_buffers(conn_);
  }

  // basic.ack / basic.nack for `tag`, or for every tag up to it when `multiple` (0 then means all).
  void confirm(std::uint64_t tag, bool multiple, const std::string& refused) {
    auto first = unconfirmed_.begin();
    auto end = multiple ? (tag == 0 ? unconfirmed_.end() : unconfirmed_.upper_bound(tag)) : unconfirmed_.find(tag);
    if (!multiple) {
      if (end == unconfirmed_.end()) return;
      first = end++;
    }
    for (auto it = first; it != end; ++it) {
      const Sent& s = it->second;
      std::string error = refused;
      if (auto ret = returned_.find(s.message_id); ret != returned_.end()) {
        error = "no queue took it (" + ret->second + "; exchange '" + a_.exchange + "', routing key '" +
                s.routing_key + "')";
        returned_.erase(ret);
      }
      complete_(s.id, DeliveryResult{error.empty(), error.empty() ? "" : "amqp: " + error, false, std::nullopt});
    }
    unconfirmed_.erase(first, end);
  }

  // Whatever was not confirmed may or may not have reached the broker: answered not ok, so the
  // outbox sends it again, with the same message_id.
  void lost(const std::string& why) {
    spdlog::warn("amqp {}: {}; {} unconfirmed publishes will be retried", name_, why, unconfirmed_.size());
    for (const auto& [tag, s] : unconfirmed_)
      complete_(s.id, DeliveryResult{false, "amqp: " + why, false, std::nullopt});
    unconfirmed_.clear();
    returned_.clear();
    drop_connection();
    last_error_ = why;
    next_connect_ = Steady::now();  // the first try is at once: most losses are a broker restart
    backoff_ = kReconnectFirst;
  }

  void drop_connection() {
    if (!conn_) return;
    {
      std::lock_guard lock(m_);
      sock_fd_ = -1;
    }
    amqp_destroy_connection(conn_);
    conn_ = nullptr;
  }

  struct Sent {
    std::uint64_t id;
    std::string message_id;
    std::string routing_key;
    Steady::time_point sent_at;
  };

  const AmqpAddress a_;
  const Complete complete_;
  std::string name_;
  int wake_fd_ = -1;
  std::thread thread_;

  std::mutex m_;
  std::condition_variable exited_;
  std::deque<Request> queue_;
  bool stopping_ = false;
  bool finished_ = false;
  int sock_fd_ = -1;

  amqp_connection_state_t conn_ = nullptr;
  std::uint64_t next_tag_ = 1;
  std::map<std::uint64_t, Sent> unconfirmed_;    // by delivery tag
  std::map<std::string, std::string> returned_;  // message_id → why the broker returned it
  Steady::time_point next_connect_{};
  milliseconds backoff_ = kReconnectFirst;
  std::string last_error_;
};

class AmqpSink final : public Sink {
 public:
  AmqpSink(AmqpAddress address, SinkContext& context)
      : key_template_(address.routing_key), context_(context), waiting_(std::make_shared<Waiting>()) {
    std::weak_ptr<Waiting> weak = waiting_;
    boost::asio::io_context& io = context.io;
    publisher_ = std::make_unique<Publisher>(std::move(address), [&io, weak](std::uint64_t id, DeliveryResult result) {
      boost::asio::post(io, [weak, id, result = std::move(result)]() mutable {
        // Gone with the sink: its caller is being torn down too, and the outbox recovers the entry.
        auto waiting = weak.lock();
        if (!waiting) return;
        auto it = waiting->find(id);
        if (it == waiting->end()) return;
        Done done = std::move(it->second);
        waiting->erase(it);
        done(std::move(result));
      });
    });
  }

  void deliver(const Delivery& d, Done done) override {
    std::string key = amqp_routing_key(key_template_, d.target, d.subscription.id);
    if (key.size() > 255)
      return done(DeliveryResult{false, "amqp routing key is longer than 255 bytes: " + key.substr(0, 64) + "...", true,
                                 std::nullopt});
    std::uint64_t id = next_id_++;
    waiting_->emplace(id, std::move(done));
    auto now = std::chrono::duration_cast<seconds>(context_.clock.now().time_since_epoch()).count();
    publisher_->submit(Request{id, std::move(key), d.idempotency_key, d.message, now});
  }

 private:
  using Waiting = std::map<std::uint64_t, Done>;  // touched on the io_context thread only

  std::string key_template_;
  SinkContext& context_;
  std::uint64_t next_id_ = 1;
  std::shared_ptr<Waiting> waiting_;
  std::unique_ptr<Publisher> publisher_;  // last: joined before the rest goes
};

void validate(std::string_view address) { parse_amqp_address(address); }

std::unique_ptr<Sink> make(const Subscriber& s, SinkContext& c) {
  AmqpAddress a = parse_amqp_address(s.address);
  if (!a.has_password) a.password = s.secret;
  return std::make_unique<AmqpSink>(std::move(a), c);
}

}  // namespace

SinkKind amqp_sink_kind() {
  return SinkKind{"amqp", "amqp://guest:guest@localhost:5672/%2f?exchange=gather", validate, make};
}

}  // namespace gather
