// TDLib's JSON (tests/fixtures/telegram_tdlib, written from @prebuilt-tdlib/types) to Post and
// Page: formatted text with UTF-16 offsets, every content kind, albums, forwards, replies,
// edits, service messages, chats and errors.
#include <gtest/gtest.h>

#include <boost/json.hpp>

#include "platforms/platform.h"
#include "platforms/telegram_tdlib/formatted_text.h"
#include "platforms/telegram_tdlib/tdlib_chat.h"
#include "platforms/telegram_tdlib/tdlib_content.h"
#include "platforms/telegram_tdlib/tdlib_errors.h"
#include "platforms/telegram_tdlib/tdlib_message.h"
#include "platforms/telegram_tdlib/tdlib_page.h"
#include "platforms/telegram_tdlib/tdlib_platform.h"
#include "platforms/telegram_tdlib/utf16_index.h"
#include "test_util.h"

namespace gather::telegram_tdlib {
namespace {

namespace json = boost::json;
using gather::testing::own_fixture_at;

constexpr std::int64_t kChat = -1001234567890;
constexpr std::int64_t kOther = -1009876543210;
constexpr std::int64_t kM = 1 << 20;
constexpr std::int64_t kT = 1'700'000'000;

TimePoint at(std::int64_t unix_seconds) { return TimePoint{std::chrono::seconds{unix_seconds}}; }

json::value fixture(const std::string& name) { return json::parse(own_fixture_at("telegram_tdlib/" + name)); }

Names demo_names() {
  Names n;
  n.chat = {kChat, "gatherdemo", "Gather Demo Channel"};
  n.chat_by_id = [](std::int64_t id) -> std::optional<ChatRef> {
    if (id == kOther) return ChatRef{kOther, "otherchan", "Other Channel"};
    return std::nullopt;
  };
  n.user_name = [](std::int64_t id) -> std::optional<std::string> {
    if (id == 424242) return "Ada Lovelace";
    return std::nullopt;
  };
  return n;
}

const Page& history() {
  static const Page page = read_messages(fixture("history.json").as_object(), demo_names());
  return page;
}

const Post& post(const std::string& id) {
  for (const auto& p : history().posts) {
    if (p.id == id) return p;
  }
  throw std::runtime_error("no post " + id);
}

// The one message of history.json with server id n.
const json::object& message(std::int64_t n) {
  static const json::value doc = fixture("history.json");
  for (const auto& v : doc.at("messages").as_array()) {
    if (v.is_object() && v.at("id").as_int64() == n * kM) return v.as_object();
  }
  throw std::runtime_error("no message " + std::to_string(n));
}

std::string a(std::string_view href, std::string_view text) {
  return "<a href=\"" + std::string(href) + "\" target=\"_blank\" rel=\"noopener\">" + std::string(text) + "</a>";
}

TextEntity entity(std::size_t offset, std::size_t length, std::string type) {
  TextEntity e;
  e.offset = offset;
  e.length = length;
  e.type = std::move(type);
  return e;
}

// --- UTF-16 positions -------------------------------------------------------------------------

TEST(TdlibUtf16, CountsSurrogatePairsAsTwoUnitsAndMultiByteAsOne) {
  const std::string s = "a\xC3\xA9\xE4\xB8\xAD\xF0\x9F\x9A\x80z";  // a é 中 🚀 z
  const Utf16Index idx(s);
  EXPECT_EQ(idx.units(), 6u);
  EXPECT_EQ(idx.byte_floor(0), 0u);
  EXPECT_EQ(idx.byte_floor(1), 1u);  // é
  EXPECT_EQ(idx.byte_floor(2), 3u);  // 中
  EXPECT_EQ(idx.byte_floor(3), 6u);  // 🚀, high surrogate
  EXPECT_EQ(idx.byte_floor(4), 6u);  // low surrogate: rounds down to the emoji
  EXPECT_EQ(idx.byte_ceil(4), 10u);  // ...or past it
  EXPECT_EQ(idx.byte_floor(5), 10u);  // z
  EXPECT_EQ(idx.byte_floor(6), 11u);
  EXPECT_EQ(idx.byte_floor(99), 11u);
}

TEST(TdlibUtf16, InvalidBytesCountOneEach) {
  const Utf16Index idx(std::string("\xFF\xC3x", 3));
  EXPECT_EQ(idx.units(), 3u);
  EXPECT_EQ(idx.byte_floor(2), 2u);
}

// --- formatted text ---------------------------------------------------------------------------

TEST(TdlibFormattedText, EntitiesAfterEmojiLandOnTheRightCharacters) {
  // 👍🏽 is four UTF-16 units; "bold" starts at unit 5.
  const auto r = render_text("\xF0\x9F\x91\x8D\xF0\x9F\x8F\xBD bold", {entity(5, 4, "textEntityTypeBold")});
  EXPECT_EQ(r.html, "\xF0\x9F\x91\x8D\xF0\x9F\x8F\xBD <b>bold</b>");
  EXPECT_EQ(r.text, "\xF0\x9F\x91\x8D\xF0\x9F\x8F\xBD bold");
}

TEST(TdlibFormattedText, EscapesTextAndBreaksLines) {
  const auto r = render_text("a<b> & \"c\"\nd", {});
  EXPECT_EQ(r.html, "a&lt;b&gt; &amp; &quot;c&quot;<br/>d");
  EXPECT_EQ(r.text, "a<b> & \"c\"\nd");
}

TEST(TdlibFormattedText, NestedEntitiesNest) {
  // bold [0,11) holds italic [5,8) and the italic starts where an underline [5,11) does.
  const auto r = render_text("hello world",
                             {entity(5, 3, "textEntityTypeItalic"), entity(0, 11, "textEntityTypeBold"),
                              entity(5, 6, "textEntityTypeUnderline")});
  EXPECT_EQ(r.html, "<b>hello<u><i> wo</i>rld</u></b>");
}

TEST(TdlibFormattedText, CrossingEntitiesStillGiveWellFormedHtml) {
  // bold [0,6) and italic [3,9) cross: the italic closes at 6 and reopens after the bold.
  const auto r = render_text("abcdefghi", {entity(0, 6, "textEntityTypeBold"), entity(3, 6, "textEntityTypeItalic")});
  EXPECT_EQ(r.html, "<b>abc<i>def</i></b><i>ghi</i>");
}

TEST(TdlibFormattedText, OutOfRangeAndEmptyEntitiesAreIgnoredOrClamped) {
  const auto r = render_text("abc", {entity(1, 0, "textEntityTypeBold"), entity(2, 50, "textEntityTypeItalic"),
                                     entity(40, 2, "textEntityTypeCode")});
  EXPECT_EQ(r.html, "ab<i>c</i>");
}

TEST(TdlibFormattedText, UnsafeLinkSchemesStayText) {
  TextEntity e = entity(0, 5, "textEntityTypeTextUrl");
  e.url = "javascript:alert(1)";
  EXPECT_EQ(render_text("click", {e}).html, "click");
}

TEST(TdlibFormattedText, RelativeSearchLinksWithoutAChannel) {
  const auto r = render_text("#tag $USD", {entity(0, 4, "textEntityTypeHashtag"), entity(5, 4, "textEntityTypeCashtag")});
  EXPECT_EQ(r.html, a("?q=%23tag", "#tag") + " " + a("?q=%24USD", "$USD"));
  EXPECT_EQ(r.hashtags, (std::vector<std::string>{"tag"}));
}

TEST(TdlibFormattedText, PreWithoutLanguageAndPlainBlockQuote) {
  const auto r = render_text("code\nquote", {entity(0, 4, "textEntityTypePreCode"), entity(5, 5, "textEntityTypeBlockQuote"),
                                             entity(0, 4, "textEntityTypeBotCommand")});
  EXPECT_EQ(r.html, "<pre><code>code</code></pre><br/><blockquote>quote</blockquote>");
}

TEST(TdlibFormattedText, ReadsEntitiesFromJson) {
  const json::value v = json::parse(R"({"@type":"formattedText","text":"go here","entities":[
    {"@type":"textEntity","offset":3,"length":4,"type":{"@type":"textEntityTypeTextUrl","url":"https://x.org/?a=1&b=2"}},
    {"@type":"textEntity","offset":0,"length":2,"type":{"@type":"textEntityTypePreCode","language":"sh"}},
    {"@type":"textEntity","offset":0,"length":2,"type":{"@type":"textEntityTypeMentionName","user_id":99}},
    {"@type":"nope"}, 5]})");
  const auto entities = read_entities(&v.as_object());
  ASSERT_EQ(entities.size(), 3u);
  EXPECT_EQ(entities[0].url, "https://x.org/?a=1&b=2");
  EXPECT_EQ(entities[1].language, "sh");
  EXPECT_EQ(entities[2].user_id, 99);
  EXPECT_EQ(render_formatted_text(&v.as_object()).html,
            "<pre><code class=\"language-sh\">" + a("tg://user?id=99", "go") + "</code></pre> " +
                a("https://x.org/?a=1&amp;b=2", "here"));
  EXPECT_EQ(render_formatted_text(nullptr).html, "");
}

TEST(TdlibFormattedText, EveryEntityKindInTheFixture) {
  const Post& p = post("gatherdemo/12");
  const std::string release = a("https://t.me/s/gatherdemo?q=%23release", "#release");
  const std::string want =
      "\xF0\x9F\x9A\x80 <b>Release <i>2.0</i> is out</b><br/><br/>" +
      a("https://example.org/release-notes?v=2&amp;lang=en", "Notes") + ": " +
      a("http://example.org/notes", "example.org/notes") + " by " + a("https://t.me/gather_dev", "@gather_dev") + " " +
      release + " " + a("https://t.me/s/gatherdemo?q=%23gather", "#gather") + " " +
      a("https://t.me/s/gatherdemo?q=%24GTH", "$GTH") + " /start@bot<br/>" +
      "Привет <b>中文</b> <code>x&lt;y</code> &amp; &quot;z&quot; \xF0\x9F\x91\x8D\xF0\x9F\x8F\xBD "
      "<tg-spoiler>secret</tg-spoiler> " +
      a("mailto:ops@example.org", "ops@example.org") + " " + a("tg://user?id=777", "Bob") +
      " \xE2\xAD\x90 <u>under</u> <s>struck</s><br/>"
      "<pre><code class=\"language-cpp\">int main() {}<br/>return 0;</code></pre><br/>"
      "<blockquote expandable>quoted line<br/>more quote " +
      release + "</blockquote>";
  EXPECT_EQ(p.html, want);
  EXPECT_EQ(p.text, std::string(message(12).at("content").at("text").at("text").as_string()));
  EXPECT_EQ(p.tags, (std::vector<std::string>{"release", "gather"}));
  EXPECT_EQ(p.categories, (std::vector<std::string>{"text"}));  // the link preview is ignored
  EXPECT_TRUE(p.media.empty());
}

// --- messages ---------------------------------------------------------------------------------

TEST(TdlibMessage, ServerIdsAndChatIds) {
  EXPECT_EQ(server_message_id(3145728), 3);
  EXPECT_EQ(server_message_id(3145729), std::nullopt);  // local: not yet on the server
  EXPECT_EQ(server_message_id(0), std::nullopt);
  EXPECT_EQ(supergroup_id_of(-1001234567890), 1234567890);
  EXPECT_EQ(supergroup_id_of(-4001234567), std::nullopt);  // a basic group
  EXPECT_EQ(supergroup_id_of(424242), std::nullopt);       // a user
  EXPECT_EQ(post_prefix({kChat, "gatherdemo", ""}), "gatherdemo");
  EXPECT_EQ(post_prefix({kChat, "", ""}), "c/1234567890");
  EXPECT_EQ(post_prefix({-4001234567, "", ""}), "chat/-4001234567");
  EXPECT_EQ(post_url({kChat, "", ""}, 7), "https://t.me/c/1234567890/7");
  EXPECT_EQ(post_url({-4001234567, "", ""}, 7), "");
}

TEST(TdlibMessage, PhotoTakesTheLargestSize) {
  const Post& p = post("gatherdemo/11");
  EXPECT_EQ(p.url, "https://t.me/gatherdemo/11");
  EXPECT_EQ(p.title, "");
  EXPECT_EQ(p.text, "Rack");
  EXPECT_EQ(p.html, "Rack");
  EXPECT_EQ(p.author, "Gather Demo Channel");  // messageSenderChat: the chat's title
  EXPECT_EQ(p.published, at(kT + 1100));
  EXPECT_EQ(p.updated, std::nullopt);
  EXPECT_FALSE(p.edited);
  EXPECT_EQ(p.views, 100);
  EXPECT_EQ(p.categories, (std::vector<std::string>{"photo"}));
  ASSERT_EQ(p.media.size(), 1u);
  Media want{"tg:AQADsingle", "image", "image/jpeg"};
  want.ref = "tg:AQADsingle";
  want.size = 250000;
  want.width = 1280;
  want.height = 960;
  want.internal_id = "1102";
  EXPECT_EQ(p.media[0], want);
  EXPECT_FALSE(p.reply_to);
  EXPECT_TRUE(p.repost.empty());
  EXPECT_FALSE(p.truncated);
}

TEST(TdlibMessage, EditedVideo) {
  const Post& p = post("gatherdemo/20");
  EXPECT_EQ(p.text, "Demo video (fixed typo)");
  EXPECT_EQ(p.published, at(kT + 2000));
  EXPECT_EQ(p.updated, at(kT + 2050));
  EXPECT_TRUE(p.edited);
  EXPECT_EQ(p.views, 5000);
  EXPECT_EQ(p.categories, (std::vector<std::string>{"video"}));
  ASSERT_EQ(p.media.size(), 1u);  // the video, not its thumbnail
  Media want{"tg:AQADvid", "video", "video/mp4"};
  want.ref = "tg:AQADvid";
  want.size = 5'000'000'000;
  want.width = 1280;
  want.height = 720;
  want.duration = 31;
  want.file_name = "clip.mp4";
  want.internal_id = "2000";
  EXPECT_EQ(p.media[0], want);
}

TEST(TdlibMessage, AnimationIsAVideo) {
  const Post& p = post("gatherdemo/21");
  EXPECT_EQ(p.categories, (std::vector<std::string>{"video"}));
  ASSERT_EQ(p.media.size(), 1u);
  EXPECT_EQ(p.media[0].type, "video");
  EXPECT_EQ(p.media[0].mime, "video/mp4");
  EXPECT_EQ(p.media[0].ref, "tg:AQADgif");
  EXPECT_EQ(p.media[0].width, 480);
  EXPECT_EQ(p.media[0].height, 270);
  EXPECT_EQ(p.media[0].duration, 3);
  EXPECT_EQ(p.media[0].file_name, "fun.gif.mp4");
  EXPECT_EQ(p.text, "");
}

TEST(TdlibMessage, DocumentWithOnlyAnExpectedSize) {
  const Post& p = post("gatherdemo/22");
  EXPECT_EQ(p.text, "The notes");
  EXPECT_EQ(p.categories, (std::vector<std::string>{"document"}));
  ASSERT_EQ(p.media.size(), 1u);
  Media want{"tg:AQADdoc", "file", "application/pdf"};
  want.ref = "tg:AQADdoc";
  want.size = 81234;
  want.file_name = "notes.pdf";
  want.internal_id = "2200";
  EXPECT_EQ(p.media[0], want);
}

TEST(TdlibMessage, AudioVoiceAndVideoNote) {
  const Post& audio = post("gatherdemo/23");
  EXPECT_EQ(audio.categories, (std::vector<std::string>{"document"}));
  ASSERT_EQ(audio.media.size(), 1u);
  EXPECT_EQ(audio.media[0].type, "audio");
  EXPECT_EQ(audio.media[0].mime, "audio/mpeg");
  EXPECT_EQ(audio.media[0].duration, 215);
  EXPECT_EQ(audio.media[0].file_name, "theme.mp3");
  EXPECT_EQ(audio.media[0].size, 3400000);
  EXPECT_EQ(audio.media[0].width, std::nullopt);

  const Post& voice = post("gatherdemo/24");
  EXPECT_EQ(voice.categories, (std::vector<std::string>{"voice"}));
  EXPECT_EQ(voice.text, "Listen \xF0\x9F\x8E\xA7 #voice");
  EXPECT_EQ(voice.html, "Listen \xF0\x9F\x8E\xA7 " + a("https://t.me/s/gatherdemo?q=%23voice", "#voice"));
  EXPECT_EQ(voice.tags, (std::vector<std::string>{"voice"}));
  ASSERT_EQ(voice.media.size(), 1u);
  EXPECT_EQ(voice.media[0].type, "audio");
  EXPECT_EQ(voice.media[0].mime, "audio/ogg");
  EXPECT_EQ(voice.media[0].duration, 4);
  EXPECT_EQ(voice.media[0].ref, "tg:AQADvoice");
  EXPECT_EQ(voice.media[0].file_name, std::nullopt);

  const Post& note = post("gatherdemo/25");
  EXPECT_EQ(note.categories, (std::vector<std::string>{"video"}));
  ASSERT_EQ(note.media.size(), 1u);
  EXPECT_EQ(note.media[0].type, "video");
  EXPECT_EQ(note.media[0].mime, "video/mp4");
  EXPECT_EQ(note.media[0].width, 384);
  EXPECT_EQ(note.media[0].height, 384);
  EXPECT_EQ(note.media[0].duration, 9);
  EXPECT_EQ(note.media[0].ref, "tg:AQADvn");
}

TEST(TdlibMessage, StickerIsAnImage) {
  const Post& p = post("gatherdemo/26");
  EXPECT_EQ(p.categories, (std::vector<std::string>{"sticker"}));
  ASSERT_EQ(p.media.size(), 1u);
  Media want{"tg:AQADstk", "image", "image/webp"};
  want.ref = "tg:AQADstk";
  want.size = 24000;
  want.width = 512;
  want.height = 512;
  want.internal_id = "2600";
  EXPECT_EQ(p.media[0], want);
}

TEST(TdlibMessage, PollLocationAndContactAreTextPosts) {
  const Post& poll = post("gatherdemo/30");
  EXPECT_EQ(poll.categories, (std::vector<std::string>{"poll"}));
  EXPECT_EQ(poll.text, "Ship it?\n- Yes\n- Not yet");
  EXPECT_EQ(poll.html, "Ship it?<br/>- Yes<br/>- Not yet");
  EXPECT_TRUE(poll.media.empty());
  const Post& where = post("gatherdemo/29");
  EXPECT_EQ(where.categories, (std::vector<std::string>{"text"}));
  EXPECT_EQ(where.text, "Location: 48.8584, 2.2945");
  const Post& who = post("gatherdemo/28");
  EXPECT_EQ(who.categories, (std::vector<std::string>{"text"}));
  EXPECT_EQ(who.text, "Contact: Ada Lovelace, +15550100");
}

TEST(TdlibMessage, ReplyWithSignature) {
  const Post& p = post("gatherdemo/14");
  EXPECT_EQ(p.reply_to, "gatherdemo/12");
  EXPECT_EQ(p.author, "Alice");  // author_signature wins over the sender
  EXPECT_EQ(p.text, "A reply");
  // A reply into another chat: its id when the caller knows the chat, else none.
  json::object m = message(14);
  m["reply_to"].as_object()["chat_id"] = kOther;
  EXPECT_EQ(read_message(m, demo_names())->reply_to, "otherchan/12");
  m["reply_to"].as_object()["chat_id"] = -1005550001111;
  EXPECT_EQ(read_message(m, demo_names())->reply_to, std::nullopt);
  m["reply_to"] = json::object{{"@type", "messageReplyToStory"}, {"story_poster_chat_id", kChat}, {"story_id", 3}};
  EXPECT_EQ(read_message(m, demo_names())->reply_to, std::nullopt);
}

TEST(TdlibMessage, ForwardFromAKnownChannel) {
  const Post& p = post("gatherdemo/15");
  EXPECT_EQ(p.categories, (std::vector<std::string>{"text", "forward"}));
  EXPECT_EQ(p.text, "Forwarded news");  // the content stays on the outer post
  ASSERT_EQ(p.repost.size(), 1u);
  const Post& src = p.repost[0];
  EXPECT_EQ(src.id, "otherchan/77");
  EXPECT_EQ(src.url, "https://t.me/otherchan/77");
  EXPECT_EQ(src.author, "Other Channel");
  EXPECT_EQ(src.published, at(kT - 86400));
  EXPECT_EQ(src.text, "");
}

TEST(TdlibMessage, ForwardFromAnUnknownChannelUsesItsPrivateLink) {
  json::object m = message(15);
  m["forward_info"].as_object()["origin"].as_object()["author_signature"] = "Bob";
  Names names = demo_names();
  names.chat_by_id = nullptr;
  const auto p = read_message(m, names);
  ASSERT_TRUE(p);
  ASSERT_EQ(p->repost.size(), 1u);
  EXPECT_EQ(p->repost[0].id, "c/9876543210/77");
  EXPECT_EQ(p->repost[0].url, "https://t.me/c/9876543210/77");
  EXPECT_EQ(p->repost[0].author, "Bob");
}

TEST(TdlibMessage, ForwardsFromUsersAndHiddenUsers) {
  const Post& user = post("gatherdemo/9");
  EXPECT_EQ(user.categories, (std::vector<std::string>{"text", "forward"}));
  ASSERT_EQ(user.repost.size(), 1u);
  EXPECT_EQ(user.repost[0].author, "Ada Lovelace");
  EXPECT_EQ(user.repost[0].id, "");
  EXPECT_EQ(user.repost[0].url, "");
  EXPECT_EQ(user.repost[0].published, at(kT - 7200));
  // Without a name for the user, its id stands in.
  Names names = demo_names();
  names.user_name = nullptr;
  EXPECT_EQ(read_message(message(9), names)->repost.at(0).author, "424242");

  const Post& hidden = post("gatherdemo/10");
  ASSERT_EQ(hidden.repost.size(), 1u);
  EXPECT_EQ(hidden.repost[0].author, "Hidden Person");
  EXPECT_EQ(hidden.repost[0].published, at(kT - 3600));
}

TEST(TdlibMessage, UserSenderInAGroup) {
  json::object m = message(14);
  m["author_signature"] = "";
  m["sender_id"] = json::object{{"@type", "messageSenderUser"}, {"user_id", 424242}};
  m.erase("interaction_info");
  EXPECT_EQ(read_message(m, demo_names())->author, "Ada Lovelace");
  EXPECT_EQ(read_message(m, demo_names())->views, std::nullopt);
  Names names = demo_names();
  names.user_name = [](std::int64_t) { return std::optional<std::string>{}; };
  EXPECT_EQ(read_message(m, names)->author, "424242");
}

TEST(TdlibMessage, ChatWithoutUsernameAndUnknownChatId) {
  Names names;
  names.chat = {kChat, "", "Private Channel"};
  const auto p = read_message(message(11), names);
  ASSERT_TRUE(p);
  EXPECT_EQ(p->id, "c/1234567890/11");
  EXPECT_EQ(p->url, "https://t.me/c/1234567890/11");
  EXPECT_EQ(p->author, "Private Channel");
  // The caller may leave the chat id out: the message's own stands in, replies still resolve.
  names.chat = {0, "gatherdemo", "Gather Demo Channel"};
  EXPECT_EQ(read_message(message(14), names)->reply_to, "gatherdemo/12");
}

TEST(TdlibMessage, ServiceAndLocalMessagesAreNoPosts) {
  for (std::int64_t n : {8, 13, 19, 27}) EXPECT_FALSE(read_message(message(n), demo_names())) << n;
  json::object local = message(11);
  local["id"] = 11 * kM + 5;
  EXPECT_FALSE(read_message(local, demo_names()));
  json::object odd = message(11);
  odd["content"] = json::object{{"@type", "messageGiftedPremium"}};
  EXPECT_FALSE(read_message(odd, demo_names()));
}

// --- page -------------------------------------------------------------------------------------

TEST(TdlibPage, PostsNewestFirstWithoutServiceMessages) {
  std::vector<std::string> ids;
  for (const auto& p : history().posts) ids.push_back(p.id);
  EXPECT_EQ(ids, (std::vector<std::string>{"gatherdemo/30", "gatherdemo/29", "gatherdemo/28", "gatherdemo/26",
                                           "gatherdemo/25", "gatherdemo/24", "gatherdemo/23", "gatherdemo/22",
                                           "gatherdemo/21", "gatherdemo/20", "gatherdemo/16", "gatherdemo/15",
                                           "gatherdemo/14", "gatherdemo/12", "gatherdemo/11", "gatherdemo/10",
                                           "gatherdemo/9"}));
  EXPECT_EQ(history().older_cursor, std::to_string(8 * kM));
  EXPECT_EQ(history().feed, Feed{});
}

TEST(TdlibPage, AlbumBecomesOnePost) {
  const Post& p = post("gatherdemo/16");
  EXPECT_EQ(p.url, "https://t.me/gatherdemo/16");
  EXPECT_EQ(p.text, "Album caption #pics");  // the caption is on the middle message
  EXPECT_EQ(p.html, "Album caption " + a("https://t.me/s/gatherdemo?q=%23pics", "#pics"));
  EXPECT_EQ(p.tags, (std::vector<std::string>{"pics"}));
  ASSERT_EQ(p.media.size(), 3u);
  EXPECT_EQ(p.media[0].ref, "tg:AQADalb1");
  EXPECT_EQ(p.media[1].ref, "tg:AQADalb2");
  EXPECT_EQ(p.media[2].ref, "tg:AQADalb3");
  EXPECT_EQ(p.media[2].type, "video");
  EXPECT_EQ(p.media[2].duration, 12);
  EXPECT_EQ(p.categories, (std::vector<std::string>{"photo", "video"}));
  EXPECT_EQ(p.views, 42);
  EXPECT_TRUE(p.edited);
  EXPECT_EQ(p.updated, at(kT + 1900));
  EXPECT_EQ(p.published, at(kT + 1800));
  EXPECT_EQ(p.author, "Gather Demo Channel");
}

TEST(TdlibPage, AlbumsOnlyJoinNeighboursWithTheSameId) {
  json::array list;
  for (std::int64_t n : {18, 17, 16}) list.push_back(message(n));
  list[1].as_object()["media_album_id"] = "999";  // 17 in another album: three posts
  const Page page = read_messages(json::object{{"@type", "messages"}, {"total_count", 3}, {"messages", list}}, demo_names());
  ASSERT_EQ(page.posts.size(), 3u);
  EXPECT_EQ(page.posts[0].id, "gatherdemo/18");
  EXPECT_EQ(page.posts[2].id, "gatherdemo/16");
}

TEST(TdlibPage, ForwardedAlbumKeepsForwardLast) {
  json::array list;
  for (std::int64_t n : {18, 17, 16}) {
    json::object m = message(n);
    m["forward_info"] = message(15).at("forward_info");
    list.push_back(std::move(m));
  }
  const Page page = read_messages(json::object{{"@type", "messages"}, {"total_count", 3}, {"messages", list}}, demo_names());
  ASSERT_EQ(page.posts.size(), 1u);
  EXPECT_EQ(page.posts[0].categories, (std::vector<std::string>{"photo", "video", "forward"}));
  EXPECT_EQ(page.posts[0].repost.size(), 1u);
}

TEST(TdlibPage, RefusesWhatIsNotMessages) {
  EXPECT_THROW(read_messages(json::object{{"@type", "chat"}}, demo_names()), ParseError);
  EXPECT_THROW(read_messages(json::object{{"@type", "messages"}}, demo_names()), ParseError);
  const Page empty = read_messages(json::object{{"@type", "messages"}, {"total_count", 0}, {"messages", json::array{}}}, demo_names());
  EXPECT_TRUE(empty.posts.empty());
  EXPECT_EQ(empty.older_cursor, "");
}

// --- chats ------------------------------------------------------------------------------------

TEST(TdlibChat, ChannelWithUsernameMembershipAndDescription) {
  const json::value chat = fixture("chat_channel.json");
  const json::value sg = fixture("supergroup.json");
  const json::value full = fixture("supergroup_full_info.json");
  const ChatInfo info = read_chat(chat.as_object(), &sg.as_object());
  EXPECT_EQ(info.chat_id, kChat);
  EXPECT_EQ(info.kind, "channel");
  EXPECT_EQ(info.username, "gatherdemo");
  EXPECT_EQ(info.title, "Gather Demo Channel");
  EXPECT_TRUE(info.is_member);
  EXPECT_EQ(info.photo_ref, "tg:AQADavabig");
  EXPECT_EQ(info.photo_internal_id, "902");
  const Feed feed = read_feed(info, &full.as_object());
  EXPECT_EQ(feed.title, "Gather Demo Channel");
  EXPECT_EQ(feed.link, "https://t.me/gatherdemo");
  EXPECT_EQ(feed.description, "Releases & notes.\nSecond line.");
  EXPECT_EQ(feed.image, "tg:AQADavabig");
  const ChatRef ref = chat_ref_of(info);
  EXPECT_EQ(ref.chat_id, kChat);
  EXPECT_EQ(ref.username, "gatherdemo");
  EXPECT_EQ(ref.title, "Gather Demo Channel");
  // Without its supergroup: no username, membership unknown (false).
  const ChatInfo bare = read_chat(chat.as_object(), nullptr);
  EXPECT_EQ(bare.username, "");
  EXPECT_FALSE(bare.is_member);
  EXPECT_EQ(read_feed(bare, nullptr).link, "https://t.me/c/1234567890");
}

TEST(TdlibChat, SupergroupWithoutUsernameLeft) {
  const json::value chat = fixture("chat_supergroup_no_username.json");
  const json::value sg = fixture("supergroup_no_username.json");
  const ChatInfo info = read_chat(chat.as_object(), &sg.as_object());
  EXPECT_EQ(info.kind, "supergroup");
  EXPECT_EQ(info.username, "");
  EXPECT_FALSE(info.is_member);  // chatMemberStatusLeft
  EXPECT_EQ(info.photo_ref, "");
  const Feed feed = read_feed(info, nullptr);
  EXPECT_EQ(feed.link, "https://t.me/c/5550001111");
  EXPECT_EQ(feed.description, "");
  EXPECT_EQ(feed.image, "");
  // Another chat's supergroup says nothing about this one.
  const json::value other = fixture("supergroup.json");
  EXPECT_EQ(read_chat(chat.as_object(), &other.as_object()).username, "");
}

TEST(TdlibChat, MembershipStatuses) {
  const json::value chat = fixture("chat_channel.json");
  json::object sg = fixture("supergroup.json").as_object();
  const auto member = [&](json::object status) {
    sg["status"] = std::move(status);
    return read_chat(chat.as_object(), &sg).is_member;
  };
  EXPECT_TRUE(member({{"@type", "chatMemberStatusCreator"}, {"is_anonymous", false}, {"is_member", true}}));
  EXPECT_TRUE(member({{"@type", "chatMemberStatusAdministrator"}, {"can_be_edited", false}}));
  EXPECT_TRUE(member({{"@type", "chatMemberStatusRestricted"}, {"is_member", true}, {"restricted_until_date", 0}}));
  EXPECT_FALSE(member({{"@type", "chatMemberStatusRestricted"}, {"is_member", false}, {"restricted_until_date", 0}}));
  EXPECT_FALSE(member({{"@type", "chatMemberStatusBanned"}, {"banned_until_date", 0}}));
}

TEST(TdlibChat, BasicGroupAndPrivateChat) {
  const ChatInfo group = read_chat(fixture("chat_basic_group.json").as_object(), nullptr);
  EXPECT_EQ(group.kind, "group");
  EXPECT_EQ(group.chat_id, -4001234567);
  EXPECT_EQ(group.title, "Family");
  EXPECT_FALSE(group.is_member);
  EXPECT_EQ(read_feed(group, nullptr).link, "");
  const ChatInfo dm = read_chat(fixture("chat_private.json").as_object(), nullptr);
  EXPECT_EQ(dm.kind, "private");
  EXPECT_TRUE(dm.is_member);
  EXPECT_EQ(read_feed(dm, nullptr).title, "Ada Lovelace");
  EXPECT_THROW(read_chat(json::object{{"@type", "user"}}, nullptr), ParseError);
}

// --- errors -----------------------------------------------------------------------------------

TEST(TdlibErrors, EveryKindInTheFixture) {
  struct Want {
    TdErrorKind kind;
    std::int64_t seconds;
    std::string name;
  };
  const std::vector<Want> want{
      {TdErrorKind::kFloodWait, 1234, "FLOOD_WAIT"},     {TdErrorKind::kFloodWait, 77, "FLOOD_WAIT"},
      {TdErrorKind::kFloodWait, 5, "FLOOD_WAIT"},        {TdErrorKind::kLoggedOut, 0, "Unauthorized"},
      {TdErrorKind::kLoggedOut, 0, "AUTH_KEY_UNREGISTERED"}, {TdErrorKind::kLoggedOut, 0, "SESSION_REVOKED"},
      {TdErrorKind::kLoggedOut, 0, "USER_DEACTIVATED"},  {TdErrorKind::kLoggedOut, 0, "USER_DEACTIVATED_BAN"},
      {TdErrorKind::kTarget, 0, "CHANNEL_PRIVATE"},      {TdErrorKind::kTarget, 0, "USERNAME_NOT_OCCUPIED"},
      {TdErrorKind::kTarget, 0, "USERNAME_INVALID"},     {TdErrorKind::kTarget, 0, "INVITE_HASH_EXPIRED"},
      {TdErrorKind::kTarget, 0, "INVITE_HASH_INVALID"},  {TdErrorKind::kAccountFull, 0, "CHANNELS_TOO_MUCH"},
      {TdErrorKind::kTarget, 0, "Chat not found"},       {TdErrorKind::kTransient, 0, ""},
      {TdErrorKind::kTransient, 0, ""},                  {TdErrorKind::kFloodWait, 60, "FLOOD_WAIT"},
  };
  const json::value errors = fixture("errors.json");
  ASSERT_EQ(errors.as_array().size(), want.size());
  for (std::size_t i = 0; i < want.size(); ++i) {
    const auto& e = errors.as_array()[i].as_object();
    SCOPED_TRACE(json::serialize(e));
    const TdError got = classify_error(e);
    EXPECT_EQ(got.kind, want[i].kind);
    EXPECT_EQ(got.retry_after, std::chrono::seconds{want[i].seconds});
    EXPECT_EQ(got.name, want[i].name);
  }
}

TEST(TdlibErrors, CodeAloneAndNonErrors) {
  EXPECT_EQ(classify_error(401, "").kind, TdErrorKind::kLoggedOut);
  EXPECT_EQ(classify_error(400, "Bad Request: message text is empty").kind, TdErrorKind::kTransient);
  EXPECT_EQ(classify_error(json::object{{"@type", "ok"}}).kind, TdErrorKind::kTransient);
  EXPECT_EQ(classify_error(429, "Too Many Requests: retry after x").retry_after, std::chrono::seconds{60});
}

// --- the parse-only platform ------------------------------------------------------------------

TEST(TdlibPlatform, RegisteredAndParseOnly) {
  const Platform* p = find_platform("telegram-tdlib");
  ASSERT_NE(p, nullptr);
  EXPECT_THROW(p->canonical_key("https://t.me/gatherdemo"), std::invalid_argument);
  EXPECT_EQ(p->classify(HttpResponse{}).outcome, Outcome::kFailed);
}

TEST(TdlibPlatform, ParseNamesTheChatFromTheUrl) {
  const Platform& p = *find_platform("telegram-tdlib");
  const std::string body = own_fixture_at("telegram_tdlib/history.json");
  const Page page = p.parse(body, "https://t.me/gatherdemo");
  EXPECT_EQ(page.feed.title, "gatherdemo");
  EXPECT_EQ(page.feed.link, "https://t.me/gatherdemo");
  ASSERT_EQ(page.posts.size(), history().posts.size());
  EXPECT_EQ(page.posts.front().id, "gatherdemo/30");
  // Without a title the sender's name is the username the url gave.
  for (const auto& post : page.posts) {
    if (post.id == "gatherdemo/11") {
      EXPECT_EQ(post.author, "gatherdemo");
    }
    if (post.id == "gatherdemo/14") {
      EXPECT_EQ(post.reply_to, "gatherdemo/12");
    }
  }
  EXPECT_EQ(p.parse(body, "t.me/s/GatherDemo").posts.front().id, "gatherdemo/30");
  const Page private_chat = p.parse(body, "https://t.me/c/1234567890");
  EXPECT_EQ(private_chat.posts.front().id, "c/1234567890/30");
  EXPECT_EQ(private_chat.posts.front().url, "https://t.me/c/1234567890/30");
  EXPECT_EQ(private_chat.feed.link, "https://t.me/c/1234567890");
}

TEST(TdlibPlatform, ParseRefusesBadInput) {
  const Platform& p = *find_platform("telegram-tdlib");
  const std::string body = own_fixture_at("telegram_tdlib/history.json");
  EXPECT_THROW(p.parse(body, ""), ParseError);
  EXPECT_THROW(p.parse(body, "https://example.org/x"), ParseError);
  EXPECT_THROW(p.parse("not json", "https://t.me/gatherdemo"), ParseError);
  EXPECT_THROW(p.parse("[1]", "https://t.me/gatherdemo"), ParseError);
  EXPECT_THROW(p.parse(R"({"@type":"error","code":400,"message":"CHANNEL_PRIVATE"})", "https://t.me/gatherdemo"), ParseError);
}

}  // namespace
}  // namespace gather::telegram_tdlib
