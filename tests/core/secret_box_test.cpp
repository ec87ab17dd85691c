#include "core/secret_box.h"

#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cctype>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <functional>
#include <mutex>
#include <sstream>
#include <thread>
#include <vector>

using namespace gather;
namespace fs = std::filesystem;

namespace {

const std::string kKeyA(32, 'a');
const std::string kKeyB(32, 'b');

TEST(SecretBox, RoundTrip) {
  auto box = SecretBox::from_key(kKeyA);
  std::string plain = "SESSDATA=abc; bili_jct=def";
  auto sealed = box.seal(plain, "credential:1");
  EXPECT_EQ(sealed.size(), 1 + 12 + plain.size() + 16);
  EXPECT_EQ(sealed.find(plain), std::string::npos);
  EXPECT_EQ(box.open(sealed, "credential:1"), plain);
  EXPECT_EQ(box.open(box.seal("", "x"), "x"), "");
  std::string binary("\0\xff\x01zz", 5);
  EXPECT_EQ(box.open(box.seal(binary, "x"), "x"), binary);
}

TEST(SecretBox, EachSealUsesAFreshNonce) {
  auto box = SecretBox::from_key(kKeyA);
  auto one = box.seal("same", "ctx");
  auto two = box.seal("same", "ctx");
  EXPECT_NE(one, two);
  EXPECT_NE(one.substr(1, 12), two.substr(1, 12));
}

TEST(SecretBox, AnyTamperedByteIsRefused) {
  auto box = SecretBox::from_key(kKeyA);
  auto sealed = box.seal("cookie=value", "ctx");
  // Every byte after the version: nonce, ciphertext and tag are all authenticated.
  for (std::size_t i = 1; i < sealed.size(); ++i) {
    std::string bad = sealed;
    bad[i] = static_cast<char>(bad[i] ^ 0x01);
    EXPECT_THROW(box.open(bad, "ctx"), SecretError) << "byte " << i;
  }
  EXPECT_THROW(box.open(sealed.substr(0, sealed.size() - 1), "ctx"), SecretError);
  EXPECT_THROW(box.open(sealed.substr(0, 20), "ctx"), SecretError);
  std::string other_version = sealed;
  other_version[0] = 2;
  try {
    box.open(other_version, "ctx");
    FAIL() << "an unknown version opened";
  } catch (const SecretError& e) {
    EXPECT_NE(std::string(e.what()).find("version 2"), std::string::npos) << e.what();
  }
}

TEST(SecretBox, WrongContextIsRefused) {
  auto box = SecretBox::from_key(kKeyA);
  auto sealed = box.seal("cookie=value", "credential:1:rss");
  EXPECT_THROW(box.open(sealed, "credential:2:rss"), SecretError);
  EXPECT_THROW(box.open(sealed, ""), SecretError);
}

TEST(SecretBox, WrongKeyIsRefusedWithoutLeakingAnything) {
  auto sealed = SecretBox::from_key(kKeyA).seal("cookie=topsecret", "ctx");
  try {
    SecretBox::from_key(kKeyB).open(sealed, "ctx");
    FAIL() << "opened with the wrong key";
  } catch (const SecretError& e) {
    std::string what = e.what();
    EXPECT_NE(what.find("wrong key"), std::string::npos) << what;
    EXPECT_EQ(what.find("topsecret"), std::string::npos);
  }
}

TEST(SecretBox, KeyMustBe32Bytes) {
  EXPECT_THROW(SecretBox::from_key("short"), SecretError);
  EXPECT_THROW(SecretBox::from_key(std::string(33, 'k')), SecretError);
}

// Key loading touches the environment; each test starts and ends without GATHER_SECRET_KEY.
class KeyFileTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ::unsetenv("GATHER_SECRET_KEY");
    dir_ = fs::temp_directory_path() / ("gather-key-" + std::to_string(::getpid()) + "-" +
                                        ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(dir_);
    fs::create_directories(dir_);
  }
  void TearDown() override {
    ::unsetenv("GATHER_SECRET_KEY");
    fs::remove_all(dir_);
  }
  std::string key_path() const { return (dir_ / "secret.key").string(); }
  static std::string slurp(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    std::stringstream buf;
    buf << in.rdbuf();
    return buf.str();
  }
  std::string error_of(const std::function<void()>& step) {
    try {
      step();
    } catch (const SecretError& e) {
      return e.what();
    }
    return "(no error)";
  }
  fs::path dir_;
};

TEST_F(KeyFileTest, CreatedPrivateOnFirstUseAndReusedAfter) {
  auto first = load_or_create_key(dir_.string());
  struct stat st {};
  ASSERT_EQ(::stat(key_path().c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 0777, 0600u);
  std::string text = slurp(key_path());
  EXPECT_EQ(text.size(), 65u);  // 64 hex + newline
  EXPECT_EQ(text.find_first_not_of("0123456789abcdef\n"), std::string::npos);

  auto sealed = first.seal("cookie", "ctx");
  auto second = load_or_create_key(dir_.string());
  EXPECT_EQ(second.open(sealed, "ctx"), "cookie");
  EXPECT_EQ(slurp(key_path()), text);
  // No temporary file is left behind.
  EXPECT_EQ(std::distance(fs::directory_iterator(dir_), fs::directory_iterator()), 1);
}

TEST_F(KeyFileTest, ConcurrentFirstRunsAgreeOnOneKey) {
  std::vector<std::string> sealed;
  std::vector<std::thread> threads;
  std::mutex m;
  for (int i = 0; i < 4; ++i)
    threads.emplace_back([&] {
      auto box = load_or_create_key(dir_.string());
      std::lock_guard lock(m);
      sealed.push_back(box.seal("x", "ctx"));
    });
  for (auto& t : threads) t.join();
  auto box = load_or_create_key(dir_.string());
  for (const auto& s : sealed) EXPECT_EQ(box.open(s, "ctx"), "x");
}

TEST_F(KeyFileTest, GroupOrWorldReadableKeyIsRefused) {
  load_or_create_key(dir_.string());
  ASSERT_EQ(::chmod(key_path().c_str(), 0644), 0);
  std::string err = error_of([&] { load_or_create_key(dir_.string()); });
  EXPECT_NE(err.find(key_path()), std::string::npos) << err;
  EXPECT_NE(err.find("0644"), std::string::npos) << err;
  EXPECT_NE(err.find("chmod 600"), std::string::npos) << err;
  ASSERT_EQ(::chmod(key_path().c_str(), 0640), 0);
  EXPECT_THROW(load_or_create_key(dir_.string()), SecretError);
}

TEST_F(KeyFileTest, KeyFileOfTheWrongLengthOrAlphabetIsRefused) {
  {
    std::ofstream(key_path()) << "abcd\n";
  }
  ::chmod(key_path().c_str(), 0600);
  std::string err = error_of([&] { load_or_create_key(dir_.string()); });
  EXPECT_NE(err.find("64 hex characters"), std::string::npos) << err;
  EXPECT_NE(err.find(key_path()), std::string::npos) << err;
  EXPECT_EQ(err.find("abcd"), std::string::npos) << "the key's content is never quoted: " << err;

  {
    std::ofstream(key_path(), std::ios::trunc) << std::string(64, 'z');
  }
  err = error_of([&] { load_or_create_key(dir_.string()); });
  EXPECT_NE(err.find("hex digits"), std::string::npos) << err;

  {
    std::ofstream(key_path(), std::ios::trunc) << std::string(100000, 'a');
  }
  err = error_of([&] { load_or_create_key(dir_.string()); });
  EXPECT_NE(err.find("64 hex characters"), std::string::npos) << err;
}

TEST_F(KeyFileTest, EnvironmentKeyWinsOverTheFile) {
  auto from_file = load_or_create_key(dir_.string());
  std::string hex(64, '0');
  hex.replace(0, 4, "00ff");
  ::setenv("GATHER_SECRET_KEY", hex.c_str(), 1);
  auto from_env = load_or_create_key(dir_.string());
  std::string raw(32, '\0');
  raw[1] = '\xff';
  auto expected = SecretBox::from_key(raw);
  EXPECT_EQ(expected.open(from_env.seal("x", "c"), "c"), "x");
  EXPECT_THROW(from_file.open(from_env.seal("x", "c"), "c"), SecretError);
  // Uppercase hex is the same key.
  for (auto& ch : hex) ch = static_cast<char>(std::toupper(static_cast<unsigned char>(ch)));
  ::setenv("GATHER_SECRET_KEY", hex.c_str(), 1);
  EXPECT_EQ(expected.open(load_or_create_key(dir_.string()).seal("y", "c"), "c"), "y");
}

TEST_F(KeyFileTest, EnvironmentKeyIsUsedWithoutCreatingAFile) {
  ::setenv("GATHER_SECRET_KEY", std::string(64, 'a').c_str(), 1);
  load_or_create_key(dir_.string());
  EXPECT_FALSE(fs::exists(key_path()));
}

TEST_F(KeyFileTest, BadEnvironmentValueIsNamedNotQuoted) {
  ::setenv("GATHER_SECRET_KEY", "deadbeef", 1);
  std::string err = error_of([&] { load_or_create_key(dir_.string()); });
  EXPECT_NE(err.find("GATHER_SECRET_KEY"), std::string::npos) << err;
  EXPECT_NE(err.find("64 hex characters"), std::string::npos) << err;
  EXPECT_EQ(err.find("deadbeef"), std::string::npos) << err;
  ::setenv("GATHER_SECRET_KEY", (std::string(63, 'a') + "g").c_str(), 1);
  err = error_of([&] { load_or_create_key(dir_.string()); });
  EXPECT_NE(err.find("GATHER_SECRET_KEY must hold only hex digits"), std::string::npos) << err;
  EXPECT_FALSE(fs::exists(key_path())) << "a bad variable is an error, not a reason to fall back to a file";
}

TEST_F(KeyFileTest, MissingDataDirIsNamed) {
  std::string missing = (dir_ / "nope").string();
  std::string err = error_of([&] { load_or_create_key(missing); });
  EXPECT_NE(err.find(missing), std::string::npos) << err;
}

}  // namespace
