// The entity cache and join map: what an account resolved survives a reopen (a restart resolves
// nothing again), belongs to that account only, and goes when the account is removed.
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>

#include "store/sqlite_store.h"

using namespace gather;
namespace fs = std::filesystem;
using namespace std::chrono_literals;

namespace {

class ChatDirectoryTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() / ("gather-chats-" + std::to_string(::getpid()) + "-" +
                                        ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(dir_);
    fs::create_directories(dir_);
    reopen();
  }
  void TearDown() override {
    store_.reset();
    fs::remove_all(dir_);
  }
  void reopen() {
    store_.reset();
    SqliteStoreOptions options;
    options.secrets = std::make_shared<const SecretBox>(SecretBox::from_key(std::string(32, 'k')));
    store_ = open_sqlite_store((dir_ / "gather.db").string(), options);
  }
  Id account(const std::string& phone) {
    Credential c;
    c.platform = "telegram";
    c.kind = "account";
    c.secret = "{\"phone\":\"" + phone + "\",\"dir\":\"tg-1\"}";
    return store_->add_credential(c);
  }
  static KnownChat chat(Id cred, const std::string& handle, std::int64_t id) {
    KnownChat c;
    c.credential_id = cred;
    c.handle = handle;
    c.chat_id = id;
    c.kind = "channel";
    c.title = "Title " + handle;
    c.resolved_at = TimePoint{std::chrono::seconds{1700000000}};
    return c;
  }
  fs::path dir_;
  std::unique_ptr<Store> store_;
};

TEST_F(ChatDirectoryTest, ResolvedChatsSurviveAReopenPerAccount) {
  const Id a = account("+9991000001"), b = account("+9991000002");
  store_->chat_directory().remember_chat(chat(a, "chan1", -1001000000001));
  reopen();
  auto& chats = store_->chat_directory();
  auto got = chats.known_chat(a, "chan1");
  ASSERT_TRUE(got.has_value());
  EXPECT_EQ(got->chat_id, -1001000000001);
  EXPECT_EQ(got->kind, "channel");
  EXPECT_EQ(got->title, "Title chan1");
  EXPECT_FALSE(got->member);
  EXPECT_EQ(got->resolved_at, TimePoint{std::chrono::seconds{1700000000}});
  EXPECT_FALSE(chats.known_chat(b, "chan1").has_value()) << "a chat id belongs to the account that resolved it";
}

TEST_F(ChatDirectoryTest, MembershipIsSetPerChatIdAndListed) {
  const Id a = account("+9991000001"), b = account("+9991000002");
  auto& chats = store_->chat_directory();
  chats.remember_chat(chat(a, "chan1", -1001));
  chats.remember_chat(chat(a, "+Hash", -1001));  // the same chat through an invite link
  chats.remember_chat(chat(b, "chan2", -1002));
  chats.set_member(a, -1001, true);
  auto of_a = chats.known_chats(a);
  ASSERT_EQ(of_a.size(), 2u);
  EXPECT_TRUE(of_a[0].member);
  EXPECT_TRUE(of_a[1].member);
  EXPECT_EQ(chats.known_chats(std::nullopt).size(), 3u);
  EXPECT_FALSE(chats.known_chats(b)[0].member);
}

TEST_F(ChatDirectoryTest, RemovingTheAccountForgetsItsChatsAndResolves) {
  const Id a = account("+9991000001");
  auto& chats = store_->chat_directory();
  chats.remember_chat(chat(a, "chan1", -1001));
  const TimePoint t{std::chrono::seconds{1700000000}};
  chats.record_resolve(a, t);
  ASSERT_TRUE(store_->remove_credential(a));
  EXPECT_TRUE(chats.known_chats(std::nullopt).empty());
  EXPECT_EQ(chats.resolves_since(a, t - 1h), 0);
}

TEST_F(ChatDirectoryTest, ResolveLogCountsAWindowAndSurvivesAReopen) {
  const Id a = account("+9991000001");
  const TimePoint t{std::chrono::seconds{1700000000}};
  for (int i = 0; i < 5; ++i) store_->chat_directory().record_resolve(a, t + std::chrono::minutes{i});
  reopen();
  EXPECT_EQ(store_->chat_directory().resolves_since(a, t), 5);
  EXPECT_EQ(store_->chat_directory().resolves_since(a, t + 3min), 2);
  // Joins are logged apart: resolves do not spend the join budget.
  store_->chat_directory().record_join(a, t);
  EXPECT_EQ(store_->chat_directory().joins_since(a, t), 1);
  EXPECT_EQ(store_->chat_directory().resolves_since(a, t), 5);
  // Rows older than two days are pruned on the next record; they count for no budget.
  store_->chat_directory().record_resolve(a, t + 72h);
  EXPECT_EQ(store_->chat_directory().resolves_since(a, t), 1);
}

}  // namespace
