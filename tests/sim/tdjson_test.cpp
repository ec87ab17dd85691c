// The built libtdjson.so stand-in, loaded with dlopen as gather loads TDLib, against a simulator
// on a loopback port: login, searchPublicChat, getChatHistory, a live updateNewMessage, the
// session file resuming, and the offline behaviour without GATHER_TDSIM_URL.
#include <dlfcn.h>
#include <gtest/gtest.h>

#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/post.hpp>
#include <boost/json.hpp>

#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <functional>
#include <thread>

#include "sim/simulator.h"

namespace gather {
namespace {

namespace json = boost::json;
using namespace std::chrono_literals;

struct TdJson {
  TdJson() {
    handle = dlopen(GATHER_TDJSON_PATH, RTLD_NOW | RTLD_LOCAL);
    if (!handle) throw std::runtime_error(dlerror());
    create = reinterpret_cast<int (*)()>(dlsym(handle, "td_create_client_id"));
    send = reinterpret_cast<void (*)(int, const char*)>(dlsym(handle, "td_send"));
    receive = reinterpret_cast<const char* (*)(double)>(dlsym(handle, "td_receive"));
    execute = reinterpret_cast<const char* (*)(const char*)>(dlsym(handle, "td_execute"));
  }
  // The library is never unloaded: its threads live as long as the process, as TDLib's do.
  void* handle;
  int (*create)();
  void (*send)(int, const char*);
  const char* (*receive)(double);
  const char* (*execute)(const char*);
};

TdJson& td() {
  static TdJson t;
  return t;
}

// The next object for `client` matching `pred`, within a bounded deadline; others are dropped.
std::optional<json::object> wait_for(int client, const std::function<bool(const json::object&)>& pred,
                                     std::chrono::milliseconds deadline = 5s) {
  const auto end = std::chrono::steady_clock::now() + deadline;
  while (std::chrono::steady_clock::now() < end) {
    const char* r = td().receive(0.05);
    if (!r) continue;
    json::object o = json::parse(r).as_object();
    if (o.at("@client_id") == client && pred(o)) return o;
  }
  return std::nullopt;
}

auto extra_is(int n) {
  return [n](const json::object& o) { return o.contains("@extra") && o.at("@extra") == n; };
}
auto auth_is(const char* state) {
  return [state](const json::object& o) {
    return o.at("@type") == "updateAuthorizationState" && o.at("authorization_state").at("@type") == state;
  };
}

void send(int client, json::object req) { td().send(client, json::serialize(req).c_str()); }

struct TdJsonTest : ::testing::Test {
  TdJsonTest() {
    SimOptions o;
    o.feeds = 3;
    o.rate_per_hour = 0;
    sim = std::make_unique<Simulator>(io, o, clock);
    thread = std::thread([this] { io.run(); });
    setenv("GATHER_TDSIM_URL", sim->base_url().c_str(), 1);
    dir = std::filesystem::temp_directory_path() / ("tdjson-test-" + std::to_string(::getpid()));
    std::filesystem::remove_all(dir);
  }
  ~TdJsonTest() override {
    unsetenv("GATHER_TDSIM_URL");
    boost::asio::post(io, [this] { sim->stop(); });
    work.reset();
    thread.join();
    std::filesystem::remove_all(dir);
  }
  json::object params(const std::string& key = "a2V5") const {
    return {{"@type", "setTdlibParameters"}, {"database_directory", (dir / "db").string()}, {"files_directory", ""},
            {"database_encryption_key", key}, {"use_message_database", true}, {"api_id", 94575},
            {"api_hash", "a3406de8d171bb422bb6ddf3bbd800e2"}, {"system_language_code", "en"},
            {"device_model", "test"}, {"application_version", "1.0"}, {"@extra", 1}};
  }

  ManualClock clock;
  boost::asio::io_context io;
  boost::asio::executor_work_guard<boost::asio::io_context::executor_type> work{io.get_executor()};
  std::unique_ptr<Simulator> sim;
  std::thread thread;
  std::filesystem::path dir;
};

TEST_F(TdJsonTest, LoginResolveHistoryAndLiveUpdate) {
  sim->publish(1, 5);
  const int c = td().create();
  send(c, params());
  ASSERT_TRUE(wait_for(c, auth_is("authorizationStateWaitPhoneNumber")));
  send(c, {{"@type", "setAuthenticationPhoneNumber"}, {"phone_number", "+9991234"}});
  ASSERT_TRUE(wait_for(c, auth_is("authorizationStateWaitCode")));
  send(c, {{"@type", "checkAuthenticationCode"}, {"code", "12345"}});
  ASSERT_TRUE(wait_for(c, auth_is("authorizationStateReady")));
  EXPECT_TRUE(std::filesystem::exists(dir / "db" / "tdsim-session.json"));

  send(c, {{"@type", "searchPublicChat"}, {"username", "chan1"}, {"@extra", 2}});
  auto chat = wait_for(c, extra_is(2));
  ASSERT_TRUE(chat);
  ASSERT_EQ(chat->at("@type"), "chat");
  const std::int64_t chat_id = chat->at("id").as_int64();
  EXPECT_EQ(chat_id, -1001000000001);
  send(c, {{"@type", "getChatHistory"}, {"chat_id", chat_id}, {"from_message_id", 0}, {"offset", 0}, {"limit", 100}, {"only_local", false}, {"@extra", 3}});
  auto history = wait_for(c, extra_is(3));
  ASSERT_TRUE(history);
  ASSERT_EQ(history->at("messages").as_array().size(), 5u);
  EXPECT_EQ(history->at("messages").at(0).at("id").as_int64(), 5LL << 20);

  send(c, {{"@type", "joinChat"}, {"chat_id", chat_id}, {"@extra", 4}});
  auto joined = wait_for(c, extra_is(4));
  ASSERT_TRUE(joined);
  EXPECT_EQ(joined->at("@type"), "ok");
  sim->publish(1, 1);
  auto update = wait_for(c, [](const json::object& o) { return o.at("@type") == "updateNewMessage"; });
  ASSERT_TRUE(update);
  EXPECT_EQ(update->at("message").at("id").as_int64(), 6LL << 20);

  send(c, {{"@type", "close"}});
  ASSERT_TRUE(wait_for(c, auth_is("authorizationStateClosed")));

  // A new client on the same database resumes the session; a wrong key cannot open it.
  const int again = td().create();
  send(again, params("d3Jvbmc="));
  auto wrong = wait_for(again, extra_is(1));
  ASSERT_TRUE(wrong);
  EXPECT_EQ(wrong->at("code"), 401);
  const int resumed = td().create();
  send(resumed, params());
  ASSERT_TRUE(wait_for(resumed, auth_is("authorizationStateReady")));
  send(resumed, {{"@type", "logOut"}});
  ASSERT_TRUE(wait_for(resumed, auth_is("authorizationStateClosed")));
  EXPECT_FALSE(std::filesystem::exists(dir / "db" / "tdsim-session.json"));
}

TEST_F(TdJsonTest, DownloadWritesTheFile) {
  sim->publish(0, 5);  // post 4 has a photo
  const int c = td().create();
  send(c, params());
  send(c, {{"@type", "setAuthenticationPhoneNumber"}, {"phone_number", "+9991235"}});
  send(c, {{"@type", "checkAuthenticationCode"}, {"code", "12345"}});
  ASSERT_TRUE(wait_for(c, auth_is("authorizationStateReady")));
  send(c, {{"@type", "searchPublicChat"}, {"username", "chan0"}, {"@extra", 2}});
  ASSERT_TRUE(wait_for(c, extra_is(2)));
  send(c, {{"@type", "getChatHistory"}, {"chat_id", -1001000000000}, {"limit", 1}, {"@extra", 3}});
  auto h = wait_for(c, extra_is(3));
  ASSERT_TRUE(h);
  const auto& sizes = h->at("messages").at(0).at("content").at("photo").at("sizes").as_array();
  const auto& file = sizes.back().at("photo");
  send(c, {{"@type", "downloadFile"}, {"file_id", file.at("id")}, {"priority", 1}, {"synchronous", true}, {"@extra", 4}});
  // Requests go in order: once getFile is answered the download has started; then the virtual
  // clock moves past its end.
  send(c, {{"@type", "getFile"}, {"file_id", file.at("id")}, {"@extra", 5}});
  ASSERT_TRUE(wait_for(c, extra_is(5)));
  sim->advance(1h);
  // Answered through the poll once the simulator's clock says it is done.
  auto done = wait_for(c, extra_is(4));
  ASSERT_TRUE(done);
  ASSERT_EQ(done->at("@type"), "file");
  const std::string path(done->at("local").at("path").as_string());
  EXPECT_EQ(std::filesystem::file_size(path), static_cast<std::uintmax_t>(file.at("size").as_int64()));
  EXPECT_TRUE(path.starts_with((dir / "db" / "files" / "photos").string()));
  send(c, {{"@type", "close"}});
  ASSERT_TRUE(wait_for(c, auth_is("authorizationStateClosed")));
}

TEST(TdJsonOffline, WaitsForAPhoneNumberThatNeverGoesThrough) {
  unsetenv("GATHER_TDSIM_URL");
  const int c = td().create();
  send(c, {{"@type", "setTdlibParameters"}, {"api_id", 94575}, {"api_hash", "x"}, {"database_directory", "/tmp/tdjson-offline"}});
  ASSERT_TRUE(wait_for(c, auth_is("authorizationStateWaitPhoneNumber")));
  send(c, {{"@type", "setAuthenticationPhoneNumber"}, {"phone_number", "+9991234"}, {"@extra", 7}});
  EXPECT_FALSE(wait_for(c, extra_is(7), 300ms));
  auto e = json::parse(td().execute(R"({"@type":"getTextEntities","text":"see #tag and https://x.y"})"));
  EXPECT_EQ(e.at("entities").as_array().size(), 2u);
  EXPECT_EQ(e.at("entities").at(1).at("offset"), 13);
  EXPECT_EQ(json::parse(td().execute(R"({"@type":"nope"})")).at("@type"), "error");
  send(c, {{"@type", "close"}});
  ASSERT_TRUE(wait_for(c, auth_is("authorizationStateClosed")));
}

}  // namespace
}  // namespace gather
