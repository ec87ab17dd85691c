// The TDLib stand-in's world, driven in-process through SimCore::tdsim_send / tdsim_poll on a
// virtual clock: auth, budgets, history paging, live updates, joins, invite links, downloads.
#include <gtest/gtest.h>

#include <boost/json.hpp>

#include "sim/tdsim_world.h"
#include "sim_test_util.h"

namespace gather::sim {
namespace {

namespace json = boost::json;
using namespace std::chrono_literals;
using testing::VirtualSim;

struct TdClient {
  SimCore& core;
  std::string key;
  std::string token{};  // the session file's token, as the library keeps it

  json::array send(json::object request, bool* session_changed = nullptr) {
    json::object env{{"client", key}, {"request", std::move(request)}};
    if (!token.empty()) env["session"] = token;
    json::object reply = core.tdsim_send(env);
    if (const json::value* s = reply.if_contains("session")) {
      if (session_changed) *session_changed = true;
      token = s->is_object() ? std::string(s->at("token").as_string()) : "";
    }
    return reply.at("objects").as_array();
  }
  json::array poll() { return core.tdsim_poll(key).at("objects").as_array(); }
  // The answer (first object) to a request.
  json::object call(json::object request) { return send(std::move(request)).at(0).as_object(); }
  void login(const std::string& phone) {
    ASSERT_EQ(type(call({{"@type", "setTdlibParameters"}, {"api_id", 94575}, {"database_directory", "/tmp/tdsim-db"}})), "ok");
    ASSERT_EQ(type(call({{"@type", "setAuthenticationPhoneNumber"}, {"phone_number", phone}})), "ok");
    ASSERT_EQ(type(call({{"@type", "checkAuthenticationCode"}, {"code", "12345"}})), "ok");
  }
  static std::string type(const json::value& o) { return std::string(o.at("@type").as_string()); }
};

std::string state_of(const json::value& update) {
  return std::string(update.at("authorization_state").at("@type").as_string());
}

SimOptions quiet_feeds() {
  SimOptions o;
  o.feeds = 4;
  o.rate_per_hour = 0;  // posts only when published
  return o;
}

TEST(TdSim, LoginWithCodeAndWrongCode) {
  VirtualSim sim(quiet_feeds());
  TdClient c{*sim.core, "a-1", ""};
  EXPECT_EQ(c.call({{"@type", "setTdlibParameters"}, {"api_id", 0}}).at("code"), 400);
  auto objs = c.send({{"@type", "setTdlibParameters"}, {"api_id", 1}, {"@extra", "x1"}});
  EXPECT_EQ(objs[0].at("@type"), "ok");
  EXPECT_EQ(objs[0].at("@extra"), "x1");
  EXPECT_EQ(state_of(objs[1]), "authorizationStateWaitPhoneNumber");
  objs = c.send({{"@type", "setAuthenticationPhoneNumber"}, {"phone_number", "+9991001"}});
  ASSERT_EQ(state_of(objs[1]), "authorizationStateWaitCode");
  EXPECT_EQ(objs[1].at("authorization_state").at("code_info").at("type").at("length"), 5);
  auto wrong = c.call({{"@type", "checkAuthenticationCode"}, {"code", "00000"}});
  EXPECT_EQ(wrong.at("message"), "PHONE_CODE_INVALID");
  bool changed = false;
  objs = c.send({{"@type", "checkAuthenticationCode"}, {"code", "12345"}}, &changed);
  EXPECT_EQ(state_of(objs[1]), "authorizationStateReady");
  EXPECT_TRUE(changed);
  EXPECT_FALSE(c.token.empty());
  EXPECT_EQ(c.call({{"@type", "getMe"}}).at("phone_number"), "9991001");
}

TEST(TdSim, TwoFactorAndRegistrationAndInvalidPhone) {
  VirtualSim sim(quiet_feeds());
  TdClient c{*sim.core, "a-1", ""};
  c.call({{"@type", "setTdlibParameters"}, {"api_id", 1}});
  EXPECT_EQ(c.call({{"@type", "setAuthenticationPhoneNumber"}, {"phone_number", "+15550001"}}).at("message"), "PHONE_NUMBER_INVALID");
  c.call({{"@type", "setAuthenticationPhoneNumber"}, {"phone_number", "+9996001"}});
  auto objs = c.send({{"@type", "checkAuthenticationCode"}, {"code", "12345"}});
  ASSERT_EQ(state_of(objs[1]), "authorizationStateWaitPassword");
  EXPECT_EQ(objs[1].at("authorization_state").at("password_hint"), "hunter");
  EXPECT_EQ(c.call({{"@type", "checkAuthenticationPassword"}, {"password", "nope"}}).at("message"), "PASSWORD_HASH_INVALID");
  objs = c.send({{"@type", "checkAuthenticationPassword"}, {"password", "hunter2"}});
  EXPECT_EQ(state_of(objs[1]), "authorizationStateReady");

  TdClient r{*sim.core, "b-1", ""};
  r.call({{"@type", "setTdlibParameters"}, {"api_id", 1}});
  r.call({{"@type", "setAuthenticationPhoneNumber"}, {"phone_number", "+9990002"}});
  objs = r.send({{"@type", "checkAuthenticationCode"}, {"code", "12345"}});
  EXPECT_EQ(state_of(objs[1]), "authorizationStateWaitRegistration");
  objs = r.send({{"@type", "registerUser"}, {"first_name", "New"}, {"last_name", ""}});
  EXPECT_EQ(state_of(objs[1]), "authorizationStateReady");
}

TEST(TdSim, UnknownMethodIsTdlibsParseError) {
  VirtualSim sim(quiet_feeds());
  TdClient c{*sim.core, "a-1", ""};
  EXPECT_EQ(c.call({{"@type", "frobnicate"}}).at("message"),
            "Failed to parse JSON object as TDLib request: Unknown class \"frobnicate\"");
}

TEST(TdSim, ResolveBudgetRefusesWithRetryAfter) {
  VirtualSim sim(quiet_feeds());
  TdClient c{*sim.core, "a-1", ""};
  c.login("+9991001");
  tdsim::Limits l;
  l.resolves = 2;
  l.resolve_window_s = 60;
  ASSERT_TRUE(sim.core->tg_set_limits("+9991001", l));
  auto chat = c.call({{"@type", "searchPublicChat"}, {"username", "chan1"}});
  EXPECT_EQ(chat.at("@type"), "chat");
  EXPECT_EQ(chat.at("id"), tdsim::chat_id_of(tdsim::kFeedSupergroupBase + 1));
  EXPECT_EQ(chat.at("id").as_int64(), -1001000000001);
  EXPECT_EQ(c.call({{"@type", "searchPublicChat"}, {"username", "nobody_here"}}).at("message"), "USERNAME_NOT_OCCUPIED");
  sim.clock.advance(20s);
  auto refused = c.call({{"@type", "searchPublicChat"}, {"username", "chan2"}});
  EXPECT_EQ(refused.at("code"), 429);
  EXPECT_EQ(refused.at("message"), "Too Many Requests: retry after 40");
  sim.clock.advance(40s);
  EXPECT_EQ(c.call({{"@type", "searchPublicChat"}, {"username", "chan2"}}).at("@type"), "chat");
  EXPECT_EQ(c.call({{"@type", "searchPublicChat"}, {"username", "privchan"}}).at("message"), "CHANNEL_PRIVATE");
  auto stats = sim.core->tg_stats().at("accounts").at("+9991001");
  EXPECT_EQ(stats.at("resolves"), 4);
  EXPECT_EQ(stats.at("refused"), 1);

  ASSERT_TRUE(sim.core->tg_flood("+9991001", 7, 1));
  EXPECT_EQ(c.call({{"@type", "getMe"}}).at("message"), "Too Many Requests: retry after 7");
  EXPECT_EQ(c.call({{"@type", "getMe"}}).at("@type"), "user");
}

TEST(TdSim, HistoryPagesNewestFirstWithPreviewIds) {
  VirtualSim sim(quiet_feeds());
  sim.clock.advance(1h);
  sim.core->publish(0, 130);
  TdClient c{*sim.core, "a-1", ""};
  c.login("+9991001");
  const std::int64_t chat = c.call({{"@type", "searchPublicChat"}, {"username", "chan0"}}).at("id").as_int64();
  auto page = c.call({{"@type", "getChatHistory"}, {"chat_id", chat}, {"from_message_id", 0}, {"offset", 0}, {"limit", 150}});
  const auto& msgs = page.at("messages").as_array();
  ASSERT_EQ(msgs.size(), 100u);
  EXPECT_EQ(msgs[0].at("id").as_int64(), 130LL << 20);  // post k=129 -> chan0/130
  EXPECT_EQ(msgs[99].at("id").as_int64(), 31LL << 20);
  EXPECT_EQ(msgs[0].at("interaction_info").at("view_count"), 13000);
  EXPECT_EQ(msgs[0].at("sender_id").at("chat_id"), chat);
  // Post 129 has an image (k % 5 == 4): a photo with the preview's text as caption.
  EXPECT_EQ(msgs[0].at("content").at("@type"), "messagePhoto");
  const auto& caption = msgs[0].at("content").at("caption");
  EXPECT_TRUE(caption.at("text").as_string().starts_with("Feed 0 post 129\nPost 129 of feed 0"));
  EXPECT_EQ(caption.at("entities").at(0).at("type").at("@type"), "textEntityTypeBold");
  EXPECT_EQ(caption.at("entities").at(0).at("length"), 15);
  // Next page: older than the last id; offset -1 includes from_message_id itself.
  auto older = c.call({{"@type", "getChatHistory"}, {"chat_id", chat}, {"from_message_id", 31LL << 20}, {"offset", 0}, {"limit", 100}});
  ASSERT_EQ(older.at("messages").as_array().size(), 30u);
  EXPECT_EQ(older.at("messages").at(0).at("id").as_int64(), 30LL << 20);
  auto inclusive = c.call({{"@type", "getChatHistory"}, {"chat_id", chat}, {"from_message_id", 31LL << 20}, {"offset", -1}, {"limit", 2}});
  EXPECT_EQ(inclusive.at("messages").at(0).at("id").as_int64(), 31LL << 20);
  EXPECT_EQ(inclusive.at("messages").at(1).at("id").as_int64(), 30LL << 20);
  EXPECT_EQ(c.call({{"@type", "getChatHistory"}, {"chat_id", -1001000000003}, {"limit", 1}}).at("message"), "Chat not found");
}

TEST(TdSim, HistoryBudgetAndConcurrentReadsAcrossClients) {
  VirtualSim sim(quiet_feeds());
  sim.core->publish(1, 3);
  TdClient a{*sim.core, "a-1", ""}, b{*sim.core, "b-1", ""};
  a.login("+9991001");
  b.login("+9991001");
  tdsim::Limits l;
  l.history = 2;
  l.history_window_s = 30;
  sim.core->tg_set_limits("+9991001", l);
  const auto chat = a.call({{"@type", "searchPublicChat"}, {"username", "chan1"}}).at("id").as_int64();
  json::object read{{"@type", "getChatHistory"}, {"chat_id", chat}, {"limit", 10}};
  EXPECT_EQ(a.call(read).at("@type"), "messages");
  EXPECT_EQ(b.call(read).at("@type"), "messages");  // same instant, other client: concurrent
  EXPECT_EQ(a.call(read).at("message"), "Too Many Requests: retry after 30");
  auto stats = sim.core->tg_stats().at("accounts").at("+9991001");
  EXPECT_EQ(stats.at("history_reads"), 2);
  EXPECT_EQ(stats.at("max_concurrent_history"), 2);
}

TEST(TdSim, MembersGetNewMessagesThroughThePoll) {
  VirtualSim sim(quiet_feeds());
  TdClient c{*sim.core, "a-1", ""};
  c.login("+9991001");
  c.call({{"@type", "searchPublicChat"}, {"username", "chan2"}});
  sim.core->publish(2, 1);
  EXPECT_TRUE(c.poll().empty());  // not a member: nothing live
  const auto chat = tdsim::chat_id_of(tdsim::kFeedSupergroupBase + 2);
  EXPECT_EQ(c.call({{"@type", "joinChat"}, {"chat_id", chat}}).at("@type"), "ok");
  sim.core->publish(2, 2);
  auto updates = c.poll();
  ASSERT_EQ(updates.size(), 2u);
  EXPECT_EQ(updates[0].at("@type"), "updateNewMessage");
  EXPECT_EQ(updates[0].at("message").at("id").as_int64(), 2LL << 20);
  EXPECT_EQ(updates[1].at("message").at("id").as_int64(), 3LL << 20);
  EXPECT_TRUE(c.poll().empty());
  // An admin-made member of the group sees the group's posts and its schedule.
  ASSERT_TRUE(sim.core->tg_add_member("+9991001", "simgroup"));
  auto id = sim.core->tg_post("simgroup", "hello #there");
  ASSERT_TRUE(id.has_value());
  updates = c.poll();
  ASSERT_EQ(updates.size(), 1u);
  EXPECT_EQ(updates[0].at("message").at("content").at("text").at("text"), "hello #there");
  sim.clock.advance(10min);
  EXPECT_EQ(c.poll().size(), 1u);
  EXPECT_EQ(sim.core->tg_stats().at("chats").at("-1002000000002").at("members").as_array().size(), 1u);
}

TEST(TdSim, GroupHasEveryContentKindAndAnAlbum) {
  VirtualSim sim(quiet_feeds());
  TdClient c{*sim.core, "a-1", ""};
  c.login("+9991001");
  const auto chat = c.call({{"@type", "searchPublicChat"}, {"username", "simgroup"}}).at("id").as_int64();
  auto page = c.call({{"@type", "getChatHistory"}, {"chat_id", chat}, {"limit", 100}});
  std::set<std::string> kinds;
  std::map<std::string, int> albums;
  bool reply = false, forward = false;
  for (const auto& m : page.at("messages").as_array()) {
    kinds.insert(std::string(m.at("content").at("@type").as_string()));
    if (m.at("media_album_id") != "0") ++albums[std::string(m.at("media_album_id").as_string())];
    reply |= m.as_object().contains("reply_to");
    forward |= m.as_object().contains("forward_info");
  }
  for (const char* k : {"messageText", "messagePhoto", "messageVideo", "messageAnimation", "messageDocument",
                        "messageAudio", "messageVoiceNote", "messageVideoNote", "messageSticker", "messageChatJoinByLink"}) {
    EXPECT_TRUE(kinds.count(k)) << k;
  }
  ASSERT_EQ(albums.size(), 1u);
  EXPECT_EQ(albums.begin()->second, 3);
  EXPECT_TRUE(reply);
  EXPECT_TRUE(forward);
}

TEST(TdSim, InviteLinksAndJoinLimit) {
  VirtualSim sim(quiet_feeds());
  TdClient c{*sim.core, "a-1", ""};
  c.login("+9991001");
  EXPECT_EQ(c.call({{"@type", "joinChatByInviteLink"}, {"invite_link", "https://t.me/+SimExpired1"}}).at("message"), "INVITE_HASH_EXPIRED");
  auto info = c.call({{"@type", "checkChatInviteLink"}, {"invite_link", "https://t.me/+SimPrivate1"}});
  EXPECT_EQ(info.at("@type"), "chatInviteLinkInfo");
  EXPECT_EQ(info.at("chat_id"), 0);
  auto chat = c.call({{"@type", "joinChatByInviteLink"}, {"invite_link", "https://t.me/+SimPrivate1"}});
  ASSERT_EQ(chat.at("@type"), "chat");
  auto page = c.call({{"@type", "getChatHistory"}, {"chat_id", chat.at("id")}, {"limit", 10}});
  EXPECT_EQ(page.at("messages").as_array().size(), 2u);

  tdsim::Limits l;
  l.max_channels = 2;
  sim.core->tg_set_limits("+9991001", l);
  c.call({{"@type", "searchPublicChat"}, {"username", "chan0"}});
  c.call({{"@type", "searchPublicChat"}, {"username", "chan1"}});
  EXPECT_EQ(c.call({{"@type", "joinChat"}, {"chat_id", -1001000000000}}).at("@type"), "ok");
  EXPECT_EQ(c.call({{"@type", "joinChat"}, {"chat_id", -1001000000001}}).at("message"), "CHANNELS_TOO_MUCH");
  auto chats = c.call({{"@type", "getChats"}, {"limit", 10}});
  EXPECT_EQ(chats.at("total_count"), 2);
}

TEST(TdSim, DownloadGrowsThenCompletes) {
  VirtualSim sim(quiet_feeds());
  TdClient c{*sim.core, "a-1", ""};
  c.login("+9991001");
  sim.core->tg_set_download_speed(1'000'000);
  const auto chat = c.call({{"@type", "searchPublicChat"}, {"username", "simgroup"}}).at("id").as_int64();
  auto page = c.call({{"@type", "getChatHistory"}, {"chat_id", chat}, {"limit", 100}});
  json::object video;
  for (const auto& m : page.at("messages").as_array()) {
    if (m.at("content").at("@type") == "messageVideo") video = m.at("content").at("video").at("video").as_object();
  }
  ASSERT_FALSE(video.empty());
  const auto size = video.at("size").as_int64();  // 3 MiB: a bit over 3 s at 1 MB/s
  auto started = c.call({{"@type", "downloadFile"}, {"file_id", video.at("id")}, {"priority", 1}});
  EXPECT_TRUE(started.at("local").at("is_downloading_active").as_bool());
  sim.clock.advance(1s);
  auto u = c.poll();
  ASSERT_EQ(u.size(), 1u);
  EXPECT_EQ(u[0].at("@type"), "updateFile");
  EXPECT_EQ(u[0].at("file").at("local").at("downloaded_size"), 1'000'000);
  sim.clock.advance(5s);
  u = c.poll();
  ASSERT_EQ(u.size(), 1u);
  const auto& local = u[0].at("file").at("local");
  EXPECT_TRUE(local.at("is_downloading_completed").as_bool());
  EXPECT_EQ(local.at("downloaded_size"), size);
  EXPECT_EQ(local.at("path").as_string(), "/tmp/tdsim-db/files/videos/file_" + std::to_string(video.at("id").as_int64()) + ".mp4");
  // Synchronous: answered through the poll, with @extra, when done.
  int doc = 0;
  for (const auto& m : page.at("messages").as_array()) {
    if (m.at("content").at("@type") == "messageAudio") doc = static_cast<int>(m.at("content").at("audio").at("audio").at("id").as_int64());
  }
  EXPECT_TRUE(c.send({{"@type", "downloadFile"}, {"file_id", doc}, {"priority", 1}, {"synchronous", true}, {"@extra", 9}}).empty());
  sim.clock.advance(3s);
  u = c.poll();
  ASSERT_FALSE(u.empty());
  EXPECT_EQ(u.back().at("@type"), "file");
  EXPECT_EQ(u.back().at("@extra"), 9);
  EXPECT_EQ(sim.core->tg_stats().at("accounts").at("+9991001").at("downloads"), 2);
}

TEST(TdSim, RevokedSessionClosesAndDoesNotResume) {
  VirtualSim sim(quiet_feeds());
  TdClient c{*sim.core, "a-1", ""};
  c.login("+9991001");
  const std::string token = c.token;
  // A second client resumes with the session (the library found its session file).
  TdClient again{*sim.core, "a-2", token};
  auto objs = again.send({{"@type", "setTdlibParameters"}, {"api_id", 1}});
  EXPECT_EQ(state_of(objs[1]), "authorizationStateReady");
  ASSERT_TRUE(sim.core->tg_revoke("+9991001"));
  auto u = c.poll();
  ASSERT_EQ(u.size(), 2u);
  EXPECT_EQ(state_of(u[0]), "authorizationStateClosing");
  EXPECT_EQ(state_of(u[1]), "authorizationStateClosed");
  auto r = again.send({{"@type", "getMe"}});
  EXPECT_EQ(r[0].at("code"), 401);
  EXPECT_EQ(state_of(r.back()), "authorizationStateClosed");
  TdClient later{*sim.core, "a-3", token};
  objs = later.send({{"@type", "setTdlibParameters"}, {"api_id", 1}});
  EXPECT_EQ(state_of(objs.back()), "authorizationStateClosed");
  EXPECT_TRUE(later.token.empty());
}

TEST(TdSim, AdminEndpoints) {
  VirtualSim sim(quiet_feeds());
  EXPECT_EQ(sim.post("/_sim/tg/account?phone=%2B15551234&password=pw").response.status, 200);
  EXPECT_EQ(sim.post("/_sim/tg/limits?phone=%2B15551234&resolves=5").response.status, 200);
  EXPECT_EQ(sim.post("/_sim/tg/member?phone=%2B15551234&chat=chan3").response.status, 200);
  EXPECT_EQ(sim.post("/_sim/tg/flood?phone=%2B15551234&seconds=3&count=2").response.status, 200);
  EXPECT_EQ(sim.post("/_sim/tg/post?chat=quietchan&text=hi").response.status, 200);
  EXPECT_EQ(sim.post("/_sim/tg/revoke?phone=%2B15550000").response.status, 400);
  auto stats = sim.get_json("/_sim/tg/stats");
  EXPECT_EQ(stats.at("chats").at("-1001000000003").at("members").at(0), "+15551234");
  auto reply = sim.post("/_tdsim/send", R"({"client":"k","request":{"@type":"getAuthorizationState","@extra":"e"}})");
  auto body = json::parse(reply.response.body);
  EXPECT_EQ(body.at("objects").at(0).at("@type"), "authorizationStateWaitTdlibParameters");
  EXPECT_EQ(body.at("objects").at(0).at("@extra"), "e");
  EXPECT_EQ(sim.get_json("/_tdsim/poll?client=k").at("objects").as_array().size(), 0u);
}

}  // namespace
}  // namespace gather::sim
