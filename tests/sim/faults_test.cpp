#include <gtest/gtest.h>
#include <pugixml.hpp>

#include <chrono>

#include "sim/faults.h"
#include "sim_test_util.h"

namespace gather::sim {
namespace {

using namespace std::chrono_literals;
using testing::header;
using testing::VirtualSim;

struct FaultsTest : ::testing::Test {
  FaultsTest() {
    SimOptions o;
    o.feeds = 4;
    o.rate_per_hour = 60;
    sim = std::make_unique<VirtualSim>(o);
    sim->clock.advance(3h);
  }
  void fault(const std::string& query) { ASSERT_EQ(sim->post("/_sim/fault?" + query).response.status, 200) << query; }
  std::unique_ptr<VirtualSim> sim;
};

TEST_F(FaultsTest, StatusFaultsCountDown) {
  fault("feed=1&kind=503&count=2");
  EXPECT_EQ(sim->get("/feeds/1.xml").response.status, 503);
  EXPECT_EQ(sim->get("/feeds/0.xml").response.status, 200);  // other feeds unaffected
  EXPECT_EQ(sim->get("/feeds/1.xml").response.status, 503);
  EXPECT_EQ(sim->get("/feeds/1.xml").response.status, 200);
  fault("feed=1&kind=500");
  EXPECT_EQ(sim->get("/feeds/1.xml").response.status, 500);
  EXPECT_EQ(sim->core->stats().feed(1).faults, 3u);
}

TEST_F(FaultsTest, TooManyRequestsSendsRetryAfter) {
  fault("feed=2&kind=429&retry_after=42");
  SimReply r = sim->get("/feeds/2.xml");
  EXPECT_EQ(r.response.status, 429);
  EXPECT_EQ(header(r, "Retry-After"), "42");
}

TEST_F(FaultsTest, SlowAnswersCorrectlyWithADelay) {
  fault("feed=0&kind=slow&delay_ms=250");
  SimReply r = sim->get("/feeds/0.xml");
  EXPECT_EQ(r.response.status, 200);
  EXPECT_EQ(r.delay, 250ms);
  EXPECT_TRUE(pugi::xml_document().load_string(r.response.body.c_str()));
  EXPECT_EQ(sim->get("/feeds/0.xml").delay, 0ms);
}

TEST_F(FaultsTest, TruncatedCutsHalfTheBodyEvenWhenNotModified) {
  SimReply full = sim->get("/feeds/1.xml");
  fault("feed=1&kind=truncated");
  SimReply r = sim->get("/feeds/1.xml", {{"If-None-Match", *header(full, "ETag")}});
  EXPECT_EQ(r.response.status, 200);
  EXPECT_EQ(r.response.body, full.response.body);
  ASSERT_TRUE(r.response.truncate_at);
  EXPECT_EQ(*r.response.truncate_at, full.response.body.size() / 2);
}

TEST_F(FaultsTest, MalformedBodiesDoNotParse) {
  fault("feed=all&kind=malformed");
  for (int i = 0; i < 3; ++i) {
    SimReply r = sim->get(feed_path(i));
    EXPECT_EQ(r.response.status, 200);
    EXPECT_FALSE(pugi::xml_document().load_string(r.response.body.c_str())) << i;
  }
  SimReply j = sim->get("/feeds/3.json");
  boost::system::error_code ec;
  boost::json::parse(j.response.body, ec);
  EXPECT_TRUE(ec);
  // feed=all queued one per feed; all are used now.
  EXPECT_TRUE(pugi::xml_document().load_string(sim->get("/feeds/0.xml").response.body.c_str()));
}

TEST_F(FaultsTest, ResetSendsNoBody) {
  fault("feed=3&kind=reset");
  SimReply r = sim->get("/feeds/3.json");
  ASSERT_TRUE(r.response.truncate_at);
  EXPECT_EQ(*r.response.truncate_at, 0u);
  EXPECT_FALSE(r.response.body.empty());  // a Content-Length the client never gets
}

TEST_F(FaultsTest, PermanentFaultsLastUntilCleared) {
  fault("feed=0&kind=503&count=-1");
  for (int i = 0; i < 5; ++i) EXPECT_EQ(sim->get("/feeds/0.xml").response.status, 503);
  EXPECT_EQ(sim->core->handle(testing::request("DELETE", "/_sim/fault")).response.status, 200);
  EXPECT_EQ(sim->get("/feeds/0.xml").response.status, 200);
}

TEST_F(FaultsTest, BadFaultRequestsAre400) {
  EXPECT_EQ(sim->post("/_sim/fault?feed=0&kind=teapot").response.status, 400);
  EXPECT_EQ(sim->post("/_sim/fault?feed=0&kind=200").response.status, 400);
  EXPECT_EQ(sim->post("/_sim/fault?feed=9&kind=500").response.status, 400);
  EXPECT_EQ(sim->post("/_sim/fault?kind=500").response.status, 400);
  EXPECT_EQ(sim->post("/_sim/fault?feed=0&kind=500&count=x").response.status, 400);
}

TEST(FaultQueue, ParsesKinds) {
  EXPECT_EQ(parse_fault("slow", 0, 10ms)->kind, FaultKind::slow);
  EXPECT_EQ(parse_fault("503", 0, 0ms)->status, 503);
  EXPECT_FALSE(parse_fault("50x", 0, 0ms));
  EXPECT_FALSE(parse_fault("", 0, 0ms));
  FaultQueue q;
  q.add("k", *parse_fault("500", 0, 0ms), 1);
  q.add("k", *parse_fault("503", 0, 0ms), 1);
  EXPECT_EQ(q.pending("k"), 2);
  EXPECT_EQ(q.take("k")->status, 500);
  EXPECT_EQ(q.take("k")->status, 503);
  EXPECT_FALSE(q.take("k"));
}

}  // namespace
}  // namespace gather::sim
