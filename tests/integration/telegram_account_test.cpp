// gather's Telegram accounts against the TDLib stand-in (sim/tdjson: the same four functions as
// libtdjson, answering TDLib's own JSON from the simulator's world). The simulator runs in
// virtual time; the account's history budget there is lifted unless a test is about budgets,
// since virtual time that does not move would never free a window.
#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "sim_harness.h"

using namespace gather::testing;
namespace json = boost::json;

namespace {

constexpr const char* kApi = "api_id = 94575\napi_hash = \"a3406de8d171bb422bb6ddf3bbd800e2\"\n";

struct TargetSpec {
  std::string name, url;
  bool join = false;
  std::string to = "jsonl:out.jsonl";
};

class TelegramAccountTest : public ServeFixture {
 protected:
  void SetUp() override {
    start_sim(3);
    // The stand-in reads where its world lives from the environment, as gather's children do.
    ::setenv("GATHER_TDSIM_URL", sim_->base().c_str(), 1);
  }
  void write(const std::vector<TargetSpec>& targets, const std::string& anonymous = "20/1s") {
    std::ostringstream cfg;
    cfg << "data = \"data\"\ndrain_timeout = \"5s\"\n"
        << "[schedule]\nmin_interval = \"200ms\"\nmax_interval = \"2s\"\nanonymous = { telegram = \"" << anonymous
        << "\" }\n"
        << "[platform.telegram]\nbase_url = \"" << sim_->base() << "\"\n"
        << "[telegram]\ntdjson = \"" << GATHER_TDJSON_STANDIN << "\"\n"
        << kApi;
    for (const auto& t : targets) {
      cfg << "[[target]]\nname = \"" << t.name << "\"\nplatform = \"telegram\"\nurl = \"" << t.url << "\"\n";
      if (t.join) cfg << "join = true\n";
      cfg << "[[subscription]]\ntarget = \"" << t.name << "\"\nto = \"" << t.to << "\"\n";
    }
    write_config(cfg.str());
  }
  Result gather(std::vector<std::string> args, const std::string& in = "") const {
    args.insert(args.begin(), {gather_binary(), "--config", config()});
    return run(args, in);
  }
  // Logs `phone` in through the CLI (code 12345 on stdin) and lifts its history budget.
  void add_account(const std::string& phone, const std::string& scope = "shared") {
    auto r = gather({"cred", "add", "--platform", "telegram", "--phone", phone, "--scope", scope, "--limit", "600/60s"},
                    "12345\n");
    ASSERT_EQ(r.exit_code, 0) << r.err;
    sim_->call("POST", "/_sim/tg/limits?phone=%2B" + phone.substr(1) + "&history=0");
  }
  json::object account_stats(const std::string& phone) const {
    return sim_->call("GET", "/_sim/tg/stats").at("accounts").at(phone).as_object();
  }
  std::int64_t stat(const std::string& phone, const char* key) const { return account_stats(phone).at(key).as_int64(); }
  // Waits until every target's first good read recorded what was there: a post published
  // before it is part of the baseline, never pushed.
  void wait_read() {
    ASSERT_TRUE(eventually([&] {
      auto r = run({gather_binary(), "--config", config(), "--json", "status"});
      if (r.exit_code != 0) return false;
      const json::value doc = json::parse(r.out);
      for (const auto& t : doc.at("targets").as_array())
        if (t.at("posts_seen").as_int64() == 0 || !t.at("last_ok").is_string()) return false;
      return true;
    })) << log();
  }
  // Post ids delivered to a jsonl file, each checked to be there once.
  std::set<std::string> delivered(const std::string& file = "out.jsonl") {
    std::set<std::string> out;
    if (!std::filesystem::exists(dir_ + "/" + file)) return out;
    for (const auto& line : jsonl_lines(dir_ + "/" + file)) {
      std::string id(line.at("post").at("id").as_string());
      EXPECT_TRUE(out.insert(id).second) << id << " delivered twice";
    }
    return out;
  }
  std::set<std::string> texts(const std::string& file = "out.jsonl") {
    std::set<std::string> out;
    if (!std::filesystem::exists(dir_ + "/" + file)) return out;
    for (const auto& line : jsonl_lines(dir_ + "/" + file)) out.insert(std::string(line.at("post").at("text").as_string()));
    return out;
  }
  void post(const std::string& chat, const std::string& text) const {
    sim_->call("POST", "/_sim/tg/post?chat=" + chat + "&text=" + text);
  }
  void stop_gather() {
    gather_->signal(SIGTERM);
    EXPECT_EQ(gather_->wait(std::chrono::seconds{20}), 0) << log();
    gather_.reset();
  }
};

TEST_F(TelegramAccountTest, LoginAsksAgainAfterAWrongCodeTakesTheTwoFactorPasswordAndRefusesRegistration) {
  write({});
  auto wrong_then_right = gather({"cred", "add", "--platform", "telegram", "--phone", "+99910001"}, "11111\n12345\n");
  EXPECT_EQ(wrong_then_right.exit_code, 0) << wrong_then_right.err;
  auto two_factor = gather({"cred", "add", "--platform", "telegram", "--phone", "+99960002"}, "12345\nwrong\nhunter2\n");
  EXPECT_EQ(two_factor.exit_code, 0) << two_factor.err;
  auto unregistered = gather({"cred", "add", "--platform", "telegram", "--phone", "+99900003"}, "12345\n");
  EXPECT_EQ(unregistered.exit_code, 2);
  EXPECT_NE(unregistered.err.find("has no Telegram account"), std::string::npos) << unregistered.err;
  auto again = gather({"cred", "add", "--platform", "telegram", "--phone", "+99910001"}, "12345\n");
  EXPECT_EQ(again.exit_code, 2);
  EXPECT_NE(again.err.find("already"), std::string::npos) << again.err;

  auto ls = gather({"--json", "cred", "ls"});
  ASSERT_EQ(ls.exit_code, 0) << ls.err;
  auto creds = json::parse(ls.out).as_array();
  ASSERT_EQ(creds.size(), 2u);
  for (const auto& c : creds) {
    EXPECT_EQ(c.at("kind").as_string(), "account");
    EXPECT_EQ(c.at("secret").as_string(), "[redacted]");
  }
  EXPECT_EQ(ls.out.find("+9991"), std::string::npos) << "the phone is part of the secret";
  // Each account has its own database directory; rm logs out and deletes it.
  const std::string tg = dir_ + "/data/telegram";
  auto dirs = [&] { return std::distance(std::filesystem::directory_iterator(tg), std::filesystem::directory_iterator{}); };
  EXPECT_EQ(dirs(), 2);
  auto rm = gather({"cred", "rm", std::to_string(creds[0].at("id").as_int64())});
  EXPECT_EQ(rm.exit_code, 0) << rm.err;
  EXPECT_TRUE(rm.err.empty()) << rm.err;
  EXPECT_EQ(dirs(), 1);
  auto readd = gather({"cred", "add", "--platform", "telegram", "--phone", "+99910001"}, "12345\n");
  EXPECT_EQ(readd.exit_code, 0) << readd.err;
}

TEST_F(TelegramAccountTest, WithoutApiIdTheErrorNamesTheKey) {
  write_config("data = \"data\"\n");
  auto r = gather({"cred", "add", "--platform", "telegram", "--phone", "+99910001"}, "12345\n");
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("[telegram] api_id"), std::string::npos) << r.err;
  // A half-set section and a malformed value are named with file, line and key.
  write_config("data = \"data\"\n[telegram]\napi_id = 5\n");
  auto half = gather({"cred", "ls"});
  EXPECT_EQ(half.exit_code, 2);
  EXPECT_NE(half.err.find("gather.toml:2: [telegram] needs both 'api_id' and 'api_hash' ('api_hash' is missing)"),
            std::string::npos)
      << half.err;
  write_config("data = \"data\"\n[telegram]\napi_id = 5\napi_hash = \"xyz\"\n");
  auto bad = gather({"cred", "ls"});
  EXPECT_EQ(bad.exit_code, 2);
  EXPECT_NE(bad.err.find("gather.toml:4: 'api_hash' must be the 32 hex characters"), std::string::npos) << bad.err;
  write_config("data = \"data\"\n[telegram]\nresolve_limit = \"lots\"\n");
  auto limit = gather({"cred", "ls"});
  EXPECT_EQ(limit.exit_code, 2);
  EXPECT_NE(limit.err.find("gather.toml:3: 'resolve_limit' must be N/DURATION"), std::string::npos) << limit.err;
}

TEST_F(TelegramAccountTest, ChatsThePreviewCannotReadAreReadByTheAccountAndARestartResolvesNothing) {
  write({{"quiet", "https://t.me/quietchan"}, {"group", "https://t.me/simgroup"}});
  add_account("+99910001");
  start_gather();
  wait_read();
  EXPECT_EQ(stat("+99910001", "resolves"), 2);
  post("quietchan", "after%20the%20first%20look");
  ASSERT_TRUE(eventually([&] { return texts().count("after the first look") == 1; })) << log();
  stop_gather();

  const auto reads = stat("+99910001", "history_reads");
  // The stand-in counts reads of one account within 200 ms of its (virtual) clock as concurrent;
  // the next process's reads are not.
  advance(1);
  start_gather();
  post("simgroup", "after%20the%20restart");
  ASSERT_TRUE(eventually([&] { return texts().count("after the restart") == 1; })) << log();
  EXPECT_GT(stat("+99910001", "history_reads"), reads);
  EXPECT_EQ(stat("+99910001", "resolves"), 2) << "the entity cache kept both chat ids";
  EXPECT_EQ(stat("+99910001", "max_concurrent_history"), 1);
  // The web preview was asked about each chat once, found nothing to read, and let go.
  delivered();
}

TEST_F(TelegramAccountTest, ALiveMemberPushesPostsWithoutAFetch) {
  write({{"group", "https://t.me/simgroup", true}});
  add_account("+99910001");
  start_gather();
  ASSERT_TRUE(eventually([&] { return stat("+99910001", "joins") == 1; })) << log();
  // Joined and read once; a live chat is polled only at max_interval (2 s here). The post
  // counts as pushed when no history read happened between posting and delivery.
  ASSERT_TRUE(eventually([&] { return log().find("joined simgroup") != std::string::npos; })) << log();
  wait_read();
  std::int64_t before = 0;
  bool pushed = false;
  for (int attempt = 0; attempt < 5 && !pushed; ++attempt) {
    before = stat("+99910001", "history_reads");
    const std::string text = "live" + std::to_string(attempt);
    post("simgroup", text);
    ASSERT_TRUE(eventually([&] { return texts().count(text) == 1; })) << log();
    pushed = stat("+99910001", "history_reads") == before;
  }
  EXPECT_TRUE(pushed) << "every post waited for a history read\n" << log();
  EXPECT_NE(log().find("(live)"), std::string::npos) << log();
  // The join map: the account is in the chat.
  auto chats = gather({"--json", "tg", "chats"});
  ASSERT_EQ(chats.exit_code, 0) << chats.err;
  const json::value rows = json::parse(chats.out);
  ASSERT_EQ(rows.as_array().size(), 1u);
  EXPECT_EQ(rows.at(0).at("handle").as_string(), "simgroup");
  EXPECT_EQ(rows.at(0).at("chat_id").as_int64(), -1002000000002);
  EXPECT_TRUE(rows.at(0).at("member").as_bool());
  EXPECT_EQ(gather({"tg", "chats", "--account", "9"}).exit_code, 2);
}

TEST_F(TelegramAccountTest, ARevokedSessionExpiresTheAccountAndTellsItsOwner) {
  write({{"quiet", "https://t.me/quietchan"}});
  add_account("+99910001");
  start_gather();
  wait_read();
  sim_->call("POST", "/_sim/tg/revoke?phone=%2B99910001");
  auto expired = [&] {
    auto r = gather({"--json", "cred", "ls"});
    const json::value doc = json::parse(r.out);
    return doc.at(0).at("state").as_string() == "expired";
  };
  ASSERT_TRUE(eventually(expired)) << log();
  // The owner's subscriptions get the notice an expired cookie gives.
  ASSERT_TRUE(eventually([&] {
    for (const auto& t : texts())
      if (t.find("Log the account in again: `gather cred rm 1`") != std::string::npos) return true;
    return false;
  })) << log();
}

TEST_F(TelegramAccountTest, AFloodWaitRestsOneAccountWhileTheOtherReads) {
  write({{"quiet", "https://t.me/quietchan"}, {"group", "https://t.me/simgroup"}});
  add_account("+99910001");
  add_account("+99910002");
  start_gather();
  wait_read();
  // The next request of the first account is answered "retry after 3600".
  sim_->call("POST", "/_sim/tg/flood?phone=%2B99910001&seconds=3600&count=1");
  ASSERT_TRUE(eventually([&] { return stat("+99910001", "refused") == 1; })) << log();
  auto rested = [&] {
    auto r = gather({"--json", "cred", "ls"});
    const json::value doc = json::parse(r.out);
    for (const auto& c : doc.as_array())
      if (c.at("id").as_int64() == 1) return c.at("state").as_string() == "cooldown" && !c.at("state_until").is_null();
    return false;
  };
  ASSERT_TRUE(eventually(rested)) << log();
  const auto first_reads = stat("+99910001", "history_reads") + stat("+99910001", "resolves");
  for (int i = 0; i < 3; ++i) {
    const std::string text = "while%20resting%20" + std::to_string(i);
    post(i % 2 ? "quietchan" : "simgroup", text);
    ASSERT_TRUE(eventually([&] { return texts().count("while resting " + std::to_string(i)) == 1; })) << log();
  }
  EXPECT_EQ(stat("+99910001", "history_reads") + stat("+99910001", "resolves"), first_reads)
      << "the resting account was not asked again";
  EXPECT_EQ(stat("+99910001", "refused"), 1);
  EXPECT_EQ(stat("+99910002", "refused"), 0);
  stop_gather();
  // Remembered across a restart: still resting.
  EXPECT_TRUE(rested());
}

TEST_F(TelegramAccountTest, DowntimeIsCaughtUpThroughHistoryPagesOnce) {
  write({{"c0", "https://t.me/chan0", true}});
  add_account("+99910001");
  start_gather();
  sim_->publish(0, 2);
  ASSERT_TRUE(eventually([&] { return delivered().size() == 2; })) << log();
  stop_gather();
  // 230 posts while gather is down: three history pages of 100.
  sim_->publish(0, 230);
  start_gather();
  ASSERT_TRUE(eventually([&] { return delivered().size() == 232; }, std::chrono::seconds{60})) << log();
  auto got = delivered();
  EXPECT_TRUE(got.count("chan0/3")) << "the oldest post of the downtime";
  EXPECT_TRUE(got.count("chan0/232"));
}

TEST_F(TelegramAccountTest, SwitchingBetweenThePreviewAndAnAccountRepeatsAndLosesNothing) {
  // The preview first (no account), then an account only (join), then the preview again.
  write({{"c1", "https://t.me/chan1"}});
  start_gather();
  sim_->publish(1, 5);
  ASSERT_TRUE(eventually([&] { return delivered().size() == 5; })) << log();
  stop_gather();

  write({{"c1", "https://t.me/chan1", true}});
  add_account("+99910001");
  sim_->publish(1, 5);  // published between the two paths
  start_gather();
  ASSERT_TRUE(eventually([&] { return delivered().size() == 10; })) << log();
  sim_->publish(1, 5);
  ASSERT_TRUE(eventually([&] { return delivered().size() == 15; })) << log();
  EXPECT_GT(stat("+99910001", "history_reads"), 0);
  stop_gather();

  write({{"c1", "https://t.me/chan1"}});
  ASSERT_EQ(gather({"cred", "rm", "1"}).exit_code, 0);
  sim_->publish(1, 5);
  start_gather();
  ASSERT_TRUE(eventually([&] { return delivered().size() == 20; })) << log();
  auto got = delivered();
  for (int n = 1; n <= 20; ++n) EXPECT_TRUE(got.count("chan1/" + std::to_string(n))) << n;
}

TEST_F(TelegramAccountTest, APrivateAccountsPostsReachOnlyItsTenant) {
  write({{"group", "https://t.me/simgroup", false, "jsonl:mine.jsonl"}});
  add_account("+99910001", "private");
  // A second tenant subscribing to the same chat (the CLI has no tenants yet: set in the store).
  ASSERT_EQ(gather({"sub", "add", "--target", "1", "--to", "jsonl:theirs.jsonl"}).exit_code, 0);
  auto sql = run({"/usr/bin/sqlite3", dir_ + "/data/gather.db",
                  "INSERT INTO tenants (id, name, created_at) VALUES (2, 'other', 0);"
                  "UPDATE subscribers SET tenant_id = 2 WHERE address LIKE '%theirs.jsonl';"});
  ASSERT_EQ(sql.exit_code, 0) << sql.err;
  start_gather();
  wait_read();
  post("simgroup", "for%20the%20owner");
  ASSERT_TRUE(eventually([&] { return texts("mine.jsonl").count("for the owner") == 1; })) << log();
  EXPECT_TRUE(texts("theirs.jsonl").empty()) << "the preview cannot read simgroup; only the private account did";
}

TEST_F(TelegramAccountTest, SigtermClosesEveryClient) {
  write({{"quiet", "https://t.me/quietchan"}});
  add_account("+99910001");
  start_gather();
  ASSERT_TRUE(eventually([&] { return stat("+99910001", "history_reads") >= 1; })) << log();
  stop_gather();
  EXPECT_EQ(log().find("did not close"), std::string::npos) << log();
  EXPECT_NE(log().find("drained"), std::string::npos) << log();
}

}  // namespace
