// The command contract other tools rely on: what each command prints, its exit codes, and that
// bad input is named (file, line, key) and refused without touching stored data.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "sim_harness.h"

using namespace gather::testing;
namespace json = boost::json;

namespace {

class CliTest : public ::testing::Test {
 protected:
  void SetUp() override { dir_ = temp_dir(::testing::UnitTest::GetInstance()->current_test_info()->name()); }
  void TearDown() override {
    if (!HasFailure()) std::filesystem::remove_all(dir_);
  }
  Result gather(std::vector<std::string> args) {
    args.insert(args.begin(), {gather_binary(), "--data", dir_ + "/data"});
    return run(args);
  }
  std::string dir_;
};

TEST_F(CliTest, TargetAndSubAddPrintOnlyTheNewId) {
  auto t = gather({"target", "add", "rss", "https://example.org/feed.xml", "--interval", "30s"});
  ASSERT_EQ(t.exit_code, 0) << t.err;
  EXPECT_EQ(t.out, "1\n");
  auto s = gather({"sub", "add", "--target", "1", "--to", "jsonl:" + dir_ + "/out.jsonl"});
  ASSERT_EQ(s.exit_code, 0) << s.err;
  EXPECT_EQ(s.out, "1\n");
  auto w = gather({"sub", "add", "--target", "1", "--to", "webhook:https://hooks.example/x", "--secret", "k",
                   "--tags", "news,~ads"});
  ASSERT_EQ(w.exit_code, 0) << w.err;
  EXPECT_EQ(w.out, "2\n");

  auto ls = gather({"--json", "target", "ls"});
  ASSERT_EQ(ls.exit_code, 0);
  auto targets = json::parse(ls.out).as_array();
  ASSERT_EQ(targets.size(), 1u);
  EXPECT_EQ(targets[0].at("key").as_string(), "https://example.org/feed.xml");
  EXPECT_EQ(targets[0].at("interval_s").as_int64(), 30);

  auto subs = gather({"--json", "sub", "ls"});
  auto arr = json::parse(subs.out).as_array();
  ASSERT_EQ(arr.size(), 2u);
  EXPECT_EQ(arr[1].at("to").as_string(), "webhook:https://hooks.example/x");
  EXPECT_TRUE(arr[1].at("signed").as_bool());
  EXPECT_EQ(subs.out.find("\"k\""), std::string::npos) << "the secret is never printed";

  auto table = gather({"status"});
  ASSERT_EQ(table.exit_code, 0);
  EXPECT_NE(table.out.find("not fetched yet"), std::string::npos) << table.out;
}

TEST_F(CliTest, BadInputIsNamedAndExitsTwo) {
  auto bad_url = gather({"target", "add", "rss", "not a url"});
  EXPECT_EQ(bad_url.exit_code, 2);
  EXPECT_NE(bad_url.err.find("not a url"), std::string::npos) << bad_url.err;
  EXPECT_EQ(gather({"target", "add", "nosuch", "x"}).exit_code, 2);
  ASSERT_EQ(gather({"target", "add", "rss", "https://example.org/a"}).exit_code, 0);
  auto dup = gather({"target", "add", "rss", "https://example.org/a"});
  EXPECT_EQ(dup.exit_code, 2);
  EXPECT_NE(dup.err.find("already exists"), std::string::npos) << dup.err;
  auto bad_dest = gather({"sub", "add", "--target", "1", "--to", "carrier-pigeon:home"});
  EXPECT_EQ(bad_dest.exit_code, 2);
  EXPECT_NE(bad_dest.err.find("carrier-pigeon"), std::string::npos);
  EXPECT_EQ(gather({"sub", "add", "--target", "99", "--to", "jsonl:/tmp/x"}).exit_code, 2);
  EXPECT_EQ(gather({"sub", "add", "--target", "1", "--to", "webhook:ftp://x"}).exit_code, 2);
  EXPECT_EQ(gather({"frobnicate"}).exit_code, 2);
}

TEST_F(CliTest, BadConfigIsRefusedWithFileLineAndKey) {
  std::string cfg = dir_ + "/gather.toml";
  std::ofstream(cfg) << "data = \"d\"\n\n[[target]]\nname = \"a\"\nurl = \"https://example.org/a\"\nintervall = \"5m\"\n";
  auto r = run({gather_binary(), "--config", cfg, "status"});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find(cfg + ":6: unknown key 'intervall'"), std::string::npos) << r.err;

  std::ofstream(cfg) << "[[target]]\nname = \"a\"\nurl = \"https://example.org/a\"\ninterval = \"soon\"\n";
  r = run({gather_binary(), "--config", cfg, "status"});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find(":4: 'interval' must be a duration"), std::string::npos) << r.err;

  std::ofstream(cfg) << "[[subscription]]\ntarget = \"nope\"\nto = \"jsonl:x\"\n";
  r = run({gather_binary(), "--config", cfg, "status"});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find(":2: no [[target]] is named 'nope'"), std::string::npos) << r.err;

  std::ofstream(cfg) << "[schedule]\nmin_interval = \"1m\"\nanonymous = { rss = \"many\" }\n";
  r = run({gather_binary(), "--config", cfg, "status"});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find(":3: 'anonymous.rss' must be N/DURATION"), std::string::npos) << r.err;

  std::ofstream(cfg) << "[schedule]\nanonymous = { myspace = \"1/1s\" }\n";
  r = run({gather_binary(), "--config", cfg, "status"});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find(":2: unknown platform 'myspace'"), std::string::npos) << r.err;

  std::ofstream(cfg) << "[platform.rss]\nbase_url = \"ftp://x\"\n";
  r = run({gather_binary(), "--config", cfg, "status"});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find(":2: 'base_url' must start with http"), std::string::npos) << r.err;

  std::ofstream(cfg) << "[platform.myspace]\nbase_url = \"http://x\"\n";
  r = run({gather_binary(), "--config", cfg, "status"});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("unknown platform 'myspace' in [platform]"), std::string::npos) << r.err;

  std::ofstream(cfg) << "[schedule]\nmin_interval = \"2h\"\n";
  r = run({gather_binary(), "--config", cfg, "status"});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("'max_interval' must be positive and at least 'min_interval'"), std::string::npos) << r.err;

  std::ofstream(cfg) << "data = [\n";
  r = run({gather_binary(), "--config", cfg, "status"});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find(cfg + ":"), std::string::npos) << r.err;
}

TEST_F(CliTest, TheShippedExampleConfigIsValid) {
  auto r = gather({"--config", GATHER_SOURCE_DIR "/examples/gather.toml", "--json", "sub", "ls"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(json::parse(r.out).as_array().size(), 2u);
}

TEST_F(CliTest, ConfigSyncKeepsStateAndCliTargets) {
  std::string cfg = dir_ + "/gather.toml";
  std::ofstream(cfg) << "data = \"data\"\n[[target]]\nname = \"a\"\nurl = \"https://example.org/a\"\n"
                        "[[subscription]]\ntarget = \"a\"\nto = \"jsonl:out.jsonl\"\ntags = [\"x\"]\n";
  ASSERT_EQ(run({gather_binary(), "--config", cfg, "status"}).exit_code, 0);
  ASSERT_EQ(run({gather_binary(), "--config", cfg, "target", "add", "rss", "https://example.org/b"}).exit_code, 0);
  // Change the filter, drop nothing: same subscription id, new filter; CLI target untouched.
  std::ofstream(cfg) << "data = \"data\"\n[[target]]\nname = \"a\"\nurl = \"https://example.org/a\"\n"
                        "[[subscription]]\ntarget = \"a\"\nto = \"jsonl:out.jsonl\"\ntags = [\"y\"]\n";
  auto subs = json::parse(run({gather_binary(), "--config", cfg, "--json", "sub", "ls"}).out).as_array();
  ASSERT_EQ(subs.size(), 1u);
  EXPECT_EQ(subs[0].at("id").as_int64(), 1);
  EXPECT_EQ(subs[0].at("filters").at("tags").as_array()[0].as_string(), "y");
  EXPECT_EQ(subs[0].at("to").as_string(), "jsonl:" + dir_ + "/out.jsonl");
  // Removing the target from the config disables it, keeping its seen posts.
  std::ofstream(cfg) << "data = \"data\"\n";
  auto targets = json::parse(run({gather_binary(), "--config", cfg, "--json", "target", "ls"}).out).as_array();
  ASSERT_EQ(targets.size(), 2u);
  EXPECT_FALSE(targets[0].at("enabled").as_bool());
  EXPECT_TRUE(targets[1].at("enabled").as_bool());
}

TEST_F(CliTest, OpmlImportAndExportRoundTrip) {
  std::string opml = dir_ + "/in.opml";
  std::ofstream(opml) << R"(<?xml version="1.0"?><opml version="2.0"><head/><body>
    <outline text="Tech"><outline text="A" title="Feed A" xmlUrl="https://a.example/feed"/>
    <outline text="B" xmlUrl="https://b.example/rss"/></outline>
    <outline text="broken" xmlUrl="mailto:x"/></body></opml>)";
  auto r = gather({"--json", "target", "import", opml});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  auto result = json::parse(r.out).as_object();
  EXPECT_EQ(result.at("added").as_array().size(), 2u);
  EXPECT_EQ(result.at("skipped").as_array().size(), 1u);
  EXPECT_EQ(json::parse(gather({"--json", "target", "import", opml}).out).at("added").as_array().size(), 0u);
  auto out = gather({"target", "export"});
  ASSERT_EQ(out.exit_code, 0);
  EXPECT_NE(out.out.find("xmlUrl=\"https://a.example/feed\""), std::string::npos) << out.out;
  EXPECT_NE(out.out.find("title=\"Feed A\""), std::string::npos);
  std::ofstream(opml) << "<opml><body><outline";
  EXPECT_EQ(gather({"target", "import", opml}).exit_code, 2);
}

TEST_F(CliTest, FetchPrintsPostsWithoutStoringAndFetchAllDelivers) {
  SimProcess sim(dir_, 2);
  sim.publish(0, 3);
  auto one = gather({"fetch", sim.feed_url(0)});
  ASSERT_EQ(one.exit_code, 0) << one.err;
  auto page = json::parse(one.out).as_object();
  EXPECT_EQ(page.at("posts").as_array().size(), 3u);
  EXPECT_TRUE(json::parse(gather({"--json", "target", "ls"}).out).as_array().empty()) << "fetch stores nothing";

  ASSERT_EQ(gather({"target", "add", "rss", sim.feed_url(0)}).exit_code, 0);
  ASSERT_EQ(gather({"sub", "add", "--target", "1", "--to", "jsonl:" + dir_ + "/o.jsonl"}).exit_code, 0);
  auto first = gather({"--json", "fetch", "--all"});
  ASSERT_EQ(first.exit_code, 0) << first.err;
  EXPECT_EQ(json::parse(first.out).at("queued").as_int64(), 0) << "the first fetch only records";
  sim.publish(0, 2);
  auto second = json::parse(gather({"--json", "fetch", "--all"}).out).as_object();
  EXPECT_EQ(second.at("delivered").as_int64(), 2);
  EXPECT_EQ(jsonl_lines(dir_ + "/o.jsonl").size(), 2u);
  auto third = json::parse(gather({"--json", "fetch", "--all"}).out).as_object();
  EXPECT_EQ(third.at("not_modified").as_int64(), 1) << "conditional GET: nothing new costs no parse";
  EXPECT_EQ(gather({"fetch", "42"}).exit_code, 2);
}

TEST_F(CliTest, AFailingSinkShowsInStatusAndDegradesOnlyItself) {
  SimProcess sim(dir_, 1);
  ASSERT_EQ(gather({"target", "add", "rss", sim.feed_url(0)}).exit_code, 0);
  ASSERT_EQ(gather({"sub", "add", "--target", "1", "--to", "webhook:http://127.0.0.1:1/nobody-listens"}).exit_code, 0);
  ASSERT_EQ(gather({"sub", "add", "--target", "1", "--to", "jsonl:" + dir_ + "/o.jsonl"}).exit_code, 0);
  ASSERT_EQ(gather({"fetch", "--all"}).exit_code, 0);
  sim.publish(0, 2);
  ASSERT_EQ(gather({"fetch", "--all"}).exit_code, 0);
  EXPECT_EQ(jsonl_lines(dir_ + "/o.jsonl").size(), 2u) << "the healthy sink is not held up";
  auto status = json::parse(gather({"--json", "status"}).out).as_object();
  auto subs = status.at("subscriptions").as_array();
  ASSERT_EQ(subs.size(), 2u);
  EXPECT_EQ(subs[0].at("state").as_string(), "retrying");
  EXPECT_EQ(subs[0].at("pending").as_int64(), 2);
  EXPECT_FALSE(subs[0].at("error").as_string().empty());
  EXPECT_EQ(subs[1].at("state").as_string(), "ok");
  EXPECT_EQ(subs[1].at("delivered").as_int64(), 2);
  auto table = gather({"status"});
  EXPECT_NE(table.out.find("127.0.0.1"), std::string::npos) << table.out;
}

}  // namespace
