#include "platforms/telegram/telegram_platform.h"

#include <gtest/gtest.h>

#include "core/records.h"
#include "core/time_text.h"
#include "platforms/telegram/channel_name.h"
#include "platforms/telegram/preview_message.h"
#include "test_util.h"

namespace gather::telegram {
namespace {

using namespace std::chrono_literals;
using gather::testing::utc;

std::string fixture(const std::string& name) {
  return gather::testing::read_file(std::string(GATHER_OWN_FIXTURES) + "/telegram/" + name);
}

Page parse_fixture(const std::string& name, const std::string& channel) {
  return TelegramPlatform().parse(fixture(name), "https://t.me/s/" + channel);
}

HttpResponse response(long status, Headers headers = {}) {
  HttpResponse r;
  r.status = status;
  r.headers = std::move(headers);
  return r;
}

std::vector<std::string> ids(const Page& page) {
  std::vector<std::string> out;
  for (const Post& p : page.posts) out.push_back(p.id);
  return out;
}

// Points the platform at a test address for one test, and back at t.me after it.
class TelegramBase : public ::testing::Test {
 protected:
  void SetUp() override { set_platform_base_url("telegram", "http://sim.test/"); }
  void TearDown() override { set_platform_base_url("telegram", "https://t.me"); }
};

TEST(TelegramRegistry, IsRegisteredAndPagesBack) {
  const Platform* p = find_platform("telegram");
  ASSERT_NE(p, nullptr);
  EXPECT_EQ(p->name(), "telegram");
  EXPECT_TRUE(p->pages_back());
}

TEST(TelegramKey, AcceptsEveryWayOfNamingAChannel) {
  const TelegramPlatform tg;
  for (const char* in : {"durov", "@durov", "Durov", "  @Durov ", "https://t.me/durov", "t.me/durov", "t.me/s/durov",
                         "https://t.me/s/Durov?before=10", "https://telegram.me/durov", "http://www.t.me/durov",
                         "t.me/durov/123", "https://t.me/s/durov/123", "telegram.dog/durov", "HTTPS://T.ME/durov#x"}) {
    EXPECT_EQ(tg.canonical_key(in), "durov") << in;
  }
  EXPECT_EQ(tg.canonical_key("gather_demo_2"), "gather_demo_2");
  EXPECT_EQ(tg.canonical_key("chan0"), "chan0");
  EXPECT_EQ(tg.canonical_key(std::string(32, 'a')), std::string(32, 'a'));
}

void expect_refused(const std::string& input, const std::string& says) {
  try {
    TelegramPlatform().canonical_key(input);
    ADD_FAILURE() << "accepted " << input;
  } catch (const std::invalid_argument& e) {
    EXPECT_NE(std::string(e.what()).find(says), std::string::npos) << input << ": " << e.what();
  }
}

// Chats only an account can read have keys of their own; the web preview is never asked for them.
TEST(TelegramKey, InviteLinksAndChatIdsAreAccountOnlyKeys) {
  TelegramPlatform tg;
  EXPECT_EQ(tg.canonical_key("t.me/+AbCdEf123456"), "+AbCdEf123456");
  EXPECT_EQ(tg.canonical_key("https://t.me/joinchat/AAAAAEkk2WdoDrB4"), "+AAAAAEkk2WdoDrB4");
  EXPECT_EQ(tg.canonical_key("https://t.me/c/1234567890/55"), "chat/-1001234567890");
  EXPECT_EQ(tg.canonical_key("tg:chat/-1001234567890"), "chat/-1001234567890");
  Target t;
  t.platform = "telegram";
  for (const char* key : {"+AbCdEf123456", "chat/-1001234567890"}) {
    t.key = key;
    EXPECT_FALSE(tg.anonymous_reads(t)) << key;
  }
  t.key = "durov";
  EXPECT_TRUE(tg.anonymous_reads(t));
  t.join = true;  // read by an account in the chat
  EXPECT_FALSE(tg.anonymous_reads(t));
}

TEST(TelegramKey, RefusesWhatIsNotAPublicChannel) {
  expect_refused("", "empty");
  expect_refused("   ", "empty");
  expect_refused("t.me/+AbC", "invite hash");
  expect_refused("tg:chat/abc", "chat id");
  expect_refused("https://t.me/c/-5/55", "positive channel id");
  expect_refused("t.me/addstickers/Animals", "service link");
  expect_refused("https://example.com/durov", "not a Telegram channel");
  expect_refused("ftp://t.me/durov", "not a Telegram channel");
  expect_refused("https://t.me/", "no channel name");
  expect_refused("t.me/s/", "no channel name");
  expect_refused("abcd", "5-32 letters");
  expect_refused("@", "5-32 letters");
  expect_refused("1durov", "5-32 letters");
  expect_refused("_durov", "5-32 letters");
  expect_refused("du-rov", "5-32 letters");
  expect_refused("durov channel", "5-32 letters");
  expect_refused(std::string(33, 'a'), "5-32 letters");
  expect_refused("t.me/dur", "'dur'");
}

TEST(TelegramKey, UsernameRules) {
  EXPECT_TRUE(valid_username("abcde"));
  EXPECT_TRUE(valid_username("A1_b2"));
  EXPECT_FALSE(valid_username("abcd"));
  EXPECT_FALSE(valid_username("9abcd"));
  EXPECT_FALSE(valid_username("abcd\xc3\xa9"));
}

TEST_F(TelegramBase, RequestsTheChannelPreviewWithoutFollowingRedirects) {
  const TelegramPlatform tg;
  const HttpRequest req = tg.request_for("durov", {});
  EXPECT_EQ(req.method, "GET");
  EXPECT_EQ(req.url, "http://sim.test/s/durov");
  EXPECT_EQ(req.max_redirects, 0);
  EXPECT_FALSE(find_header(req.headers, "If-None-Match").has_value());

  const HttpRequest cond = tg.request_for("durov", {"\"e1\"", "Sat, 21 Nov 2026 10:00:00 GMT"});
  EXPECT_EQ(find_header(cond.headers, "If-None-Match"), "\"e1\"");
  EXPECT_EQ(find_header(cond.headers, "If-Modified-Since"), "Sat, 21 Nov 2026 10:00:00 GMT");
}

TEST(TelegramRequest, RealAddressByDefault) {
  set_platform_base_url("telegram", "https://t.me");
  EXPECT_EQ(TelegramPlatform().request_for("durov", {}).url, "https://t.me/s/durov");
}

TEST_F(TelegramBase, OlderPageIsBeforeTheSmallestMessageId) {
  const TelegramPlatform tg;
  const Page page = parse_fixture("channel_text.html", "gatherdemo");
  const auto older = tg.request_older("gatherdemo", page);
  ASSERT_TRUE(older.has_value());
  // 98 is a service message: skipped as a post, still the page's oldest message.
  EXPECT_EQ(older->url, "http://sim.test/s/gatherdemo?before=98");
  EXPECT_EQ(older->max_redirects, 0);

  const Page before = parse_fixture("before_page.html", "gatherdemo");
  EXPECT_EQ(tg.request_older("gatherdemo", before)->url, "http://sim.test/s/gatherdemo?before=95");

  // A page built elsewhere, without the cursor: its posts' ids say the same.
  Page bare;
  bare.posts.resize(2);
  bare.posts[0].id = "gatherdemo/42";
  bare.posts[1].id = "gatherdemo/17";
  EXPECT_EQ(tg.request_older("gatherdemo", bare)->url, "http://sim.test/s/gatherdemo?before=17");

  EXPECT_FALSE(tg.request_older("gatherdemo", Page{}).has_value());
  EXPECT_FALSE(tg.request_older("quietcorner", parse_fixture("empty_channel.html", "quietcorner")).has_value());
  Page first;
  first.older_cursor = "1";
  EXPECT_FALSE(tg.request_older("gatherdemo", first).has_value());  // nothing before message 1
}

TEST(TelegramClassify, PagesAndNotModified) {
  const TelegramPlatform tg;
  const Classified page = tg.classify(response(200, {{"ETag", "\"v1\""}, {"Last-Modified", "Sat, 21 Nov 2026 10:00:00 GMT"}}));
  EXPECT_EQ(page.outcome, Outcome::kPage);
  EXPECT_EQ(page.validators.etag, "\"v1\"");
  EXPECT_EQ(page.validators.last_modified, "Sat, 21 Nov 2026 10:00:00 GMT");
  HttpResponse on_preview = response(200);
  on_preview.effective_url = "https://t.me/s/durov";
  EXPECT_EQ(tg.classify(on_preview).outcome, Outcome::kPage);
  EXPECT_EQ(tg.classify(response(304)).outcome, Outcome::kNotModified);
}

TEST(TelegramClassify, RedirectOffThePreviewMeansNoPublicPreview) {
  const TelegramPlatform tg;
  for (const char* where : {"https://t.me/closedclub", "/closedclub"}) {
    const Classified c = tg.classify(response(302, {{"Location", where}}));
    EXPECT_EQ(c.outcome, Outcome::kGone) << where;
    EXPECT_NE(c.reason.find("no public preview"), std::string::npos) << c.reason;
  }
  EXPECT_EQ(tg.classify(response(301, {{"Location", "https://t.me/closedclub"}})).outcome, Outcome::kGone);
  EXPECT_EQ(tg.classify(response(302)).outcome, Outcome::kGone);
  // A client that followed the redirect ends on the channel's card.
  HttpResponse followed = response(200);
  followed.effective_url = "https://t.me/closedclub";
  EXPECT_EQ(tg.classify(followed).outcome, Outcome::kGone);
  // A redirect within the preview (a renamed channel) is not the channel's end.
  EXPECT_EQ(tg.classify(response(301, {{"Location", "/s/newname"}})).outcome, Outcome::kFailed);
}

TEST(TelegramClassify, TooManyRequestsSlowsTheCredentialDown) {
  const TelegramPlatform tg;
  const Classified secs = tg.classify(response(429, {{"Retry-After", "30"}}));
  EXPECT_EQ(secs.outcome, Outcome::kSlowDown);
  EXPECT_EQ(secs.retry_after, 30s);
  EXPECT_EQ(secs.reason, "HTTP 429");

  const Classified dated =
      tg.classify(response(429, {{"Retry-After", format_http_date(std::chrono::system_clock::now() + 90s)}}));
  ASSERT_TRUE(dated.retry_after.has_value());
  EXPECT_GE(*dated.retry_after, 85s);
  EXPECT_LE(*dated.retry_after, 90s);

  const Classified bare = tg.classify(response(429));
  EXPECT_EQ(bare.outcome, Outcome::kSlowDown);
  EXPECT_FALSE(bare.retry_after.has_value());
}

TEST(TelegramClassify, FailuresAndGone) {
  const TelegramPlatform tg;
  EXPECT_EQ(tg.classify(response(404)).outcome, Outcome::kGone);
  EXPECT_EQ(tg.classify(response(410)).outcome, Outcome::kGone);
  EXPECT_EQ(tg.classify(response(500)).outcome, Outcome::kTransient);
  EXPECT_EQ(tg.classify(response(502)).reason, "HTTP 502");
  EXPECT_EQ(tg.classify(response(503, {{"Retry-After", "12"}})).retry_after, 12s);
  EXPECT_EQ(tg.classify(response(403)).outcome, Outcome::kFailed);
  EXPECT_EQ(tg.classify(response(400)).outcome, Outcome::kFailed);
  HttpResponse timeout;
  timeout.error = "timeout after 20000 ms";
  const Classified t = tg.classify(timeout);
  EXPECT_EQ(t.outcome, Outcome::kTransient);
  EXPECT_EQ(t.reason, "timeout after 20000 ms");
  EXPECT_EQ(tg.classify(HttpResponse{}).reason, "no HTTP response");
}

TEST(TelegramViews, CountsAsThePreviewWritesThem) {
  EXPECT_EQ(parse_view_count("950"), 950);
  EXPECT_EQ(parse_view_count(" 1.2K "), 1200);
  EXPECT_EQ(parse_view_count("12.7K"), 12700);
  EXPECT_EQ(parse_view_count("1.05K"), 1050);
  EXPECT_EQ(parse_view_count("2K"), 2000);
  EXPECT_EQ(parse_view_count("3.4M"), 3400000);
  EXPECT_EQ(parse_view_count("1B"), 1000000000);
  for (const char* bad : {"", "K", "1.2", "1.2.3K", "abc", "-5", "1.2345K", ".5K", "1,2K"}) {
    EXPECT_FALSE(parse_view_count(bad).has_value()) << bad;
  }
}

TEST(TelegramParse, ChannelHeaderIsTheFeed) {
  const Page page = parse_fixture("channel_text.html", "gatherdemo");
  EXPECT_EQ(page.feed.title, "Gather Demo Channel");
  EXPECT_EQ(page.feed.description, "Release notes and field reports from the gather project.\nContact: example.org/contact");
  EXPECT_EQ(page.feed.image, "https://cdn4.telesco.pe/file/avatar_gatherdemo.jpg");
  EXPECT_EQ(page.feed.link, "https://t.me/gatherdemo");
  EXPECT_EQ(page.older_cursor, "98");
}

TEST(TelegramParse, NewestFirstWithoutServiceMessages) {
  const Page page = parse_fixture("channel_text.html", "gatherdemo");
  EXPECT_EQ(ids(page), (std::vector<std::string>{"gatherdemo/102", "gatherdemo/101", "gatherdemo/100", "gatherdemo/99"}));
}

TEST(TelegramParse, TextPostWithLinksLineBreaksAndHashtags) {
  const Page page = parse_fixture("channel_text.html", "gatherdemo");
  ASSERT_EQ(page.posts.size(), 4u);
  const Post& p = page.posts[3];
  Post want;
  want.id = "gatherdemo/99";
  want.url = "https://t.me/gatherdemo/99";
  want.html =
      R"html(<i class="emoji" style="background-image:url('//telegram.org/img/emoji/40/F09F9A80.png')"><b>🚀</b></i> <b>Release 2.0 is out</b><br/><br/>Notes: <a href="https://example.org/release-notes?v=2&amp;lang=en" target="_blank" rel="noopener" onclick="return confirm('Open this link?\n\n'+this.href);">example.org/release-notes</a><br/>Fish &amp; chips &lt;3 <a href="?q=%23release">#release</a> <a href="?q=%23gather">#gather</a>)html";
  want.text = "🚀 Release 2.0 is out\n\nNotes: example.org/release-notes\nFish & chips <3 #release #gather";
  want.author = "Gather Demo Channel";
  want.published = utc(2026, 3, 1, 8, 15);
  want.categories = {"text"};
  want.tags = {"release", "gather"};
  want.views = 1200;
  EXPECT_EQ(p, want);
}

TEST(TelegramParse, SignedEditedPost) {
  const Page page = parse_fixture("channel_text.html", "gatherdemo");
  const Post& p = page.posts[2];
  EXPECT_EQ(p.id, "gatherdemo/100");
  EXPECT_EQ(p.text, "Field report from the north mirror: all green.");
  EXPECT_EQ(p.author, "Alice Example");
  EXPECT_TRUE(p.edited);
  EXPECT_EQ(p.views, 3400000);
  EXPECT_EQ(p.published, utc(2026, 3, 1, 9, 30, 5));
  EXPECT_FALSE(p.updated.has_value());
  EXPECT_EQ(p.title, "");
}

TEST(TelegramParse, ReplyAndLinkPreviewAreNotThePostsOwn) {
  const Page page = parse_fixture("channel_text.html", "gatherdemo");
  const Post& reply = page.posts[1];
  EXPECT_EQ(reply.text, "Follow-up: the south mirror is back too.");
  EXPECT_EQ(reply.html, "Follow-up: the south mirror is back too.");
  EXPECT_TRUE(reply.media.empty());
  EXPECT_EQ(reply.author, "Gather Demo Channel");
  EXPECT_FALSE(reply.edited);
  EXPECT_EQ(reply.views, 950);
  EXPECT_TRUE(reply.repost.empty());

  const Post& linked = page.posts[0];
  EXPECT_EQ(linked.text, "Worth reading: blog.example.net/polling");
  EXPECT_TRUE(linked.media.empty());
  EXPECT_EQ(linked.categories, std::vector<std::string>{"text"});
  EXPECT_EQ(linked.views, 12700);
}

TEST(TelegramParse, PhotosAndAlbums) {
  const Page page = parse_fixture("photos.html", "gatherpics");
  EXPECT_EQ(page.feed.title, "Gather Pictures");
  EXPECT_EQ(page.feed.description, "Photos from the mirrors.");
  EXPECT_EQ(page.feed.link, "https://t.me/GatherPics");  // as the channel spells itself
  EXPECT_EQ(ids(page), (std::vector<std::string>{"GatherPics/204", "GatherPics/201", "GatherPics/200"}));
  EXPECT_EQ(page.older_cursor, "200");

  const Post& bare = page.posts[0];
  EXPECT_EQ(bare.url, "https://t.me/GatherPics/204");
  EXPECT_EQ(bare.text, "");
  EXPECT_EQ(bare.html, "");
  EXPECT_EQ(bare.media, (std::vector<Media>{{"https://t.me/file/photo_204_relative.jpg", "image", ""}}));
  EXPECT_EQ(bare.categories, std::vector<std::string>{"photo"});
  EXPECT_EQ(bare.views, 1050);

  const Post& album = page.posts[1];
  EXPECT_EQ(album.text, "Moving day, in three pictures #mirrors #moving #mirrors");
  EXPECT_EQ(album.tags, (std::vector<std::string>{"mirrors", "moving"}));
  EXPECT_EQ(album.media, (std::vector<Media>{{"https://cdn4.telesco.pe/file/album_201_a.jpg", "image", ""},
                                             {"https://cdn4.telesco.pe/file/album_202_b.jpg", "image", ""},
                                             {"https://cdn4.telesco.pe/file/album_203_c.jpg?size=m&v=2", "image", ""}}));
  EXPECT_EQ(album.views, 2000);
  EXPECT_EQ(album.published, utc(2026, 4, 10, 15, 20));

  const Post& single = page.posts[2];
  EXPECT_EQ(single.text, "The north rack, before the move.");
  EXPECT_EQ(single.html, "The north rack, <b>before</b> the move.");
  EXPECT_EQ(single.media, (std::vector<Media>{{"https://cdn4.telesco.pe/file/photo_200.jpg", "image", ""}}));
  EXPECT_EQ(single.author, "Gather Pictures");
}

TEST(TelegramParse, VideosDocumentsAndUnsupported) {
  const Page page = parse_fixture("video.html", "gathervids");
  EXPECT_EQ(page.feed.description, "");
  // 302 cannot be shown in a browser at all: skipped.
  EXPECT_EQ(ids(page), (std::vector<std::string>{"gathervids/303", "gathervids/301", "gathervids/300"}));

  const Post& video = page.posts[2];
  EXPECT_EQ(video.media, (std::vector<Media>{{"https://cdn4.telesco.pe/file/thumb_300.jpg", "image", ""},
                                             {"https://cdn4.telesco.pe/file/video_300.mp4?token=abc", "video", ""}}));
  EXPECT_EQ(video.categories, std::vector<std::string>{"video"});
  EXPECT_EQ(video.text, "Timelapse of the rack move.");
  EXPECT_EQ(video.published, utc(2026, 5, 1, 8, 0));  // written at +02:00
  EXPECT_EQ(video.views, 18300);

  // Too big to play in the browser: the thumbnail is all there is.
  const Post& big = page.posts[1];
  EXPECT_EQ(big.media, (std::vector<Media>{{"https://cdn4.telesco.pe/file/thumb_301.jpg", "image", ""}}));
  EXPECT_EQ(big.categories, std::vector<std::string>{"video"});
  EXPECT_EQ(big.views, 7);

  const Post& doc = page.posts[0];
  EXPECT_EQ(doc.text, "The checklist we used.");
  EXPECT_TRUE(doc.media.empty());
  EXPECT_EQ(doc.categories, std::vector<std::string>{"document"});
}

TEST(TelegramParse, ForwardedPostsNestTheSource) {
  const Page page = parse_fixture("forwarded.html", "gatherfwd");
  ASSERT_EQ(ids(page), (std::vector<std::string>{"gatherfwd/402", "gatherfwd/401", "gatherfwd/400"}));

  const Post& from_channel = page.posts[2];
  EXPECT_EQ(from_channel.author, "Gather Digest");
  EXPECT_EQ(from_channel.text, "Channels can now schedule posts.");
  EXPECT_EQ(from_channel.categories, (std::vector<std::string>{"photo", "forward"}));
  EXPECT_EQ(from_channel.media, (std::vector<Media>{{"https://cdn4.telesco.pe/file/fwd_400.jpg", "image", ""}}));
  Post source;
  source.id = "telegram/312";
  source.url = "https://t.me/telegram/312";
  source.author = "Telegram News";
  EXPECT_EQ(from_channel.repost, std::vector<Post>{source});

  const Post& hidden = page.posts[1];
  ASSERT_EQ(hidden.repost.size(), 1u);
  EXPECT_EQ(hidden.repost[0].author, "Bob Hidden");
  EXPECT_EQ(hidden.repost[0].url, "");
  EXPECT_EQ(hidden.repost[0].id, "");
  EXPECT_EQ(hidden.categories, (std::vector<std::string>{"text", "forward"}));

  const Post& signed_fwd = page.posts[0];
  EXPECT_EQ(signed_fwd.author, "Dave Editor");
  EXPECT_FALSE(signed_fwd.edited);
  ASSERT_EQ(signed_fwd.repost.size(), 1u);
  EXPECT_EQ(signed_fwd.repost[0].author, "Other Channel");
  EXPECT_EQ(signed_fwd.repost[0].url, "https://t.me/otherchannel");
  EXPECT_EQ(signed_fwd.repost[0].id, "");
}

TEST(TelegramParse, EmptyChannel) {
  const Page page = parse_fixture("empty_channel.html", "quietcorner");
  EXPECT_EQ(page.feed.title, "Quiet Corner");
  EXPECT_EQ(page.feed.image, "");  // no avatar: the initials only
  EXPECT_EQ(page.feed.link, "https://t.me/quietcorner");
  EXPECT_TRUE(page.posts.empty());
  EXPECT_EQ(page.older_cursor, "");
}

TEST(TelegramParse, OlderPage) {
  const Page page = parse_fixture("before_page.html", "gatherdemo");
  EXPECT_EQ(ids(page), (std::vector<std::string>{"gatherdemo/97", "gatherdemo/96", "gatherdemo/95"}));
  EXPECT_EQ(page.posts[0].text, "Freeze for 2.0 starts Monday.");
  EXPECT_EQ(page.posts[0].views, 1100);
  EXPECT_EQ(page.posts[2].published, utc(2026, 2, 20, 10));
  EXPECT_EQ(page.older_cursor, "95");
}

TEST(TelegramParse, MessagesWithoutTheHeaderStillParse) {
  const std::string html =
      R"(<div class="tgme_widget_message_wrap"><div class="tgme_widget_message" data-post="bare_chan/7">)"
      R"(<div class="tgme_widget_message_author"><a class="tgme_widget_message_owner_name" href="https://t.me/bare_chan"><span>Bare</span></a></div>)"
      R"(<div class="tgme_widget_message_text js-message_text">hi</div></div></div>)";
  const Page page = TelegramPlatform().parse(html, "");
  EXPECT_EQ(page.feed.title, "Bare");
  EXPECT_EQ(page.feed.link, "https://t.me/bare_chan");
  ASSERT_EQ(page.posts.size(), 1u);
  EXPECT_EQ(page.posts[0].author, "Bare");
  EXPECT_EQ(page.posts[0].url, "https://t.me/bare_chan/7");
  EXPECT_FALSE(page.posts[0].published.has_value());
  EXPECT_FALSE(page.posts[0].views.has_value());
}

TEST(TelegramParse, OnlySearchLinksAreHashtags) {
  const std::string html =
      R"(<div class="tgme_widget_message" data-post="bare_chan/8"><div class="tgme_widget_message_text js-message_text">)"
      R"(<a href="https://example.com/top">#1 in charts</a> <a href="?q=%23charts">#charts</a></div></div>)";
  const Page page = TelegramPlatform().parse(html, "");
  ASSERT_EQ(page.posts.size(), 1u);
  EXPECT_EQ(page.posts[0].tags, std::vector<std::string>{"charts"});
  EXPECT_EQ(page.posts[0].text, "#1 in charts #charts");
}

TEST(TelegramParse, UnclosedTextStillReads) {
  const Page page = TelegramPlatform().parse(
      R"(<div class="tgme_widget_message" data-post="bare_chan/9"><div class="tgme_widget_message_text">cut <b>short)", "");
  ASSERT_EQ(page.posts.size(), 1u);
  EXPECT_EQ(page.posts[0].text, "cut short");
}

TEST(TelegramParse, RefusesWhatIsNotAChannelPreview) {
  const TelegramPlatform tg;
  for (const std::string& body : {fixture("no_preview.html"), std::string(), std::string("<html><body>hello</body></html>"),
                                  std::string("{\"ok\":false}")}) {
    try {
      tg.parse(body, "https://t.me/s/closedclub");
      ADD_FAILURE() << "parsed " << body.substr(0, 40);
    } catch (const ParseError& e) {
      EXPECT_NE(std::string(e.what()).find("not a Telegram channel preview"), std::string::npos) << e.what();
    }
  }
}

}  // namespace
}  // namespace gather::telegram
