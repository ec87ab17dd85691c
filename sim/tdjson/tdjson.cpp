// libtdjson.so's four functions, played against the simulator (README.md). td_send only queues;
// one worker thread sends the queue to the simulator in order, one poll thread fetches each
// live client's asynchronous updates every 50 ms, and td_receive waits on what they produce.
// What TDLib keeps locally (client ids, the session file, downloaded files) is kept here.
#include <boost/json.hpp>

#include <chrono>
#include <condition_variable>
#include <cstdlib>
#include <deque>
#include <filesystem>
#include <fstream>
#include <map>
#include <mutex>
#include <random>
#include <string>
#include <thread>
#include <vector>

#include "session_file.h"
#include "td_execute.h"
#include "transport.h"

#define TDSIM_EXPORT extern "C" __attribute__((visibility("default")))

namespace tdsim {
namespace {

namespace json = boost::json;
using namespace std::chrono_literals;

constexpr auto kPollEvery = 50ms;

struct ClientState {
  std::string key;  // the simulator's name for this client: unique per process and id
  std::string url;  // GATHER_TDSIM_URL when the client was made; empty = offline
  bool started = false;  // the first request has arrived (TDLib starts a client lazily)
  bool polling = false;  // setTdlibParameters went through: the simulator has updates for it
  bool dead = false;     // authorizationStateClosed was delivered
  bool offline_waiting_phone = false;
  std::string database_directory;
  std::string key_hash;
};

struct Job {
  int client = 0;
  json::object request;
};

class Library {
 public:
  int create() {
    std::lock_guard lock(mu_);
    start_threads();
    const int id = next_id_++;
    ClientState& c = clients_[id];
    c.key = tag_ + "-" + std::to_string(id);
    const char* url = std::getenv("GATHER_TDSIM_URL");  // read per client, so tests can setenv
    c.url = url ? url : "";
    while (!c.url.empty() && c.url.back() == '/') c.url.pop_back();
    return id;
  }

  void send(int client, const char* request) {
    json::object req;
    boost::system::error_code ec;
    json::value v = json::parse(request ? request : "", ec);
    std::lock_guard lock(mu_);
    if (ec || !v.is_object()) {
      emit_locked(client, error(400, "Failed to parse JSON object as TDLib request: invalid JSON"));
      return;
    }
    if (!clients_.count(client)) {
      // TDLib drops requests to ids it never made; answer so a caller does not wait forever.
      json::object e = error(400, "Invalid client identifier");
      if (const json::value* extra = v.as_object().if_contains("@extra")) e["@extra"] = *extra;
      emit_locked(client, std::move(e));
      return;
    }
    jobs_.push_back({client, std::move(v.as_object())});
    work_cv_.notify_one();
  }

  const char* receive(double timeout_s) {
    std::unique_lock lock(mu_);
    const auto timeout = std::chrono::duration<double>(timeout_s < 0 ? 0 : timeout_s);
    out_cv_.wait_for(lock, timeout, [&] { return !out_.empty(); });
    if (out_.empty()) return nullptr;
    last_ = std::move(out_.front());
    out_.pop_front();
    return last_.c_str();
  }

 private:
  void start_threads() {
    if (started_) return;
    started_ = true;
    std::random_device rd;
    tag_ = "p" + std::to_string(rd()) + std::to_string(rd());
    // Never joined: the library lives as long as the process, as the real one does.
    std::thread([this] { work_loop(); }).detach();
    std::thread([this] { poll_loop(); }).detach();
  }

  void emit_locked(int client, json::object o) {
    o["@client_id"] = client;
    out_.push_back(json::serialize(o));
    out_cv_.notify_all();
  }

  void emit(int client, json::object o) {
    std::lock_guard lock(mu_);
    emit_locked(client, std::move(o));
  }

  static json::object auth(const char* state) {
    return {{"@type", "updateAuthorizationState"}, {"authorization_state", json::object{{"@type", state}}}};
  }

  void work_loop() {
    for (;;) {
      Job job;
      ClientState c;
      {
        std::unique_lock lock(mu_);
        work_cv_.wait(lock, [&] { return !jobs_.empty(); });
        job = std::move(jobs_.front());
        jobs_.pop_front();
        ClientState& live = clients_[job.client];
        if (!live.started) {
          live.started = true;
          emit_locked(job.client, auth("authorizationStateWaitTdlibParameters"));
        }
        c = live;
      }
      handle(job.client, c, job.request);
    }
  }

  void handle(int id, const ClientState& c, json::object& req) {
    const json::value* extra = req.if_contains("@extra");
    auto answer = [&](json::object o) {
      if (extra) o["@extra"] = *extra;
      emit(id, std::move(o));
    };
    const std::string type = req.if_contains("@type") && req.at("@type").is_string() ? std::string(req.at("@type").as_string()) : "";
    if (c.dead) return answer(error(500, "Request aborted"));
    if (c.url.empty()) return offline(id, c, type, req, answer);

    json::object env{{"client", c.key}};
    if (type == "setTdlibParameters") {
      const std::string db = req.if_contains("database_directory") && req.at("database_directory").is_string()
                                 ? std::string(req.at("database_directory").as_string()) : "";
      const std::string key = req.if_contains("database_encryption_key") && req.at("database_encryption_key").is_string()
                                  ? std::string(req.at("database_encryption_key").as_string()) : "";
      const std::string hash = key_hash(key);
      if (auto s = read_session(db)) {
        // TDLib cannot open a database encrypted with another key.
        if (s->key_hash != hash) return answer(error(401, "Wrong database encryption key"));
        env["session"] = s->token;
      }
      std::lock_guard lock(mu_);
      clients_[id].database_directory = db;
      clients_[id].key_hash = hash;
    }
    env["request"] = req;
    std::string err;
    auto reply = exchange(c.url, "/_tdsim/send", json::serialize(env), err);
    if (!reply || !reply->is_object()) return answer(error(500, "TDLib stand-in: " + err));
    if (type == "setTdlibParameters") {
      std::lock_guard lock(mu_);
      clients_[id].polling = true;
    }
    deliver(id, reply->as_object());
  }

  // No simulator: what the real library does without a network. It takes its parameters, asks
  // for a phone number, and keeps connecting; nothing that needs the server is ever answered.
  template <class Answer>
  void offline(int id, const ClientState& c, const std::string& type, const json::object& req, Answer& answer) {
    if (type == "setTdlibParameters" && !c.offline_waiting_phone) {
      const json::value* api = req.if_contains("api_id");
      if (!api || !api->is_number() || api->to_number<double>() == 0) {
        return answer(error(400, "Valid api_id must be provided. Can be obtained at https://my.telegram.org"));
      }
      {
        std::lock_guard lock(mu_);
        clients_[id].offline_waiting_phone = true;
      }
      answer(json::object{{"@type", "ok"}});
      emit(id, auth("authorizationStateWaitPhoneNumber"));
      emit(id, json::object{{"@type", "updateConnectionState"}, {"state", json::object{{"@type", "connectionStateConnecting"}}}});
      return;
    }
    if (type == "getAuthorizationState") {
      return answer(json::object{{"@type", c.offline_waiting_phone ? "authorizationStateWaitPhoneNumber"
                                                                     : "authorizationStateWaitTdlibParameters"}});
    }
    if (type == "close") {
      {
        std::lock_guard lock(mu_);
        clients_[id].dead = true;
      }
      answer(json::object{{"@type", "ok"}});
      emit(id, auth("authorizationStateClosing"));
      emit(id, auth("authorizationStateClosed"));
    }
    // Anything else waits for a connection that never comes.
  }

  // A simulator reply: the session file first (as TDLib writes its database before telling),
  // then the objects, with downloaded files put on disk.
  void deliver(int id, const json::object& reply) {
    std::string db, hash;
    {
      std::lock_guard lock(mu_);
      db = clients_[id].database_directory;
      hash = clients_[id].key_hash;
    }
    if (const json::value* s = reply.if_contains("session")) {
      if (s->is_object()) {
        write_session(db, SessionFile{std::string(s->at("phone").as_string()), std::string(s->at("token").as_string()), hash});
      } else {
        delete_session(db);
      }
    }
    const json::value* objects = reply.if_contains("objects");
    if (!objects || !objects->is_array()) return;
    for (const json::value& o : objects->as_array()) {
      if (!o.is_object()) continue;
      materialize(o);
      const json::object& obj = o.as_object();
      if (obj.if_contains("@type") && obj.at("@type") == "updateAuthorizationState" &&
          obj.at("authorization_state").at("@type") == "authorizationStateClosed") {
        std::lock_guard lock(mu_);
        clients_[id].dead = true;
      }
      emit(id, obj);
    }
  }

  // A completed file's bytes, where the file object says it is: deterministic content
  // (byte j = (id * 31 + j) % 251), written once.
  static void materialize(const json::value& v) {
    if (v.is_array()) {
      for (const auto& x : v.as_array()) materialize(x);
      return;
    }
    if (!v.is_object()) return;
    const json::object& o = v.as_object();
    for (const auto& [k, x] : o) materialize(x);
    if (!o.if_contains("@type") || o.at("@type") != "file") return;
    const json::object& local = o.at("local").as_object();
    if (!local.at("is_downloading_completed").as_bool()) return;
    const std::string path(local.at("path").as_string());
    const auto size = o.at("size").to_number<std::int64_t>();
    std::error_code ec;
    if (path.empty() || (std::filesystem::exists(path, ec) && static_cast<std::int64_t>(std::filesystem::file_size(path, ec)) == size)) return;
    std::filesystem::create_directories(std::filesystem::path(path).parent_path(), ec);
    std::ofstream out(path, std::ios::binary | std::ios::trunc);
    const auto id = o.at("id").to_number<std::int64_t>();
    std::vector<char> chunk;
    chunk.reserve(64 * 1024);
    for (std::int64_t j = 0; j < size; ++j) {
      chunk.push_back(static_cast<char>((id * 31 + j) % 251));
      if (chunk.size() == chunk.capacity()) {
        out.write(chunk.data(), static_cast<std::streamsize>(chunk.size()));
        chunk.clear();
      }
    }
    out.write(chunk.data(), static_cast<std::streamsize>(chunk.size()));
  }

  void poll_loop() {
    for (;;) {
      std::this_thread::sleep_for(kPollEvery);  // the poll period itself, not a wait for a condition
      std::vector<std::pair<int, ClientState>> live;
      {
        std::lock_guard lock(mu_);
        for (const auto& [id, c] : clients_) {
          if (c.polling && !c.dead && !c.url.empty()) live.emplace_back(id, c);
        }
      }
      for (const auto& [id, c] : live) {
        std::string err;
        auto reply = exchange(c.url, "/_tdsim/poll?client=" + c.key, "", err);
        if (reply && reply->is_object()) deliver(id, reply->as_object());
      }
    }
  }

  std::mutex mu_;
  std::condition_variable work_cv_, out_cv_;
  std::deque<Job> jobs_;
  std::deque<std::string> out_;
  std::string last_;  // td_receive's answer, valid until the next call
  std::map<int, ClientState> clients_;
  int next_id_ = 1;
  bool started_ = false;
  std::string tag_;
};

// Never destroyed: the detached threads may still run while the process exits.
Library& lib() {
  static Library* l = new Library;
  return *l;
}

}  // namespace
}  // namespace tdsim

TDSIM_EXPORT int td_create_client_id() { return tdsim::lib().create(); }

TDSIM_EXPORT void td_send(int client_id, const char* request) { tdsim::lib().send(client_id, request); }

TDSIM_EXPORT const char* td_receive(double timeout) { return tdsim::lib().receive(timeout); }

TDSIM_EXPORT const char* td_execute(const char* request) {
  thread_local std::string answer;  // valid until this thread's next call
  boost::system::error_code ec;
  boost::json::value v = boost::json::parse(request ? request : "", ec);
  answer = boost::json::serialize(ec || !v.is_object()
                                      ? tdsim::error(400, "Failed to parse JSON object as TDLib request: invalid JSON")
                                      : tdsim::execute(v.as_object()));
  return answer.c_str();
}
