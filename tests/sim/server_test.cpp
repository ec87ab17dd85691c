// The simulator behind a real socket, fetched with the real client: what only the wire shows
// (delayed answers, truncated transfers, dropped connections).
#include <gtest/gtest.h>
#include <pugixml.hpp>

#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/post.hpp>
#include <boost/json.hpp>

#include <chrono>
#include <thread>

#include "net/http_client.h"
#include "sim/simulator.h"

namespace gather {
namespace {

using namespace std::chrono_literals;

struct ServerTest : ::testing::Test {
  ServerTest() {
    SimOptions o;
    o.feeds = 4;
    o.rate_per_hour = 60;
    sim = std::make_unique<Simulator>(io, o, clock);
    clock.advance(2h);
    thread = std::thread([this] { io.run(); });
  }
  ~ServerTest() override {
    boost::asio::post(io, [this] { sim->stop(); });
    work.reset();
    thread.join();
    sim.reset();
  }
  HttpResponse get(const std::string& path, Headers headers = {}) {
    HttpRequest r;
    r.url = sim->base_url() + path;
    r.headers = std::move(headers);
    r.timeout = 5s;
    return fetch_blocking(r);
  }
  HttpResponse post(const std::string& path) {
    HttpRequest r;
    r.method = "POST";
    r.url = sim->base_url() + path;
    r.timeout = 5s;
    return fetch_blocking(r);
  }

  ManualClock clock;
  boost::asio::io_context io;
  boost::asio::executor_work_guard<boost::asio::io_context::executor_type> work{io.get_executor()};
  std::unique_ptr<Simulator> sim;
  std::thread thread;
};

TEST_F(ServerTest, ServesFeedsAndConditionalGet) {
  EXPECT_EQ(sim->feed_url(3), sim->base_url() + "/feeds/3.json");
  HttpResponse r = get("/feeds/0.xml");
  ASSERT_TRUE(r.ok()) << r.error;
  EXPECT_TRUE(pugi::xml_document().load_string(r.body.c_str()));
  auto etag = r.header("ETag");
  ASSERT_TRUE(etag);
  EXPECT_EQ(get("/feeds/0.xml", {{"If-None-Match", *etag}}).status, 304);
  ASSERT_EQ(post("/_sim/publish?feed=0&n=1").status, 200);
  EXPECT_EQ(get("/feeds/0.xml", {{"If-None-Match", *etag}}).status, 200);
}

TEST_F(ServerTest, AdvanceOverHttpMovesTheSharedClock) {
  auto before = clock.now();
  ASSERT_EQ(post("/_sim/advance?s=60").status, 200);
  EXPECT_EQ(clock.now() - before, 60s);
  sim->advance(30s);
  EXPECT_EQ(clock.now() - before, 90s);
}

TEST_F(ServerTest, SlowAnswersLate) {
  sim->core().add_fault("feed:1", *sim::parse_fault("slow", 0, 300ms), 1);
  auto t0 = std::chrono::steady_clock::now();
  HttpResponse r = get("/feeds/1.xml");
  auto took = std::chrono::steady_clock::now() - t0;
  ASSERT_TRUE(r.ok()) << r.error;
  EXPECT_GE(took, 300ms);
  EXPECT_TRUE(pugi::xml_document().load_string(r.body.c_str()));
}

TEST_F(ServerTest, TruncatedTransferIsAnError) {
  ASSERT_EQ(post("/_sim/fault?feed=2&kind=truncated").status, 200);
  HttpResponse r = get("/feeds/2.xml");
  EXPECT_FALSE(r.ok());
  EXPECT_FALSE(r.error.empty());
  EXPECT_TRUE(get("/feeds/2.xml").ok());  // only one was queued
}

TEST_F(ServerTest, ResetIsAnError) {
  ASSERT_EQ(post("/_sim/fault?feed=3&kind=reset").status, 200);
  HttpResponse r = get("/feeds/3.json");
  EXPECT_FALSE(r.ok());
  EXPECT_FALSE(r.error.empty());
}

TEST_F(ServerTest, StatusFaultsOnTheWire) {
  ASSERT_EQ(post("/_sim/fault?feed=0&kind=429&retry_after=7").status, 200);
  HttpResponse r = get("/feeds/0.xml");
  EXPECT_EQ(r.status, 429);
  EXPECT_EQ(r.header("Retry-After"), "7");
}

TEST_F(ServerTest, StopAnswersPendingSlowReplies) {
  sim->core().add_fault("feed:1", *sim::parse_fault("slow", 0, 60'000ms), 1);
  std::thread stopper([this] {
    std::this_thread::sleep_for(200ms);
    boost::asio::post(io, [this] { sim->stop(); });
  });
  auto t0 = std::chrono::steady_clock::now();
  get("/feeds/1.xml");  // answered or dropped, but not after a minute
  EXPECT_LT(std::chrono::steady_clock::now() - t0, 10s);
  stopper.join();
}

TEST(RealTimeSimulator, OwnsASystemClockAndRefusesAdvance) {
  boost::asio::io_context io;
  SimOptions o;
  o.feeds = 1;
  Simulator sim(io, o);
  EXPECT_GT(sim.port(), 0);
  EXPECT_THROW(sim.advance(1s), std::logic_error);
  EXPECT_EQ(sim.publish(0, 2).size(), 2u);
  EXPECT_EQ(sim.posts().size(), 2u);
  EXPECT_EQ(sim.posts()[0].url, sim.base_url() + "/posts/0/0");
}

TEST(VirtualSimulator, OwnsAManualClock) {
  boost::asio::io_context io;
  SimOptions o;
  o.virtual_time = true;
  o.feeds = 2;
  o.rate_per_hour = 10;
  Simulator sim(io, o);
  auto t0 = sim.now();
  sim.advance(100h);
  EXPECT_EQ(sim.now() - t0, 100h);
  EXPECT_GT(sim.posts(0).size(), 0u);
}

}  // namespace
}  // namespace gather
