#include <gtest/gtest.h>

#include <chrono>

#include "core/digest.h"
#include "sim/hooks.h"
#include "sim_test_util.h"

namespace gather::sim {
namespace {

using namespace std::chrono_literals;
using testing::VirtualSim;

SimOptions with_secret() {
  SimOptions o;
  o.hook_secret = "s3cret";
  return o;
}

Headers signed_headers(const std::string& secret, const std::string& body, const std::string& ts = "1700000000") {
  return {{"Content-Type", "application/json"},
          {"X-Gather-Timestamp", ts},
          {"X-Gather-Signature", webhook_signature(secret, ts, body)}};
}

TEST(Hooks, SignatureIsHmacOfTimestampDotBody) {
  // Independent of our helper: the HMAC input is "<timestamp>.<body>".
  std::string body = R"({"a":1})";
  EXPECT_TRUE(hook_signature_ok("k", signed_headers("k", body), body));
  EXPECT_FALSE(hook_signature_ok("k", signed_headers("other", body), body));
  EXPECT_FALSE(hook_signature_ok("k", signed_headers("k", body), body + " "));
  EXPECT_FALSE(hook_signature_ok("k", {}, body));
  Headers moved_ts = signed_headers("k", body);
  moved_ts[1].second = "1700000001";
  EXPECT_FALSE(hook_signature_ok("k", moved_ts, body));
}

TEST(Hooks, CorrectSignatureAcceptedAndRecorded) {
  VirtualSim sim(with_secret());
  std::string body = R"({"post":{"id":"sim-0-1"}})";
  SimReply r = sim.post("/hook/alerts", body, signed_headers("s3cret", body));
  EXPECT_EQ(r.response.status, 200);
  auto d = sim.get_json("/_sim/hook/alerts").at("deliveries").as_array();
  ASSERT_EQ(d.size(), 1u);
  EXPECT_EQ(d[0].at("body").at("post").at("id").as_string(), "sim-0-1");
  EXPECT_TRUE(d[0].at("signature_ok").as_bool());
  EXPECT_EQ(d[0].at("headers").at("x-gather-timestamp").as_string(), "1700000000");
}

TEST(Hooks, WrongSignatureIs401) {
  VirtualSim sim(with_secret());
  std::string body = "plain text";
  SimReply r = sim.post("/hook/alerts", body, signed_headers("wrong", body));
  EXPECT_EQ(r.response.status, 401);
  EXPECT_EQ(sim.post("/hook/alerts", body).response.status, 401);
  auto d = sim.get_json("/_sim/hook/alerts").at("deliveries").as_array();
  ASSERT_EQ(d.size(), 2u);
  EXPECT_FALSE(d[0].at("signature_ok").as_bool());
  EXPECT_EQ(d[0].at("body").as_string(), "plain text");  // not JSON: kept as a string
}

TEST(Hooks, NoSecretAcceptsEverything) {
  VirtualSim sim;
  EXPECT_EQ(sim.post("/hook/x", "{}").response.status, 200);
  EXPECT_EQ(sim.core->hook_deliveries("x").size(), 1u);
  EXPECT_TRUE(sim.get_json("/_sim/hook/other").at("deliveries").as_array().empty());
}

TEST(Hooks, FaultsFailTheNextCalls) {
  VirtualSim sim;
  ASSERT_EQ(sim.post("/_sim/fault?hook=x&kind=500&count=2").response.status, 200);
  EXPECT_EQ(sim.post("/hook/x", "{}").response.status, 500);
  EXPECT_EQ(sim.post("/hook/y", "{}").response.status, 200);  // per hook name
  EXPECT_EQ(sim.post("/hook/x", "{}").response.status, 500);
  EXPECT_EQ(sim.post("/hook/x", "{}").response.status, 200);
  EXPECT_EQ(sim.core->hook_deliveries("x").size(), 1u);  // failed calls are not deliveries
  auto stats = sim.get_json("/_sim/stats");
  EXPECT_EQ(stats.at("hooks").to_number<std::uint64_t>(), 4u);
  EXPECT_EQ(stats.at("hook_faults").to_number<std::uint64_t>(), 2u);
}

TEST(Hooks, ClearDeliveries) {
  VirtualSim sim;
  sim.post("/hook/x", "{}");
  EXPECT_EQ(sim.core->handle(testing::request("DELETE", "/_sim/hook/x")).response.status, 200);
  EXPECT_TRUE(sim.core->hook_deliveries("x").empty());
}

}  // namespace
}  // namespace gather::sim
