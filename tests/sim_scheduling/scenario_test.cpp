// Scenario loading: the documented format, errors that name the field path, and `generate`.
#include <gtest/gtest.h>

#include <cmath>

#include "test_util.h"

using namespace gather::simsched;
using namespace gather::simsched::testing;
using gather::policy::Scope;

namespace {

const char* kExample = R"({"seed":1,"duration_s":86400,"page_size":20,"max_interval_s":3600,"ban_s":1800,
  "platforms":{"P":{"anonymous":{"requests":30,"window_s":60}}},
  "targets":[{"id":"t1","platform":"P","rate_per_hour":2.5,"public":true,"diurnal":0.5,"subscribers":[{"tenant":"a"}]},
             {"id":"t2","platform":"P","rate_per_hour":1,"public":false}],
  "credentials":[{"id":"c1","platform":"P","tenant":"a","scope":"shared","limit":{"requests":10,"window_s":60},
                  "targets":["t1"],"expires_at_s":null},
                 {"id":"c2","platform":"P","tenant":"b","scope":"private","limit":{"requests":5,"window_s":600},
                  "targets":"*","expires_at_s":7200}]})";

TEST(ScenarioTest, ParsesTheDocumentedFormat) {
  Scenario s = parse(kExample);
  EXPECT_EQ(s.seed, 1u);
  EXPECT_EQ(s.page_size, 20);
  ASSERT_EQ(s.targets.size(), 2u);
  EXPECT_DOUBLE_EQ(s.targets[0].rate_per_s, 2.5 / 3600);
  EXPECT_DOUBLE_EQ(s.targets[0].diurnal, 0.5);
  ASSERT_EQ(s.targets[0].subscriber_tenants.size(), 1u);
  EXPECT_EQ(s.tenants[s.targets[0].subscriber_tenants[0]], "a");
  EXPECT_EQ(s.targets[1].subscriber_tenants, std::vector<int>{-1});  // default: one public subscriber
  EXPECT_FALSE(s.targets[1].is_public);
  ASSERT_EQ(s.credentials.size(), 3u);  // c1, c2, anonymous:P
  EXPECT_EQ(s.credentials[0].reach, std::vector<int>{0});
  EXPECT_FALSE(s.credentials[0].expires_at_s);
  EXPECT_EQ(s.credentials[1].scope, Scope::private_);
  EXPECT_EQ(s.credentials[1].reach, (std::vector<int>{0, 1}));
  EXPECT_EQ(*s.credentials[1].expires_at_s, 7200);
  EXPECT_EQ(s.credentials[2].id, "anonymous:P");
  EXPECT_EQ(s.credentials[2].scope, Scope::anonymous);
  EXPECT_EQ(s.credentials[2].reach, std::vector<int>{0});  // public targets only
  EXPECT_DOUBLE_EQ(s.credentials[2].budget_per_s(), 0.5);
  // c2 is private to tenant b, which subscribes to nothing: it delivers nowhere.
  EXPECT_FALSE(s.delivers(1, 0));
  EXPECT_TRUE(s.delivers(0, 0));
}

TEST(ScenarioTest, DiurnalMeanOverADayIsTheBaseRate) {
  Scenario s = parse(kExample);
  EXPECT_NEAR(s.mean_rate(0, 0, 86400), 2.5 / 3600, 1e-15);
  EXPECT_GT(s.mean_rate(0, 0, 3600), 2.5 / 3600);  // the sinusoid rises first
  EXPECT_NEAR(s.rate_at(0, 21600), 2.5 / 3600 * 1.5, 1e-15);
}

TEST(ScenarioTest, ErrorsNameTheFieldPath) {
  auto with_target = [](const std::string& target) {
    return R"({"platforms":{"P":{}},"targets":[{"id":"a","rate_per_hour":1},)" + target + "]}";
  };
  EXPECT_EQ(error_of(with_target(R"({"id":"b","rate_per_hour":-1})")),
            "targets[1].rate_per_hour must be a number >= 0");
  EXPECT_EQ(error_of(with_target(R"({"id":"b","rate_per_hour":"x"})")),
            "targets[1].rate_per_hour must be a number >= 0");
  EXPECT_EQ(error_of(with_target(R"({"id":"b","rate_per_hour":1,"diurnal":2})")),
            "targets[1].diurnal must be a number in [0, 1]");
  EXPECT_EQ(error_of(with_target(R"({"id":"a","rate_per_hour":1})")), "targets[1].id repeats target id 'a'");
  EXPECT_EQ(error_of(with_target(R"({"id":"b","rate_per_hour":1,"platform":"Q"})")),
            "targets[1].platform names no platform in platforms: 'Q'");
  EXPECT_EQ(error_of(with_target(R"({"id":"b","rate_per_hour":1,"colour":1})")), "targets[1].colour is not a known key");
  EXPECT_EQ(error_of(with_target(R"({"id":"b","rate_per_hour":1,"subscribers":[{"tenant":3}]})")),
            "targets[1].subscribers[0].tenant must be a non-empty string");

  std::string creds = R"({"platforms":{"P":{}},"targets":[{"id":"a","rate_per_hour":1}],"credentials":[)";
  EXPECT_EQ(error_of(creds + R"({"id":"c","tenant":"x","limit":{"requests":1,"window_s":1},"targets":["a","zz"]}]})"),
            "credentials[0].targets[1] names no target: 'zz'");
  EXPECT_EQ(error_of(creds + R"({"id":"c","tenant":"x","limit":{"requests":0,"window_s":1},"targets":"*"}]})"),
            "credentials[0].limit.requests must be an integer >= 1");
  EXPECT_EQ(error_of(creds + R"({"id":"c","tenant":"x","scope":"secret","limit":{"requests":1,"window_s":1},"targets":"*"}]})"),
            "credentials[0].scope must be \"shared\" or \"private\"");
  EXPECT_EQ(error_of(creds + R"({"id":"c","tenant":"x","limit":{"requests":1,"window_s":1}}]})"),
            "credentials[0].targets is required (\"*\" or a list of target ids)");
  EXPECT_EQ(error_of(R"({"platforms":{"P":{}},"generate":{"targets":5,"credentials":1,"rate":{"dist":"pareto","mean_per_hour":1}}})"),
            "generate.rate.dist must be \"zipf\", \"uniform\" or \"lognormal\"");
  EXPECT_EQ(error_of(R"({"platforms":{"P":{}}})"), "targets is required (or a generate object)");
  EXPECT_EQ(error_of(R"({"page_size":0,"platforms":{"P":{}},"targets":[]})"), "page_size must be an integer >= 1");
}

TEST(ScenarioTest, LoadErrorsNameTheFile) {
  try {
    load_scenario("/nonexistent/x.json");
    FAIL();
  } catch (const ScenarioError& e) {
    EXPECT_NE(std::string(e.what()).find("/nonexistent/x.json"), std::string::npos);
  }
}

const char* kGenerate = R"({"seed":%SEED%,"platforms":{"P":{"anonymous":{"requests":10,"window_s":60}}},
  "generate":{"targets":400,"credentials":40,"rate":{"dist":"%DIST%","s":1.2,"sigma":1,"min":0.5,"max":2,"mean_per_hour":3},
              "coverage":0.05,"public_fraction":0.3,"private_fraction":0.2,"tenants":2,
              "limit":{"requests":7,"window_s":300}}})";

Scenario generated(int seed, const std::string& dist) {
  std::string text = kGenerate;
  text.replace(text.find("%SEED%"), 6, std::to_string(seed));
  text.replace(text.find("%DIST%"), 6, dist);
  return parse(text);
}

TEST(ScenarioTest, GenerateIsDeterministicAndHonoursItsKeys) {
  for (std::string dist : {"zipf", "uniform", "lognormal"}) {
    Scenario a = generated(5, dist), b = generated(5, dist), c = generated(6, dist);
    ASSERT_EQ(a.targets.size(), 400u);
    ASSERT_EQ(a.credentials.size(), 41u);  // + anonymous
    bool differs = false;
    double sum = 0;
    int n_public = 0;
    for (std::size_t t = 0; t < a.targets.size(); ++t) {
      EXPECT_EQ(a.targets[t].rate_per_s, b.targets[t].rate_per_s);
      EXPECT_EQ(a.targets[t].is_public, b.targets[t].is_public);
      differs = differs || a.targets[t].rate_per_s != c.targets[t].rate_per_s;
      sum += a.targets[t].rate_per_s * 3600;
      n_public += a.targets[t].is_public;
    }
    EXPECT_TRUE(differs) << dist;
    EXPECT_NEAR(sum / 400, 3.0, 1e-9) << dist;  // scaled to the mean exactly
    EXPECT_EQ(n_public, 120);
    int n_private = 0;
    std::vector<bool> reachable(400, false);
    for (std::size_t c2 = 0; c2 < a.credentials.size(); ++c2) {
      const auto& cred = a.credentials[c2];
      EXPECT_EQ(cred.reach, b.credentials[c2].reach);
      if (cred.scope == Scope::anonymous) continue;
      n_private += cred.scope == Scope::private_;
      EXPECT_GE(cred.reach.size(), 20u);  // 5% of 400, plus any orphans handed to it
      EXPECT_EQ(cred.requests, 7);
      for (int t : cred.reach) reachable[t] = true;
    }
    EXPECT_EQ(n_private, 8);
    for (int t = 0; t < 400; ++t) EXPECT_TRUE(reachable[t] || a.targets[t].is_public) << t;
  }
  // Zipf: the largest rate is about rank 1's share.
  Scenario z = generated(5, "zipf");
  double top = 0;
  for (const auto& t : z.targets) top = std::max(top, t.rate_per_s * 3600);
  double norm = 0;
  for (int i = 1; i <= 400; ++i) norm += std::pow(i, -1.2);
  EXPECT_NEAR(top, 3.0 * 400 / norm, 1e-9);
}

TEST(ScenarioTest, ShippedScenariosLoad) {
  for (const char* name : {"uniform", "zipf", "tenants"}) {
    Scenario s = load_scenario(scenario_path(name));
    EXPECT_FALSE(s.targets.empty()) << name;
  }
  Scenario t = load_scenario(scenario_path("tenants"));
  bool expiring = false;
  for (const auto& c : t.credentials) expiring = expiring || (c.expires_at_s && *c.expires_at_s < t.duration_s);
  EXPECT_TRUE(expiring);
}

}  // namespace
