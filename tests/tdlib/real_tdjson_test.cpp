// Against the real TDLib that scripts/install-deps.sh installs: gather's loader, dispatcher and
// login reach the library's first login state and close it cleanly. Telegram itself is out of
// reach here (no test leaves loopback), which is the point of the last test: the login must stop
// with "cannot reach Telegram" after a bounded wait instead of hanging.
#include <boost/json/serialize.hpp>
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <string>

#include "tdlib/login.h"
#include "tdlib/td_client.h"
#include "tdlib/td_dispatcher.h"
#include "tdlib/tdjson_library.h"

namespace gather::tdlib {
namespace {

using namespace std::chrono_literals;

class TempDir {
 public:
  TempDir() {
    path_ = std::filesystem::temp_directory_path() / ("gather-td-" + std::to_string(::getpid()) + "-" +
                                                      std::to_string(counter_++));
    std::filesystem::create_directories(path_);
  }
  ~TempDir() { std::filesystem::remove_all(path_); }
  std::string str() const { return path_.string(); }

 private:
  static inline int counter_ = 0;
  std::filesystem::path path_;
};

Object parameters(const TempDir& dir) {
  TdlibSettings settings;
  settings.api_id = 94575;  // any nonzero id passes TDLib's local check; none reaches Telegram here
  settings.api_hash = "a3406de8d171bb422bb6ddf3bbd800e2";
  return tdlib_parameters(settings, AccountFiles{dir.str() + "/db", dir.str() + "/files", std::string(32, '\x07')});
}

class NoAnswers : public LoginPrompts {
 public:
  std::string code(const std::string&, const std::string&, bool) override {
    ADD_FAILURE() << "asked for a code without a connection";
    return "";
  }
  std::string password(const std::string&, bool) override {
    ADD_FAILURE() << "asked for a password without a connection";
    return "";
  }
};

TEST(RealTdjson, LoadsFromTheInstalledPathAndExecutes) {
  auto lib = TdjsonLibrary::load(TdjsonLibrary::default_path());
  TdDispatcher dispatcher(lib);
  const Object v = dispatcher.execute(Object{{"@type", "getOption"}, {"name", "version"}});
  ASSERT_EQ(type_of(v), "optionValueString") << boost::json::serialize(v);
  EXPECT_EQ(std::string(v.at("value").as_string()), "1.8.67");
}

TEST(RealTdjson, MissingLibraryNamesThePathAndTheFix) {
  try {
    TdjsonLibrary::load("/nonexistent/libtdjson.so");
    FAIL() << "loaded a library that does not exist";
  } catch (const TdlibMissing& e) {
    const std::string what = e.what();
    EXPECT_NE(what.find("/nonexistent/libtdjson.so"), std::string::npos) << what;
    EXPECT_NE(what.find("scripts/install-deps.sh"), std::string::npos) << what;
  }
}

TEST(RealTdjson, ReachesWaitPhoneNumberAndClosesCleanly) {
  TempDir dir;
  auto lib = TdjsonLibrary::load(TdjsonLibrary::default_path());
  TdDispatcher dispatcher(lib);
  TdClient client(dispatcher);
  // TDLib creates the client on its first request.
  const Object opt = client.call(Object{{"@type", "getOption"}, {"name", "version"}}, 20s);
  EXPECT_EQ(type_of(opt), "optionValueString");
  client.wait_auth({"authorizationStateWaitTdlibParameters"}, 20s);
  const Object ok = client.call(parameters(dir), 20s);
  ASSERT_EQ(type_of(ok), "ok") << boost::json::serialize(ok);
  client.wait_auth({"authorizationStateWaitPhoneNumber"}, 20s);
  EXPECT_TRUE(client.close(20s));
  EXPECT_TRUE(client.closed());
  EXPECT_TRUE(std::filesystem::exists(dir.str() + "/db")) << "TDLib made its database directory";
}

TEST(RealTdjson, LoginWithoutNetworkStopsWithCannotReachTelegram) {
  TempDir dir;
  auto lib = TdjsonLibrary::load(TdjsonLibrary::default_path());
  TdDispatcher dispatcher(lib);
  TdClient client(dispatcher);
  client.send(Object{{"@type", "getOption"}, {"name", "version"}}, [](Object) {});
  NoAnswers prompts;
  LoginLimits limits;
  limits.step_timeout = 3s;
  try {
    log_in(client, parameters(dir), "+15550000000", prompts, limits);
    FAIL() << "logged in without a network";
  } catch (const LoginError& e) {
    EXPECT_NE(std::string(e.what()).find("cannot reach Telegram"), std::string::npos) << e.what();
  }
  EXPECT_TRUE(client.close(20s));
}

}  // namespace
}  // namespace gather::tdlib
