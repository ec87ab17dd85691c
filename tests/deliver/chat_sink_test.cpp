// The chat sinks against a loopback stand-in for their APIs: what each sends for a rendered
// message, how they read the answers, and (through the outbox worker) retries, dead letters and
// merged forward messages.
#include <gtest/gtest.h>

#include <boost/asio/io_context.hpp>

#include <filesystem>

#include "deliver/onebot/onebot_sink.h"
#include "deliver/outbox_worker.h"
#include "deliver/telegram_bot/telegram_bot_sink.h"
#include "fake_chat_api.h"
#include "net/http_client.h"
#include "store/sqlite_store.h"

using namespace gather;
using namespace gather::testing;
using namespace std::chrono;
namespace fs = std::filesystem;
namespace json = boost::json;

namespace {

constexpr const char* kTelegramOk = R"({"ok":true,"result":{"message_id":1}})";
constexpr const char* kOneBotOk = R"({"status":"ok","retcode":0,"data":{"message_id":1}})";

class ChatSinkTest : public ::testing::Test {
 protected:
  void SetUp() override {
    context_.settings.telegram_bot.token = "123:SECRET";
    context_.settings.telegram_bot.base_url = telegram_.base();
    context_.settings.onebot.url = onebot_.base();
  }

  // Runs the event loop until `done` holds (or 20 s of real time pass: a failing test, not a hang).
  template <class F>
  bool run_until(F done) {
    auto give_up = steady_clock::now() + seconds{20};
    while (!done() && steady_clock::now() < give_up) {
      if (io_.stopped()) io_.restart();
      io_.run_one_for(milliseconds{50});
    }
    return done();
  }

  DeliveryResult deliver(const std::string& to, const RenderedMessage& m) {
    Destination d = parse_destination(to);
    Subscription sub;
    sub.id = 1;
    sub.subscriber.id = 1;
    sub.subscriber.kind = d.kind;
    sub.subscriber.address = d.address;
    auto sink = make_sink(sub.subscriber, context_);
    OutboxEntry entry;
    entry.subscription_id = 1;
    entry.post_id = "p1";
    std::optional<DeliveryResult> result;
    sink->deliver(Delivery{entry, sub, message_, "idem", target_, post_, m}, [&](DeliveryResult r) { result = r; });
    EXPECT_TRUE(run_until([&] { return result.has_value(); }));
    return result.value_or(DeliveryResult{});
  }

  static RenderedMessage text(std::string t, std::string format = "plain", std::vector<std::string> images = {}) {
    return RenderedMessage{std::move(t), std::move(format), std::move(images), "test"};
  }

  boost::asio::io_context io_;
  FakeChatApi telegram_{io_, kTelegramOk};
  FakeChatApi onebot_{io_, kOneBotOk};
  std::unique_ptr<HttpClient> http_ = make_curl_client(io_);
  ManualClock clock_;
  SinkContext context_{io_, *http_, clock_, "gather-test"};
  std::string message_ = "{}";
  Target target_;
  Post post_;
};

TEST_F(ChatSinkTest, TelegramTextGoesAsSendMessageWithTheThemesParseMode) {
  // MarkdownV2 escapes are the theme's work; the sink must pass them through untouched.
  const std::string md = "*New* post: 1\\.5 \\_x\\_ [link](https://e\\.org)";
  ASSERT_TRUE(deliver("telegram-bot:123", text(md, "markdownv2")).ok);
  ASSERT_TRUE(deliver("telegram-bot:-1001234567890", text("<b>hi</b> &amp;", "html")).ok);
  ASSERT_TRUE(deliver("telegram-bot:@my_channel", text("plain *not bold*")).ok);
  ASSERT_EQ(telegram_.calls.size(), 3u);
  const auto& first = telegram_.calls[0];
  EXPECT_EQ(first.path, "/bot123:SECRET/sendMessage");
  EXPECT_EQ(first.body.at("chat_id").as_int64(), 123);
  EXPECT_EQ(first.body.at("text").as_string(), md);
  EXPECT_EQ(first.body.at("parse_mode").as_string(), "MarkdownV2");
  EXPECT_EQ(first.header("Content-Type"), "application/json");
  EXPECT_EQ(telegram_.calls[1].body.at("chat_id").as_int64(), -1001234567890);
  EXPECT_EQ(telegram_.calls[1].body.at("text").as_string(), "<b>hi</b> &amp;");
  EXPECT_EQ(telegram_.calls[1].body.at("parse_mode").as_string(), "HTML");
  EXPECT_EQ(telegram_.calls[2].body.at("chat_id").as_string(), "@my_channel");
  EXPECT_FALSE(telegram_.calls[2].body.contains("parse_mode")) << "plain text is never parsed as markup";
}

TEST_F(ChatSinkTest, TelegramOnePictureCarriesTheTextAsCaptionWhenItFits) {
  ASSERT_TRUE(deliver("telegram-bot:123", text("short *caption*", "markdownv2", {"https://img.example/1.jpg"})).ok);
  ASSERT_EQ(telegram_.calls.size(), 1u);
  EXPECT_EQ(telegram_.calls[0].method, "sendPhoto");
  EXPECT_EQ(telegram_.calls[0].body.at("photo").as_string(), "https://img.example/1.jpg");
  EXPECT_EQ(telegram_.calls[0].body.at("caption").as_string(), "short *caption*");
  EXPECT_EQ(telegram_.calls[0].body.at("parse_mode").as_string(), "MarkdownV2");

  // 1000 CJK characters are 3000 bytes but 1000 of Telegram's units: still a caption.
  std::string cjk;
  for (int i = 0; i < 1000; ++i) cjk += "字";
  ASSERT_TRUE(deliver("telegram-bot:123", text(cjk, "plain", {"https://img.example/2.jpg"})).ok);
  ASSERT_EQ(telegram_.calls.size(), 2u);
  EXPECT_EQ(telegram_.calls[1].body.at("caption").as_string(), cjk);

  // Too long for a caption: the photo, then the text as its own message.
  std::string long_text(1100, 'x');
  ASSERT_TRUE(deliver("telegram-bot:123", text(long_text, "plain", {"https://img.example/3.jpg"})).ok);
  ASSERT_EQ(telegram_.calls.size(), 4u);
  EXPECT_EQ(telegram_.calls[2].method, "sendPhoto");
  EXPECT_FALSE(telegram_.calls[2].body.contains("caption"));
  EXPECT_EQ(telegram_.calls[3].method, "sendMessage");
  EXPECT_EQ(telegram_.calls[3].body.at("text").as_string(), long_text);
  EXPECT_EQ(utf16_length("😀a"), 3u);
}

TEST_F(ChatSinkTest, TelegramSeveralPicturesGoAsAlbumsWithTheCaptionOnTheFirst) {
  ASSERT_TRUE(deliver("telegram-bot:123", text("three", "html", {"https://i/1", "https://i/2", "https://i/3"})).ok);
  ASSERT_EQ(telegram_.calls.size(), 1u);
  EXPECT_EQ(telegram_.calls[0].method, "sendMediaGroup");
  const auto& media = telegram_.calls[0].body.at("media").as_array();
  ASSERT_EQ(media.size(), 3u);
  EXPECT_EQ(media[0].at("type").as_string(), "photo");
  EXPECT_EQ(media[0].at("media").as_string(), "https://i/1");
  EXPECT_EQ(media[0].at("caption").as_string(), "three");
  EXPECT_EQ(media[0].at("parse_mode").as_string(), "HTML");
  EXPECT_FALSE(media[1].as_object().contains("caption"));
  EXPECT_EQ(media[2].at("media").as_string(), "https://i/3");

  // Eleven: an album of ten (Telegram's most), then the last one alone.
  std::vector<std::string> eleven;
  for (int i = 1; i <= 11; ++i) eleven.push_back("https://i/" + std::to_string(i));
  ASSERT_TRUE(deliver("telegram-bot:123", text("eleven", "plain", eleven)).ok);
  ASSERT_EQ(telegram_.calls.size(), 3u);
  EXPECT_EQ(telegram_.calls[1].method, "sendMediaGroup");
  EXPECT_EQ(telegram_.calls[1].body.at("media").as_array().size(), 10u);
  EXPECT_EQ(telegram_.calls[1].body.at("media").as_array()[0].at("caption").as_string(), "eleven");
  EXPECT_EQ(telegram_.calls[2].method, "sendPhoto");
  EXPECT_EQ(telegram_.calls[2].body.at("photo").as_string(), "https://i/11");
  EXPECT_FALSE(telegram_.calls[2].body.contains("caption"));
}

TEST_F(ChatSinkTest, TelegramAnswersAreClassified) {
  telegram_.script = {
      {429, R"({"ok":false,"error_code":429,"description":"Too Many Requests: retry after 5","parameters":{"retry_after":5}})"},
      {502, "<html>Bad Gateway</html>"},
      {400, R"({"ok":false,"error_code":400,"description":"Bad Request: can't parse entities"})"},
      {403, R"({"ok":false,"error_code":403,"description":"Forbidden: bot was kicked from the group chat"})"},
      {200, R"({"ok":false,"description":"odd"})"},
  };
  auto limited = deliver("telegram-bot:123", text("x"));
  EXPECT_FALSE(limited.ok);
  EXPECT_FALSE(limited.permanent);
  EXPECT_EQ(limited.retry_after, seconds{5});
  auto server = deliver("telegram-bot:123", text("x"));
  EXPECT_FALSE(server.ok);
  EXPECT_FALSE(server.permanent);
  EXPECT_EQ(server.error, "Telegram sendMessage: HTTP 502");
  auto bad = deliver("telegram-bot:123", text("x"));
  EXPECT_TRUE(bad.permanent);
  EXPECT_EQ(bad.error, "Telegram sendMessage: HTTP 400: Bad Request: can't parse entities");
  auto kicked = deliver("telegram-bot:123", text("x"));
  EXPECT_TRUE(kicked.permanent);
  EXPECT_NE(kicked.error.find("bot was kicked"), std::string::npos);
  EXPECT_FALSE(deliver("telegram-bot:123", text("x")).ok) << "HTTP 200 without ok:true is not a delivery";
  for (const auto& r : {limited, server, bad, kicked}) EXPECT_EQ(r.error.find("SECRET"), std::string::npos);

  context_.settings.telegram_bot.token.clear();
  auto no_token = deliver("telegram-bot:123", text("x"));
  EXPECT_FALSE(no_token.permanent) << "the operator can add the token; the posts should wait for it";
  EXPECT_NE(no_token.error.find("[sink.telegram-bot]"), std::string::npos);
  EXPECT_EQ(telegram_.calls.size(), 5u);
}

TEST_F(ChatSinkTest, OneBotSendsCqStringsWithEscapesImagesAndTheToken) {
  context_.settings.onebot.access_token = "tok";
  ASSERT_TRUE(deliver("onebot:group:456", text("a&b [x], y", "plain", {"https://img.example/a.jpg?s=1,2"})).ok);
  ASSERT_EQ(onebot_.calls.size(), 1u);
  const auto& call = onebot_.calls[0];
  EXPECT_EQ(call.path, "/send_group_msg");
  EXPECT_EQ(call.body.at("group_id").as_int64(), 456);
  // Text escapes & [ ]; inside the CQ code the comma is escaped too, or it would end the value.
  EXPECT_EQ(call.body.at("message").as_string(), "a&amp;b &#91;x&#93;, y\n[CQ:image,file=https://img.example/a.jpg?s=1&#44;2]");
  EXPECT_FALSE(call.body.at("auto_escape").as_bool());
  EXPECT_EQ(call.header("Authorization"), "Bearer tok");

  context_.settings.onebot.access_token.clear();
  ASSERT_TRUE(deliver("onebot:private:789", text("hi")).ok);
  ASSERT_EQ(onebot_.calls.size(), 2u);
  EXPECT_EQ(onebot_.calls[1].path, "/send_private_msg");
  EXPECT_EQ(onebot_.calls[1].body.at("user_id").as_int64(), 789);
  EXPECT_FALSE(onebot_.calls[1].header("Authorization"));
  EXPECT_EQ(cq_message(text("", "plain", {"https://i/1", "https://i/2"})), "[CQ:image,file=https://i/1]\n[CQ:image,file=https://i/2]");
}

TEST_F(ChatSinkTest, OneBotAnswersAreClassified) {
  onebot_.script = {
      {200, R"({"status":"failed","retcode":1400,"msg":"bad request","wording":""})"},
      {200, R"({"status":"failed","retcode":100,"wording":"send failed"})"},
      {401, ""},
      {404, ""},
      {503, ""},
      {200, R"({"status":"async","retcode":1})"},
      {200, "not json"},
  };
  auto bad = deliver("onebot:group:456", text("x"));
  EXPECT_TRUE(bad.permanent);
  EXPECT_EQ(bad.error, "OneBot send_group_msg: retcode 1400: bad request");
  auto failed = deliver("onebot:group:456", text("x"));
  EXPECT_FALSE(failed.ok);
  EXPECT_FALSE(failed.permanent);
  EXPECT_EQ(failed.error, "OneBot send_group_msg: retcode 100: send failed");
  auto token = deliver("onebot:group:456", text("x"));
  EXPECT_FALSE(token.permanent);
  EXPECT_NE(token.error.find("access token refused"), std::string::npos);
  EXPECT_TRUE(deliver("onebot:group:456", text("x")).permanent) << "404: no such action";
  EXPECT_FALSE(deliver("onebot:group:456", text("x")).permanent);
  EXPECT_TRUE(deliver("onebot:group:456", text("x")).ok) << "async: queued by the implementation";
  auto garbage = deliver("onebot:group:456", text("x"));
  EXPECT_FALSE(garbage.ok);
  EXPECT_FALSE(garbage.permanent);
}

TEST_F(ChatSinkTest, AddressesAreCheckedWithAMessageSayingWhatIsWrong) {
  for (const char* good : {"telegram-bot:123", "telegram-bot:-1001234567890", "telegram-bot:@my_channel",
                           "onebot:group:456", "onebot:private:10001"})
    EXPECT_NO_THROW(parse_destination(good)) << good;
  auto error_of = [](const std::string& to) -> std::string {
    try {
      parse_destination(to);
    } catch (const std::invalid_argument& e) {
      return e.what();
    }
    return "";
  };
  EXPECT_NE(error_of("telegram-bot:abc").find("is not a chat"), std::string::npos);
  EXPECT_NE(error_of("telegram-bot:0").find("is not a chat"), std::string::npos);
  EXPECT_NE(error_of("telegram-bot:").find("telegram-bot:@channelname"), std::string::npos);
  EXPECT_NE(error_of("telegram-bot:@ab").find("5-32 letters"), std::string::npos);
  EXPECT_NE(error_of("onebot:channel:1").find("group:NUMBER or private:NUMBER"), std::string::npos);
  EXPECT_NE(error_of("onebot:group:").find("onebot destination"), std::string::npos);
  EXPECT_NE(error_of("onebot:group:12a").find("'group:12a'"), std::string::npos);
  EXPECT_NE(error_of("onebot:group:0").find("onebot destination"), std::string::npos);
}

// Through the outbox worker and a real store.
class ChatWorkerTest : public ChatSinkTest {
 protected:
  void SetUp() override {
    ChatSinkTest::SetUp();
    dir_ = fs::temp_directory_path() / ("gather-chat-" + std::to_string(::getpid()) + "-" +
                                        ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(dir_);
    fs::create_directories(dir_);
    store_ = open_sqlite_store((dir_ / "gather.db").string());
    Target t;
    t.platform = "rss";
    t.key = "https://example.org/feed";
    target_id_ = store_->add_target(t);
    context_.render = [](const Post& p, const Target&, const Subscription&, std::string_view) {
      return RenderedMessage{"*" + p.title + "*", "markdownv2", {}, "test"};
    };
  }
  void TearDown() override {
    worker_.reset();
    store_.reset();
    fs::remove_all(dir_);
  }
  Id subscribe(const std::string& to) {
    Destination d = parse_destination(to);
    Subscription s;
    s.target_id = target_id_;
    s.subscriber.kind = d.kind;
    s.subscriber.address = d.address;
    return store_->add_subscription(s);
  }
  void queue(Id sub, int from, int to) {
    std::vector<Post> page;
    for (int i = to; i >= from; --i) {
      Post p;
      p.id = "p" + std::to_string(i);
      p.title = "post " + std::to_string(i);
      page.push_back(p);
    }
    store_->ingest(store_->fetch_state(target_id_), page, true, 0, [&](const Post&) { return std::vector<Id>{sub}; },
                   clock_.now());
  }
  void start_worker() {
    OutboxOptions o;
    o.max_attempts = 3;
    o.retry_base = seconds{10};
    worker_ = std::make_unique<OutboxWorker>(*store_, context_, o);
    worker_->start();
  }
  bool settled(std::size_t calls) {
    return run_until([&] { return worker_->in_flight() == 0 && telegram_.calls.size() + onebot_.calls.size() >= calls; });
  }

  fs::path dir_;
  std::unique_ptr<Store> store_;
  Id target_id_ = 0;
  std::unique_ptr<OutboxWorker> worker_;
};

TEST_F(ChatWorkerTest, TelegramFailuresRetryAndBadRequestsAreDeadLettered) {
  Id sub = subscribe("telegram-bot:123");
  telegram_.script = {{502, ""}, {200, kTelegramOk},
                      {400, R"({"ok":false,"error_code":400,"description":"Bad Request: chat not found"})"}};
  queue(sub, 1, 1);
  start_worker();
  ASSERT_TRUE(settled(1));
  auto entries = store_->outbox_of(sub);
  EXPECT_EQ(entries[0].state, DeliveryState::kPending);
  EXPECT_EQ(entries[0].last_error, "Telegram sendMessage: HTTP 502");
  EXPECT_EQ(worker_->next_wake(), floor<milliseconds>(clock_.now() + seconds{10}));
  clock_.advance(seconds{10});
  worker_->poke();
  ASSERT_TRUE(settled(2));
  EXPECT_EQ(store_->outbox_of(sub)[0].state, DeliveryState::kDone);
  EXPECT_EQ(telegram_.calls[1].body.at("text").as_string(), "*post 1*");

  queue(sub, 2, 2);
  clock_.advance(seconds{2});  // past the chat's gap
  worker_->poke();
  ASSERT_TRUE(settled(3));
  entries = store_->outbox_of(sub);
  ASSERT_EQ(entries.size(), 2u);
  EXPECT_EQ(entries[1].state, DeliveryState::kDead) << "a 400 is not retried";
  auto health = store_->subscription_health();
  ASSERT_EQ(health.size(), 1u);
  EXPECT_EQ(health[0].counts.dead, 1);
  EXPECT_EQ(health[0].last_error, "Telegram sendMessage: HTTP 400: Bad Request: chat not found");
  EXPECT_EQ(worker_->stats().dead, 1);
}

TEST_F(ChatWorkerTest, TelegramRetryAfterHoldsThatChatOnly) {
  Id held = subscribe("telegram-bot:123");
  telegram_.script = {{429, R"({"ok":false,"error_code":429,"description":"Too Many Requests","parameters":{"retry_after":30}})"}};
  queue(held, 1, 2);
  start_worker();
  ASSERT_TRUE(settled(1));
  auto start = clock_.now();
  Id other = subscribe("telegram-bot:456");
  queue(other, 3, 3);
  clock_.advance(seconds{1});
  worker_->poke();
  ASSERT_TRUE(settled(2));
  EXPECT_EQ(telegram_.calls[1].body.at("chat_id").as_int64(), 456) << "another chat is not held";
  auto entries = store_->outbox_of(held);
  EXPECT_EQ(entries[0].next_attempt_at, floor<milliseconds>(start + seconds{30})) << "retry_after, not the 10 s backoff";
  EXPECT_EQ(entries[1].state, DeliveryState::kPending);
  EXPECT_EQ(worker_->next_wake(), floor<milliseconds>(start + seconds{30}));
  clock_.set(start + seconds{30});
  worker_->poke();
  ASSERT_TRUE(settled(3));
  EXPECT_EQ(telegram_.calls[2].body.at("text").as_string(), "*post 1*") << "order holds after the wait";
}

TEST_F(ChatWorkerTest, OneBotMergeSendsQueuedPostsForAChatAsOneForwardMessage) {
  context_.settings.onebot.merge = true;
  context_.settings.onebot.self_id = "10001";
  Id group = subscribe("onebot:group:456");
  Id user = subscribe("onebot:private:789");
  queue(group, 1, 3);
  queue(user, 4, 4);
  context_.render = [](const Post& p, const Target&, const Subscription&, std::string_view theme) {
    return RenderedMessage{p.title + " [" + std::string(theme) + "]", "plain", {}, "test"};
  };
  start_worker();
  ASSERT_TRUE(settled(1));
  clock_.advance(milliseconds{500});  // OneBot's default 2 messages/s over all chats
  worker_->poke();
  ASSERT_TRUE(settled(2));
  ASSERT_EQ(onebot_.calls.size(), 2u);
  const auto& forward = onebot_.calls[0];
  EXPECT_EQ(forward.path, "/send_group_forward_msg");
  EXPECT_EQ(forward.body.at("group_id").as_int64(), 456);
  const auto& nodes = forward.body.at("messages").as_array();
  ASSERT_EQ(nodes.size(), 3u);
  for (std::size_t i = 0; i < 3; ++i) {
    EXPECT_EQ(nodes[i].at("type").as_string(), "node");
    EXPECT_EQ(nodes[i].at("data").at("uin").as_string(), "10001");
    EXPECT_EQ(nodes[i].at("data").at("content").as_string(), "post " + std::to_string(i + 1) + " &#91;basic&#93;")
        << "in order, CQ-escaped, with the onebot default theme";
  }
  EXPECT_EQ(onebot_.calls[1].path, "/send_private_msg") << "one post alone is not wrapped";
  EXPECT_EQ(store_->outbox_counts().done, 4);
  EXPECT_EQ(worker_->stats().delivered, 4);
}

}  // namespace
