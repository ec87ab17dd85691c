#include "rabbitmq_broker.h"

#include <fcntl.h>
#include <netinet/in.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#if __has_include(<rabbitmq-c/amqp.h>)
#include <rabbitmq-c/amqp.h>
#include <rabbitmq-c/tcp_socket.h>
#else
#include <amqp.h>
#include <amqp_tcp_socket.h>
#endif

#include <atomic>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <stdexcept>
#include <thread>

namespace gather::testing {
namespace fs = std::filesystem;

namespace {

std::string server_binary() {
  if (const char* p = std::getenv("GATHER_RABBITMQ_SERVER")) return p;
  // Not /usr/sbin/rabbitmq-server: that wrapper switches to the system `rabbitmq` user and its
  // data in /var/lib/rabbitmq, which is exactly what a test must not touch.
  return "/usr/lib/rabbitmq/bin/rabbitmq-server";
}

std::string epmd_binary() {
  for (const char* p : {"/usr/bin/epmd", "/usr/lib/erlang/bin/epmd"})
    if (::access(p, X_OK) == 0) return p;
  return "";
}

// Ports the kernel has free right now; held open together so the three differ.
std::vector<std::uint16_t> free_ports(int n) {
  std::vector<int> fds;
  std::vector<std::uint16_t> ports;
  for (int i = 0; i < n; ++i) {
    int fd = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in a{};
    a.sin_family = AF_INET;
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    socklen_t len = sizeof a;
    if (fd < 0 || ::bind(fd, reinterpret_cast<sockaddr*>(&a), sizeof a) != 0 ||
        ::getsockname(fd, reinterpret_cast<sockaddr*>(&a), &len) != 0)
      throw std::runtime_error("cannot find a free port");
    fds.push_back(fd);
    ports.push_back(ntohs(a.sin_port));
  }
  for (int fd : fds) ::close(fd);
  return ports;
}

// Forks `argv` into a process group of its own (so the whole tree can be killed at once), with
// `env` added, output appended to `log`. The child dies with us if the test process is killed.
pid_t spawn(const std::vector<std::string>& argv, const std::vector<std::pair<std::string, std::string>>& env,
            const std::string& log, const std::string& cwd) {
  pid_t pid = ::fork();
  if (pid < 0) throw std::runtime_error("fork failed");
  if (pid == 0) {
    ::setpgid(0, 0);
    ::prctl(PR_SET_PDEATHSIG, SIGKILL);
    for (const auto& [k, v] : env) ::setenv(k.c_str(), v.c_str(), 1);
    int fd = ::open(log.c_str(), O_WRONLY | O_CREAT | O_APPEND, 0644);
    int null = ::open("/dev/null", O_RDONLY);
    ::dup2(null, 0);
    ::dup2(fd, 1);
    ::dup2(fd, 2);
    if (::chdir(cwd.c_str()) != 0) ::_exit(126);
    std::vector<char*> args;
    for (const auto& a : argv) args.push_back(const_cast<char*>(a.c_str()));
    args.push_back(nullptr);
    ::execv(args[0], args.data());
    ::_exit(127);
  }
  ::setpgid(pid, pid);  // also from here, so it holds before either side runs on
  return pid;
}

// Kills the process group `pid` leads and reaps all of it: SIGTERM, SIGKILL if it outlives
// `grace`. The broker's shell may exit before its Erlang VM; as a child subreaper we inherit the VM
// then, so waiting for the group also waits for the VM to let go of its ports.
void kill_group(pid_t pid, std::chrono::milliseconds grace) {
  if (pid <= 0) return;
  ::kill(-pid, SIGTERM);
  auto deadline = std::chrono::steady_clock::now() + grace;
  bool killed = false;
  while (true) {
    while (::waitpid(-pid, nullptr, WNOHANG) > 0) {
    }
    if (::kill(-pid, 0) != 0) return;
    if (std::chrono::steady_clock::now() >= deadline) {
      if (killed) return;  // unkillable: nothing more to do
      ::kill(-pid, SIGKILL);
      killed = true;
      deadline = std::chrono::steady_clock::now() + std::chrono::seconds{10};
    }
    std::this_thread::sleep_for(std::chrono::milliseconds{20});
  }
}

std::string text(amqp_bytes_t b) { return std::string(static_cast<const char*>(b.bytes), b.len); }
amqp_bytes_t bytes(const std::string& s) { return amqp_bytes_t{s.size(), const_cast<char*>(s.data())}; }

std::string describe(const amqp_rpc_reply_t& r) {
  if (r.reply_type == AMQP_RESPONSE_LIBRARY_EXCEPTION) return amqp_error_string2(r.library_error);
  if (r.reply_type == AMQP_RESPONSE_SERVER_EXCEPTION && r.reply.id == AMQP_CHANNEL_CLOSE_METHOD) {
    auto* m = static_cast<amqp_channel_close_t*>(r.reply.decoded);
    return std::to_string(m->reply_code) + " " + text(m->reply_text);
  }
  if (r.reply_type == AMQP_RESPONSE_SERVER_EXCEPTION && r.reply.id == AMQP_CONNECTION_CLOSE_METHOD) {
    auto* m = static_cast<amqp_connection_close_t*>(r.reply.decoded);
    return std::to_string(m->reply_code) + " " + text(m->reply_text);
  }
  return "reply type " + std::to_string(r.reply_type);
}

void check(amqp_connection_state_t c, const std::string& what) {
  auto r = amqp_get_rpc_reply(c);
  if (r.reply_type != AMQP_RESPONSE_NORMAL) throw std::runtime_error("amqp test client: " + what + ": " + describe(r));
}

// Connects and logs in as guest; null with `error` set when the broker is not (yet) there.
amqp_connection_state_t open_connection(std::uint16_t port, std::string& error) {
  amqp_connection_state_t c = amqp_new_connection();
  amqp_socket_t* s = amqp_tcp_socket_new(c);
  timeval tv{2, 0};
  amqp_set_handshake_timeout(c, &tv);
  amqp_set_rpc_timeout(c, &tv);
  if (int rc = amqp_socket_open_noblock(s, "127.0.0.1", port, &tv); rc != AMQP_STATUS_OK) {
    error = amqp_error_string2(rc);
    amqp_destroy_connection(c);
    return nullptr;
  }
  auto r = amqp_login(c, "/", 0, 131072, 0, AMQP_SASL_METHOD_PLAIN, "guest", "guest");
  if (r.reply_type != AMQP_RESPONSE_NORMAL) {
    error = describe(r);
    amqp_destroy_connection(c);
    return nullptr;
  }
  return c;
}

std::atomic<int> brokers{0};

}  // namespace

RabbitBroker::RabbitBroker() {
  if (::access(server_binary().c_str(), X_OK) != 0)
    throw std::runtime_error(server_binary() +
                             " not found: these tests need a real RabbitMQ; install the Debian package "
                             "rabbitmq-server (bash scripts/install-deps.sh --test)");
  if (epmd_binary().empty())
    throw std::runtime_error("epmd (Erlang's port mapper) not found: install the Debian package erlang-base");
  ::prctl(PR_SET_CHILD_SUBREAPER, 1);
  std::string id = std::to_string(::getpid()) + "-" + std::to_string(brokers++);
  dir_ = (fs::temp_directory_path() / ("gather-rabbit-" + id)).string();
  fs::remove_all(dir_);
  for (const char* sub : {"home", "mnesia", "log"}) fs::create_directories(dir_ + "/" + sub);
  auto ports = free_ports(3);
  amqp_port_ = ports[0];
  dist_port_ = ports[1];
  epmd_port_ = ports[2];
  node_ = "gather-test-" + id + "@localhost";
  std::ofstream(dir_ + "/rabbitmq.conf") << "listeners.tcp.1 = 127.0.0.1:" << amqp_port_ << "\n";
  // No plugins: the management plugin would want a port (15672) of its own.
  std::ofstream(dir_ + "/enabled_plugins") << "[].\n";
  // Our own epmd on our own port, so erl neither clashes with a system one nor leaves one behind.
  epmd_ = spawn({epmd_binary(), "-port", std::to_string(epmd_port_)}, {}, dir_ + "/epmd.log", dir_);
  try {
    start();
  } catch (...) {
    kill_group(epmd_, std::chrono::milliseconds{0});
    throw;
  }
}

RabbitBroker::~RabbitBroker() {
  stop();
  kill_group(epmd_, std::chrono::milliseconds{0});
  std::error_code ec;
  fs::remove_all(dir_, ec);
}

void RabbitBroker::start() {
  if (server_ > 0) return;
  server_ = spawn({server_binary()},
                  {{"HOME", dir_ + "/home"},  // its own Erlang cookie
                   {"RABBITMQ_NODENAME", node_},
                   {"RABBITMQ_NODE_IP_ADDRESS", "127.0.0.1"},
                   {"RABBITMQ_NODE_PORT", std::to_string(amqp_port_)},
                   {"RABBITMQ_DIST_PORT", std::to_string(dist_port_)},
                   {"ERL_EPMD_PORT", std::to_string(epmd_port_)},
                   {"RABBITMQ_MNESIA_BASE", dir_ + "/mnesia"},
                   {"RABBITMQ_LOG_BASE", dir_ + "/log"},
                   {"RABBITMQ_LOGS", "-"},
                   {"RABBITMQ_CONFIG_FILE", dir_ + "/rabbitmq.conf"},
                   {"RABBITMQ_ENABLED_PLUGINS_FILE", dir_ + "/enabled_plugins"},
                   {"RABBITMQ_PID_FILE", dir_ + "/rabbitmq.pid"}},
                  dir_ + "/broker.log", dir_);
  wait_until_up(std::chrono::seconds{60});
}

void RabbitBroker::stop() {
  kill_group(server_, std::chrono::seconds{15});
  server_ = -1;
}

void RabbitBroker::wait_until_up(std::chrono::seconds timeout) {
  auto deadline = std::chrono::steady_clock::now() + timeout;
  std::string error;
  while (std::chrono::steady_clock::now() < deadline) {
    int status = 0;
    if (::waitpid(server_, &status, WNOHANG) == server_) {
      server_ = -1;
      throw std::runtime_error("rabbitmq-server exited while starting; its log:\n" + log());
    }
    if (auto c = open_connection(amqp_port_, error)) {
      amqp_connection_close(c, AMQP_REPLY_SUCCESS);
      amqp_destroy_connection(c);
      return;
    }
    // An external server's boot: polled with a bound, the one place tests may wait like this.
    std::this_thread::sleep_for(std::chrono::milliseconds{100});
  }
  throw std::runtime_error("rabbitmq-server did not accept AMQP on port " + std::to_string(amqp_port_) + " within " +
                           std::to_string(timeout.count()) + "s (" + error + "); its log:\n" + log());
}

std::string RabbitBroker::url(const std::string& exchange, const std::string& extra_query) const {
  return "amqp://guest:guest@127.0.0.1:" + std::to_string(amqp_port_) + "/%2f?exchange=" + exchange + extra_query;
}

std::string RabbitBroker::log() const {
  std::ifstream in(dir_ + "/broker.log");
  std::stringstream s;
  s << in.rdbuf();
  std::string all = s.str();
  return all.size() > 4000 ? all.substr(all.size() - 4000) : all;
}

struct AmqpTestClient::State {
  amqp_connection_state_t c = nullptr;
};

AmqpTestClient::AmqpTestClient(std::uint16_t port) : s_(std::make_unique<State>()) {
  std::string error;
  s_->c = open_connection(port, error);
  if (!s_->c) throw std::runtime_error("amqp test client: cannot connect to 127.0.0.1:" + std::to_string(port) + ": " + error);
  amqp_channel_open(s_->c, 1);
  check(s_->c, "channel.open");
}

AmqpTestClient::~AmqpTestClient() {
  amqp_connection_close(s_->c, AMQP_REPLY_SUCCESS);
  amqp_destroy_connection(s_->c);
}

void AmqpTestClient::declare_exchange(const std::string& name, const std::string& type) {
  amqp_exchange_declare(s_->c, 1, bytes(name), bytes(type), 0, 1, 0, 0, amqp_empty_table);
  check(s_->c, "exchange.declare " + name);
}

void AmqpTestClient::declare_queue(const std::string& queue, const std::string& exchange, const std::string& binding_key,
                                   int reject_beyond) {
  amqp_table_entry_t limits[2];
  limits[0].key = amqp_cstring_bytes("x-max-length");
  limits[0].value.kind = AMQP_FIELD_KIND_I32;
  limits[0].value.value.i32 = reject_beyond;
  limits[1].key = amqp_cstring_bytes("x-overflow");
  limits[1].value.kind = AMQP_FIELD_KIND_UTF8;
  limits[1].value.value.bytes = amqp_cstring_bytes("reject-publish");
  amqp_table_t args{reject_beyond > 0 ? 2 : 0, limits};
  amqp_queue_declare(s_->c, 1, bytes(queue), 0, 1, 0, 0, args);
  check(s_->c, "queue.declare " + queue);
  amqp_queue_bind(s_->c, 1, bytes(queue), bytes(exchange), bytes(binding_key), amqp_empty_table);
  check(s_->c, "queue.bind " + queue);
}

std::vector<AmqpMessage> AmqpTestClient::drain(const std::string& queue) {
  std::vector<AmqpMessage> out;
  while (true) {
    auto r = amqp_basic_get(s_->c, 1, bytes(queue), 0);
    if (r.reply_type != AMQP_RESPONSE_NORMAL) throw std::runtime_error("amqp test client: basic.get: " + describe(r));
    if (r.reply.id == AMQP_BASIC_GET_EMPTY_METHOD) break;
    auto* ok = static_cast<amqp_basic_get_ok_t*>(r.reply.decoded);
    std::uint64_t tag = ok->delivery_tag;
    AmqpMessage m;
    m.routing_key = text(ok->routing_key);
    amqp_message_t msg;
    auto read = amqp_read_message(s_->c, 1, &msg, 0);
    if (read.reply_type != AMQP_RESPONSE_NORMAL) throw std::runtime_error("amqp test client: read: " + describe(read));
    if (msg.properties._flags & AMQP_BASIC_MESSAGE_ID_FLAG) m.message_id = text(msg.properties.message_id);
    if (msg.properties._flags & AMQP_BASIC_CONTENT_TYPE_FLAG) m.content_type = text(msg.properties.content_type);
    if (msg.properties._flags & AMQP_BASIC_DELIVERY_MODE_FLAG) m.delivery_mode = msg.properties.delivery_mode;
    m.body = text(msg.body);
    amqp_destroy_message(&msg);
    amqp_basic_ack(s_->c, 1, tag, 0);
    amqp_maybe_release_buffers(s_->c);
    out.push_back(std::move(m));
  }
  return out;
}

std::size_t AmqpTestClient::count(const std::string& queue) {
  auto* ok = amqp_queue_declare(s_->c, 1, bytes(queue), 1, 0, 0, 0, amqp_empty_table);
  check(s_->c, "queue.declare (passive) " + queue);
  return ok->message_count;
}

void AmqpTestClient::purge(const std::string& queue) {
  amqp_queue_purge(s_->c, 1, bytes(queue));
  check(s_->c, "queue.purge " + queue);
}

}  // namespace gather::testing
