#include <gtest/gtest.h>
#include <sqlite3.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "store/sqlite_store.h"

using namespace gather;
namespace fs = std::filesystem;
using namespace std::chrono_literals;

namespace {

const std::string kCookie = "SESSDATA=plaintext-cookie-4f8a2c; bili_jct=csrf-token-91d3";

class CredentialStoreTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() / ("gather-cred-" + std::to_string(::getpid()) + "-" +
                                        ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(dir_);
    fs::create_directories(dir_);
    path_ = (dir_ / "gather.db").string();
    open(std::string(32, 'k'));
  }
  void TearDown() override {
    store_.reset();
    fs::remove_all(dir_);
  }
  void open(const std::string& key) {
    store_.reset();
    SqliteStoreOptions options;
    options.secrets = std::make_shared<const SecretBox>(SecretBox::from_key(key));
    store_ = open_sqlite_store(path_, options);
  }
  Id add_target(const std::string& platform, const std::string& key) {
    Target t;
    t.platform = platform;
    t.key = key;
    return store_->add_target(t);
  }
  static Credential cookie(const std::string& secret = kCookie) {
    Credential c;
    c.platform = "rss";
    c.kind = "cookie";
    c.secret = secret;
    return c;
  }
  std::string error_of(const Credential& c) {
    try {
      store_->add_credential(c);
    } catch (const StoreError& e) {
      return e.what();
    }
    return "(no error)";
  }
  std::string file_bytes(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    std::stringstream buf;
    buf << in.rdbuf();
    return buf.str();
  }

  fs::path dir_;
  std::string path_;
  std::unique_ptr<Store> store_;
};

TEST_F(CredentialStoreTest, AddListGetRemove) {
  Id t1 = add_target("rss", "https://a.example/feed");
  Id t2 = add_target("rss", "https://b.example/feed");
  Credential c = cookie();
  c.scope = "shared";
  c.limit_requests = 20;
  c.limit_window = 60s;
  c.min_gap = 3s;
  c.all_targets = false;
  c.target_ids = {t2, t1};
  Id id = store_->add_credential(c);
  Credential anon;
  anon.platform = "rss";
  anon.kind = "anonymous";
  anon.scope = "shared";
  Id anon_id = store_->add_credential(anon);

  auto all = store_->credentials();
  ASSERT_EQ(all.size(), 2u);
  const Credential& got = all[0];
  EXPECT_EQ(got.id, id);
  EXPECT_EQ(got.platform, "rss");
  EXPECT_EQ(got.tenant_id, kDefaultTenant);
  EXPECT_EQ(got.kind, "cookie");
  EXPECT_EQ(got.scope, "shared");
  EXPECT_EQ(got.secret, kCookie);
  EXPECT_EQ(got.limit_requests, 20);
  EXPECT_EQ(got.limit_window, 60s);
  EXPECT_EQ(got.min_gap, 3s);
  EXPECT_EQ(got.state, "ok");
  EXPECT_FALSE(got.state_until);
  EXPECT_FALSE(got.all_targets);
  EXPECT_EQ(got.target_ids, (std::vector<Id>{t1, t2}));
  EXPECT_EQ(all[1].kind, "anonymous");
  EXPECT_EQ(all[1].secret, "");
  EXPECT_TRUE(all[1].all_targets);
  EXPECT_EQ(all[1].limit_requests, 0);

  auto one = store_->credential(id);
  ASSERT_TRUE(one);
  EXPECT_EQ(one->secret, kCookie);
  EXPECT_EQ(one->target_ids, (std::vector<Id>{t1, t2}));
  EXPECT_FALSE(store_->credential(999));

  EXPECT_TRUE(store_->remove_credential(id));
  EXPECT_FALSE(store_->remove_credential(id));
  EXPECT_FALSE(store_->credential(id));
  ASSERT_EQ(store_->credentials().size(), 1u);
  EXPECT_EQ(store_->credentials()[0].id, anon_id);
}

TEST_F(CredentialStoreTest, RemovingATargetDropsItFromCredentials) {
  Id t1 = add_target("rss", "https://a.example/feed");
  Id t2 = add_target("rss", "https://b.example/feed");
  Credential c = cookie();
  c.all_targets = false;
  c.target_ids = {t1, t2};
  Id id = store_->add_credential(c);
  store_->remove_target(t1);
  EXPECT_EQ(store_->credential(id)->target_ids, (std::vector<Id>{t2}));
}

TEST_F(CredentialStoreTest, TargetsAreValidated) {
  Id rss = add_target("rss", "https://a.example/feed");
  Id other = add_target("weibo", "12345");
  Credential c = cookie();
  c.all_targets = false;
  c.target_ids = {rss, 77};
  EXPECT_EQ(error_of(c), "no target with id 77");
  c.target_ids = {other};
  EXPECT_EQ(error_of(c), "target " + std::to_string(other) + " is on weibo, not rss");
  c.all_targets = true;
  c.target_ids = {rss};
  EXPECT_NE(error_of(c).find("either all targets or the listed ones"), std::string::npos);
  // Nothing of the refused attempts was kept.
  EXPECT_TRUE(store_->credentials().empty());
}

TEST_F(CredentialStoreTest, FieldsAreValidated) {
  Credential c = cookie();
  c.kind = "password";
  EXPECT_NE(error_of(c).find("unknown credential kind 'password'"), std::string::npos);
  c = cookie();
  c.scope = "public";
  EXPECT_NE(error_of(c).find("unknown credential scope 'public'"), std::string::npos);
  c = cookie("");
  EXPECT_NE(error_of(c).find("needs a secret"), std::string::npos);
  c = cookie();
  c.kind = "anonymous";
  EXPECT_NE(error_of(c).find("anonymous credential has no secret"), std::string::npos);
  c = cookie();
  c.limit_requests = 5;
  EXPECT_NE(error_of(c).find("both a request count and a window"), std::string::npos);
  c = cookie();
  c.tenant_id = 42;
  EXPECT_EQ(error_of(c), "no tenant with id 42");
  EXPECT_TRUE(store_->credentials().empty());
}

TEST_F(CredentialStoreTest, StateUpdates) {
  Id id = store_->add_credential(cookie());
  auto until = TimePoint{} + std::chrono::milliseconds{1'790'000'000'123};
  store_->set_credential_state(id, "cooldown", until, "HTTP 412");
  auto c = store_->credential(id);
  EXPECT_EQ(c->state, "cooldown");
  ASSERT_TRUE(c->state_until);
  EXPECT_EQ(*c->state_until, until);
  EXPECT_EQ(c->state_reason, "HTTP 412");
  EXPECT_EQ(c->secret, kCookie) << "a state change leaves the secret alone";

  store_->set_credential_state(id, "expired", std::nullopt, "login page");
  c = store_->credential(id);
  EXPECT_EQ(c->state, "expired");
  EXPECT_FALSE(c->state_until);
  EXPECT_EQ(c->state_reason, "login page");

  EXPECT_THROW(store_->set_credential_state(id, "sleepy", std::nullopt, ""), StoreError);
  EXPECT_THROW(store_->set_credential_state(999, "ok", std::nullopt, ""), StoreError);
}

TEST_F(CredentialStoreTest, SecretsSurviveReopenButNotAnotherKey) {
  Id id = store_->add_credential(cookie());
  open(std::string(32, 'k'));
  EXPECT_EQ(store_->credential(id)->secret, kCookie);
  open(std::string(32, 'X'));
  // Listed, marked, without its secret: one unreadable row does not hide the rest.
  auto all = store_->credentials();
  ASSERT_EQ(all.size(), 1u);
  EXPECT_TRUE(all[0].secret.empty());
  EXPECT_NE(all[0].secret_error.find("wrong key"), std::string::npos) << all[0].secret_error;
  EXPECT_EQ(all[0].secret_error.find("plaintext-cookie"), std::string::npos);
}

TEST_F(CredentialStoreTest, ASealedSecretMovedToAnotherRowDoesNotOpen) {
  Id a = store_->add_credential(cookie());
  Id b = store_->add_credential(cookie("other=1"));
  store_.reset();
  sqlite3* raw = nullptr;
  ASSERT_EQ(sqlite3_open(path_.c_str(), &raw), SQLITE_OK);
  std::string sql = "UPDATE credentials SET secret=(SELECT secret FROM credentials WHERE id=" + std::to_string(a) +
                    ") WHERE id=" + std::to_string(b);
  ASSERT_EQ(sqlite3_exec(raw, sql.c_str(), nullptr, nullptr, nullptr), SQLITE_OK);
  sqlite3_close(raw);
  open(std::string(32, 'k'));
  EXPECT_EQ(store_->credential(a)->secret, kCookie);
  EXPECT_TRUE(store_->credential(b)->secret.empty());
  EXPECT_FALSE(store_->credential(b)->secret_error.empty());
}

TEST_F(CredentialStoreTest, WithoutAKeyCredentialsAreRefusedAndTheRestWorks) {
  store_.reset();
  store_ = open_sqlite_store(path_);
  try {
    store_->add_credential(cookie());
    FAIL();
  } catch (const StoreError& e) {
    EXPECT_STREQ(e.what(), "no secret key configured");
  }
  EXPECT_THROW(store_->credentials(), StoreError);
  EXPECT_NO_THROW(add_target("rss", "https://a.example/feed"));
}

TEST_F(CredentialStoreTest, ThePlaintextNeverReachesTheDisk) {
  Id id = store_->add_credential(cookie());
  store_->set_credential_state(id, "cooldown", std::nullopt, "412");
  // Read while the store is open (the WAL holds the recent pages) and after it closed
  // (checkpointed into the main file).
  auto check = [&](const char* when) {
    for (const auto& entry : fs::directory_iterator(dir_)) {
      std::string bytes = file_bytes(entry.path().string());
      EXPECT_EQ(bytes.find("plaintext-cookie-4f8a2c"), std::string::npos) << entry.path() << " " << when;
      EXPECT_EQ(bytes.find("csrf-token-91d3"), std::string::npos) << entry.path() << " " << when;
    }
  };
  ASSERT_TRUE(fs::exists(path_ + "-wal"));
  check("while open");
  store_.reset();
  check("after close");
  // And the row does hold a sealed value: version byte + nonce + ciphertext + tag.
  sqlite3* raw = nullptr;
  ASSERT_EQ(sqlite3_open(path_.c_str(), &raw), SQLITE_OK);
  sqlite3_stmt* st = nullptr;
  ASSERT_EQ(sqlite3_prepare_v2(raw, "SELECT typeof(secret), length(secret) FROM credentials", -1, &st, nullptr),
            SQLITE_OK);
  ASSERT_EQ(sqlite3_step(st), SQLITE_ROW);
  EXPECT_STREQ(reinterpret_cast<const char*>(sqlite3_column_text(st, 0)), "blob");
  EXPECT_EQ(sqlite3_column_int64(st, 1), static_cast<std::int64_t>(1 + 12 + kCookie.size() + 16));
  sqlite3_finalize(st);
  sqlite3_close(raw);
}

}  // namespace
