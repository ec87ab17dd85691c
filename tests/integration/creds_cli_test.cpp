// `gather cred`: the credential pool's command contract. The one rule above all: a secret goes in
// and never comes out — not in the table, not in --json, not in an error, not on disk in clear.
#include <gtest/gtest.h>
#include <sys/stat.h>

#include <boost/json.hpp>

#include <filesystem>
#include <fstream>

#include "core/secret_box.h"
#include "process.h"
#include "store/sqlite_store.h"

using namespace gather::testing;
namespace json = boost::json;

namespace {

const std::string kSecretValue = "f00dcafe-session-7731";

class CredsCliTest : public ::testing::Test {
 protected:
  void SetUp() override { dir_ = temp_dir(::testing::UnitTest::GetInstance()->current_test_info()->name()); }
  void TearDown() override {
    if (!HasFailure()) std::filesystem::remove_all(dir_);
  }
  std::string data() const { return dir_ + "/data"; }
  Result gather(std::vector<std::string> args) {
    args.insert(args.begin(), {gather_binary(), "--data", data()});
    return run(args);
  }
  void expect_no_secret(const Result& r, const std::string& what) {
    EXPECT_EQ(r.out.find(kSecretValue), std::string::npos) << what << " stdout: " << r.out;
    EXPECT_EQ(r.err.find(kSecretValue), std::string::npos) << what << " stderr: " << r.err;
  }
  std::string dir_;
};

TEST_F(CredsCliTest, AddPrintsOnlyTheIdAndLsNeverShowsTheCookie) {
  ASSERT_EQ(gather({"target", "add", "rss", "https://example.org/a.xml"}).exit_code, 0);
  auto add = gather({"cred", "add", "--platform", "rss", "--cookie", "SESSDATA=" + kSecretValue + "; csrf=abc"});
  ASSERT_EQ(add.exit_code, 0) << add.err;
  EXPECT_EQ(add.out, "1\n");
  expect_no_secret(add, "add");

  std::string file = dir_ + "/cookies.txt";
  std::ofstream(file) << "# Netscape HTTP Cookie File\n\n"
                      << ".example.org\tTRUE\t/\tFALSE\t0\tSID\t" << kSecretValue << "\n"
                      << "#HttpOnly_.example.org\tTRUE\t/\tTRUE\t0\tHID\tother\n";
  auto add2 = gather({"cred", "add", "--platform", "rss", "--cookie-file", file, "--scope", "shared", "--targets",
                      "1", "--limit", "20/60s", "--min-gap", "3s"});
  ASSERT_EQ(add2.exit_code, 0) << add2.err;
  EXPECT_EQ(add2.out, "2\n");
  auto anon = gather({"--json", "cred", "add", "--platform", "rss", "--anonymous"});
  ASSERT_EQ(anon.exit_code, 0) << anon.err;
  EXPECT_EQ(json::parse(anon.out).at("id").as_int64(), 3);

  auto table = gather({"cred", "ls"});
  ASSERT_EQ(table.exit_code, 0) << table.err;
  expect_no_secret(table, "ls");
  EXPECT_NE(table.out.find("ID  PLATFORM  KIND"), std::string::npos) << table.out;
  EXPECT_NE(table.out.find("20/1m"), std::string::npos) << table.out;
  EXPECT_NE(table.out.find("anonymous"), std::string::npos) << table.out;

  auto ls = gather({"--json", "cred", "ls"});
  ASSERT_EQ(ls.exit_code, 0) << ls.err;
  expect_no_secret(ls, "ls --json");
  auto creds = json::parse(ls.out).as_array();
  ASSERT_EQ(creds.size(), 3u);
  EXPECT_EQ(creds[0].at("secret").as_string(), "[redacted]");
  EXPECT_EQ(creds[0].at("scope").as_string(), "private");
  EXPECT_TRUE(creds[0].at("all_targets").as_bool());
  const auto& second = creds[1].as_object();
  EXPECT_EQ(second.at("kind").as_string(), "cookie");
  EXPECT_EQ(second.at("scope").as_string(), "shared");
  EXPECT_FALSE(second.at("all_targets").as_bool());
  EXPECT_EQ(second.at("targets").as_array(), json::array({1}));
  EXPECT_EQ(second.at("limit").at("requests").as_int64(), 20);
  EXPECT_EQ(second.at("limit").at("window_s").as_int64(), 60);
  EXPECT_EQ(second.at("min_gap_s").as_int64(), 3);
  EXPECT_EQ(second.at("state").as_string(), "ok");
  EXPECT_TRUE(creds[2].at("secret").is_null());
  EXPECT_EQ(creds[2].at("scope").as_string(), "shared");

  // The key file: made on first run, private to its owner.
  struct stat st {};
  ASSERT_EQ(::stat((data() + "/secret.key").c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 0777, 0600u);
  for (const auto& entry : std::filesystem::directory_iterator(data()))
    EXPECT_EQ(read_file(entry.path().string()).find(kSecretValue), std::string::npos) << entry.path();
}

TEST_F(CredsCliTest, TheCookieFileIsStoredAsOneHeader) {
  // Read back through the store with the data dir's key: what a fetcher will send.
  std::string file = dir_ + "/cookie";
  std::ofstream(file) << "a=1; b=2\n";
  ASSERT_EQ(gather({"cred", "add", "--platform", "rss", "--cookie-file", file}).exit_code, 0);
  std::ofstream(file, std::ios::trunc) << "# from the browser\n.x.org\tTRUE\t/\tFALSE\t0\tSID\ts1\n"
                                       << "#HttpOnly_.y.org\tTRUE\t/\tTRUE\t0\tHID\t\n";
  ASSERT_EQ(gather({"cred", "add", "--platform", "rss", "--cookie-file", file}).exit_code, 0);
  gather::SqliteStoreOptions options;
  options.secrets = std::make_shared<const gather::SecretBox>(gather::load_or_create_key(data()));
  auto store = gather::open_sqlite_store(data() + "/gather.db", options);
  EXPECT_EQ(store->credential(1)->secret, "a=1; b=2");
  EXPECT_EQ(store->credential(2)->secret, "SID=s1; HID=");
}

TEST_F(CredsCliTest, CooldownShowsUntilWhenAndOkOnceOver) {
  ASSERT_EQ(gather({"cred", "add", "--platform", "rss", "--cookie", "k=v"}).exit_code, 0);
  ASSERT_EQ(gather({"cred", "add", "--platform", "rss", "--cookie", "k=w"}).exit_code, 0);
  {
    gather::SqliteStoreOptions options;
    options.secrets = std::make_shared<const gather::SecretBox>(gather::load_or_create_key(data()));
    auto store = gather::open_sqlite_store(data() + "/gather.db", options);
    auto now = std::chrono::system_clock::now();
    store->set_credential_state(1, "cooldown", now + std::chrono::minutes{3}, "HTTP 412");
    store->set_credential_state(2, "cooldown", now - std::chrono::minutes{1}, "HTTP 412");
  }
  auto table = gather({"cred", "ls"});
  ASSERT_EQ(table.exit_code, 0) << table.err;
  auto line1 = table.out.substr(table.out.find("\n1 "));
  line1 = line1.substr(0, line1.find('\n', 1));
  EXPECT_NE(line1.find("cooldown until 20"), std::string::npos) << table.out;
  EXPECT_NE(line1.find("Z ("), std::string::npos) << table.out;
  EXPECT_NE(line1.find("left)"), std::string::npos) << table.out;
  auto line2 = table.out.substr(table.out.find("\n2 "));
  EXPECT_EQ(line2.find("cooldown"), std::string::npos) << table.out;
  EXPECT_NE(line2.find("ok"), std::string::npos) << table.out;

  auto creds = json::parse(gather({"--json", "cred", "ls"}).out).as_array();
  EXPECT_EQ(creds[0].at("state").as_string(), "cooldown");
  EXPECT_TRUE(creds[0].at("state_until").is_string());
  EXPECT_EQ(creds[0].at("state_reason").as_string(), "HTTP 412");
  EXPECT_EQ(creds[1].at("state").as_string(), "ok");
  EXPECT_TRUE(creds[1].at("state_until").is_null());
}

TEST_F(CredsCliTest, BadInputIsNamedAndExitsTwo) {
  ASSERT_EQ(gather({"target", "add", "rss", "https://example.org/a.xml"}).exit_code, 0);
  auto expect_refused = [&](std::vector<std::string> args, const std::string& named) {
    auto r = gather(args);
    EXPECT_EQ(r.exit_code, 2) << named << ": " << r.err;
    EXPECT_NE(r.err.find(named), std::string::npos) << r.err;
    expect_no_secret(r, named);
  };
  expect_refused({"cred", "add", "--platform", "weibo-typo", "--anonymous"}, "unknown platform 'weibo-typo'");
  expect_refused({"cred", "add", "--platform", "rss", "--cookie-file", dir_ + "/missing.txt"},
                 dir_ + "/missing.txt does not exist");
  std::string empty = dir_ + "/empty.txt";
  std::ofstream(empty) << "\n  \n";
  expect_refused({"cred", "add", "--platform", "rss", "--cookie-file", empty}, empty + " is empty");
  std::string broken = dir_ + "/broken.txt";
  std::ofstream(broken) << ".x.org\tTRUE\t/\n";
  expect_refused({"cred", "add", "--platform", "rss", "--cookie-file", broken}, "line 1");
  expect_refused({"cred", "add", "--platform", "rss", "--cookie", "a=1; " + kSecretValue + "; b=2"},
                 "cookie pair 2 \"f00d…\"");
  expect_refused({"cred", "add", "--platform", "rss", "--cookie", "=1"}, "empty name");
  expect_refused({"cred", "add", "--platform", "rss", "--cookie", ""}, "--cookie");
  expect_refused({"cred", "add", "--platform", "rss"}, "exactly one of --cookie-file, --cookie, --anonymous");
  expect_refused({"cred", "add", "--platform", "rss", "--anonymous", "--cookie", "a=1"}, "exactly one");
  expect_refused({"cred", "add", "--platform", "rss", "--anonymous", "--limit", "20"}, "--limit '20'");
  expect_refused({"cred", "add", "--platform", "rss", "--anonymous", "--limit", "0/60s"}, "--limit '0/60s'");
  expect_refused({"cred", "add", "--platform", "rss", "--anonymous", "--limit", "5/soon"}, "--limit '5/soon'");
  expect_refused({"cred", "add", "--platform", "rss", "--anonymous", "--min-gap", "later"}, "--min-gap 'later'");
  expect_refused({"cred", "add", "--platform", "rss", "--anonymous", "--all", "--targets", "1"},
                 "--targets and --all");
  expect_refused({"cred", "add", "--platform", "rss", "--anonymous", "--targets", "9"}, "no target with id 9");
  expect_refused({"cred", "add", "--platform", "rss", "--anonymous", "--scope", "private"}, "always shared");
  expect_refused({"cred", "add", "--platform", "rss", "--cookie", "a=1", "--scope", "public"}, "--scope");
  expect_refused({"cred", "rm", "7"}, "no credential with id 7");
  expect_refused({"cred", "rm", "x"}, "'x' is not a credential id");
  // Nothing of the refused attempts was stored.
  EXPECT_EQ(json::parse(gather({"--json", "cred", "ls"}).out).as_array().size(), 0u);
}

TEST_F(CredsCliTest, RmRemoves) {
  ASSERT_EQ(gather({"cred", "add", "--platform", "rss", "--cookie", "a=" + kSecretValue}).exit_code, 0);
  ASSERT_EQ(gather({"cred", "add", "--platform", "rss", "--anonymous"}).exit_code, 0);
  auto rm = gather({"cred", "rm", "1"});
  ASSERT_EQ(rm.exit_code, 0) << rm.err;
  EXPECT_EQ(rm.out, "");
  auto creds = json::parse(gather({"--json", "cred", "ls"}).out).as_array();
  ASSERT_EQ(creds.size(), 1u);
  EXPECT_EQ(creds[0].at("id").as_int64(), 2);
  EXPECT_EQ(gather({"cred", "rm", "1"}).exit_code, 2);
}

TEST_F(CredsCliTest, AReadableKeyFileIsRefused) {
  ASSERT_EQ(gather({"cred", "add", "--platform", "rss", "--anonymous"}).exit_code, 0);
  std::string key = data() + "/secret.key";
  ASSERT_EQ(::chmod(key.c_str(), 0644), 0);
  auto r = gather({"cred", "ls"});
  EXPECT_NE(r.exit_code, 0);
  EXPECT_NE(r.err.find(key), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("chmod 600"), std::string::npos) << r.err;
}

}  // namespace
