#include "deliver/jsonl/jsonl_sink.h"

#include <gtest/gtest.h>

#include <boost/asio/io_context.hpp>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "net/http_client.h"

using namespace gather;
namespace fs = std::filesystem;

namespace {

std::string slurp(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream b;
  b << in.rdbuf();
  return b.str();
}

class JsonlSinkTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() / ("gather-jsonl-" + std::to_string(::getpid()));
    fs::remove_all(dir_);
    path_ = (dir_ / "sub" / "out.jsonl").string();
    subscription_.id = 7;
    subscription_.subscriber.kind = "jsonl";
    subscription_.subscriber.address = path_;
    sink_ = make_sink(subscription_.subscriber, context_);
  }
  void TearDown() override { fs::remove_all(dir_); }

  DeliveryResult deliver(const std::string& post_id, bool maybe_delivered = false) {
    OutboxEntry entry;
    entry.subscription_id = 7;
    entry.post_id = post_id;
    entry.maybe_delivered = maybe_delivered;
    std::string message = R"({"subscription":7,"target":1,"post":{"id":")" + post_id + R"("}})";
    DeliveryResult result;
    sink_->deliver(Delivery{entry, subscription_, message, "key", target_, post_, rendered_}, [&](DeliveryResult r) { result = r; });
    return result;
  }

  fs::path dir_;
  std::string path_;
  boost::asio::io_context io_;
  std::unique_ptr<HttpClient> http_ = make_curl_client(io_);
  SystemClock clock_;
  SinkContext context_{io_, *http_, clock_, "test"};
  Subscription subscription_;
  Target target_;
  Post post_;
  RenderedMessage rendered_;
  std::unique_ptr<Sink> sink_;
};

TEST_F(JsonlSinkTest, AppendsOneLinePerDeliveryCreatingDirectories) {
  EXPECT_TRUE(deliver("a").ok);
  EXPECT_TRUE(deliver("b").ok);
  EXPECT_EQ(slurp(path_), "{\"subscription\":7,\"target\":1,\"post\":{\"id\":\"a\"}}\n"
                          "{\"subscription\":7,\"target\":1,\"post\":{\"id\":\"b\"}}\n");
}

TEST_F(JsonlSinkTest, AResendAfterACrashIsNotWrittenTwice) {
  ASSERT_TRUE(deliver("a").ok);
  EXPECT_TRUE(jsonl_contains(path_, 7, "a"));
  EXPECT_FALSE(jsonl_contains(path_, 8, "a"));
  EXPECT_TRUE(deliver("a", /*maybe_delivered=*/true).ok);
  EXPECT_TRUE(deliver("b", /*maybe_delivered=*/true).ok);  // not there yet: written
  std::string text = slurp(path_);
  EXPECT_EQ(std::count(text.begin(), text.end(), '\n'), 2);
}

TEST_F(JsonlSinkTest, ATornLastLineIsCutBeforeTheNextAppend) {
  ASSERT_TRUE(deliver("a").ok);
  { std::ofstream(path_, std::ios::app) << R"({"subscription":7,"target":1,"po)"; }  // died mid-write
  ASSERT_TRUE(deliver("b", true).ok);
  EXPECT_EQ(slurp(path_), "{\"subscription\":7,\"target\":1,\"post\":{\"id\":\"a\"}}\n"
                          "{\"subscription\":7,\"target\":1,\"post\":{\"id\":\"b\"}}\n");
}

TEST_F(JsonlSinkTest, AnUnwritablePathIsAnErrorNotACrash) {
  fs::create_directories(dir_);
  std::ofstream(dir_ / "file") << "x";
  subscription_.subscriber.address = (dir_ / "file" / "out.jsonl").string();
  sink_ = make_sink(subscription_.subscriber, context_);
  auto r = deliver("a");
  EXPECT_FALSE(r.ok);
  EXPECT_NE(r.error.find("cannot open"), std::string::npos) << r.error;
}

TEST(Destination, ParsesAndNamesWhatIsWrong) {
  auto d = parse_destination("jsonl:/tmp/x.jsonl");
  EXPECT_EQ(d.kind, "jsonl");
  EXPECT_EQ(d.address, "/tmp/x.jsonl");
  EXPECT_EQ(parse_destination("webhook:https://h.example/x?a=1").address, "https://h.example/x?a=1");
  EXPECT_THROW(parse_destination("nocolon"), std::invalid_argument);
  EXPECT_THROW(parse_destination("jsonl:"), std::invalid_argument);
  EXPECT_THROW(parse_destination("webhook:/relative"), std::invalid_argument);
  try {
    parse_destination("smoke-signal:hill");
    FAIL();
  } catch (const std::invalid_argument& e) {
    EXPECT_NE(std::string(e.what()).find("known: jsonl, webhook"), std::string::npos) << e.what();
  }
}

}  // namespace
