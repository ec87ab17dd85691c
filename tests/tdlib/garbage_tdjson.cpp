// A tdjson library that answers every request with rubbish first: text that is no JSON, an
// object without "@client_id", one for a client nobody opened, an array — and only then the real
// answer. gather's dispatcher must skip the rubbish (logging each kind once) and still deliver
// the answer. Built as a shared library and loaded like TDLib.
#include <deque>
#include <mutex>
#include <string>

namespace {

std::mutex mu;
std::deque<std::string> queue;
std::string current;
int next_id = 1;

}  // namespace

extern "C" {

__attribute__((visibility("default"))) int td_create_client_id() {
  std::lock_guard lock(mu);
  return next_id++;
}

__attribute__((visibility("default"))) void td_send(int client_id, const char* request) {
  std::string r(request);
  // The request's @extra, copied back as TDLib does (gather sends a number).
  std::string extra = "0";
  if (auto at = r.find("\"@extra\":"); at != std::string::npos) {
    auto start = at + 9;
    auto end = r.find_first_of(",}", start);
    extra = r.substr(start, end - start);
  }
  std::lock_guard lock(mu);
  queue.push_back("this is not JSON {");
  queue.push_back("{\"@type\":\"updateOption\",\"name\":\"version\"}");
  queue.push_back("{\"@type\":\"ok\",\"@client_id\":4242,\"@extra\":" + extra + "}");
  queue.push_back("[1,2,3]");
  queue.push_back("{\"@type\":\"ok\",\"@client_id\":" + std::to_string(client_id) + ",\"@extra\":" + extra + "}");
}

__attribute__((visibility("default"))) const char* td_receive(double) {
  std::lock_guard lock(mu);
  if (queue.empty()) return nullptr;
  current = queue.front();
  queue.pop_front();
  return current.c_str();
}

__attribute__((visibility("default"))) const char* td_execute(const char*) {
  return "{\"@type\":\"error\",\"code\":400,\"message\":\"not here\"}";
}
}
