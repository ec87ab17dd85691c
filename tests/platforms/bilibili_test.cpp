#include "platforms/bilibili/bilibili_platform.h"

#include <gtest/gtest.h>

#include <boost/url.hpp>

#include <algorithm>
#include <map>

#include "core/digest.h"
#include "platforms/bilibili/account_info.h"
#include "platforms/bilibili/space_feed.h"
#include "platforms/bilibili/wbi.h"
#include "platforms/platform.h"
#include "test_util.h"

namespace gather::bilibili {
namespace {

using gather::testing::shared_fixture;
using gather::testing::utc;
using namespace std::chrono_literals;

std::string own(const std::string& name) {
  return gather::testing::read_file(std::string(GATHER_OWN_FIXTURES) + "/bilibili/" + name);
}

HttpResponse answer(long status, std::string body = {}) {
  HttpResponse r;
  r.status = status;
  r.body = std::move(body);
  return r;
}

std::string coded(int code, const std::string& message) {
  return "{\"code\":" + std::to_string(code) + ",\"message\":\"" + message + "\",\"ttl\":1}";
}

// The query of a URL as name -> decoded value.
std::map<std::string, std::string> query_of(const std::string& url) {
  std::map<std::string, std::string> out;
  const boost::urls::url_view u(url);
  for (const auto& p : u.params()) out[p.key] = p.value;
  return out;
}

// The documented worked example (bilibili-API-collect, docs/misc/sign/wbi.md).
constexpr const char* kImg = "7cd084941338484aae1ad9425b84077c";
constexpr const char* kSub = "4932caff0ff746eab6f01bf08b70ac45";

// ---- keys ---------------------------------------------------------------------------------

TEST(BilibiliKey, AcceptsSpaceUrlsAndMids) {
  const BilibiliPlatform b;
  EXPECT_EQ(b.canonical_key("161775300"), "161775300");
  EXPECT_EQ(b.canonical_key("  161775300 \n"), "161775300");
  EXPECT_EQ(b.canonical_key("https://space.bilibili.com/161775300"), "161775300");
  EXPECT_EQ(b.canonical_key("https://space.bilibili.com/161775300/"), "161775300");
  EXPECT_EQ(b.canonical_key("space.bilibili.com/161775300/dynamic"), "161775300");
  EXPECT_EQ(b.canonical_key("http://SPACE.bilibili.com/161775300/video?tid=0#x"), "161775300");
  EXPECT_EQ(b.canonical_key("https://space.bilibili.com/161775300?spm_id_from=333.337"), "161775300");
  EXPECT_EQ(b.canonical_key("https://m.bilibili.com/space/161775300"), "161775300");
  EXPECT_EQ(b.canonical_key("m.bilibili.com/space/161775300/"), "161775300");
}

TEST(BilibiliKey, RefusesOthersSayingWhy) {
  const BilibiliPlatform b;
  const std::map<std::string, std::string> bad{
      {"", "empty Bilibili target: give a uid or a space URL"},
      {"https://www.bilibili.com/video/BV1Jp421y72e",
       "not a Bilibili space URL (want space.bilibili.com/UID): https://www.bilibili.com/video/BV1Jp421y72e"},
      {"https://space.bilibili.com/", "no uid in the space URL: https://space.bilibili.com/"},
      {"https://space.bilibili.com/abc", "not a Bilibili uid: abc in https://space.bilibili.com/abc"},
      {"https://m.bilibili.com/video/1", "not a space URL (want m.bilibili.com/space/UID): https://m.bilibili.com/video/1"},
      {"ftp://space.bilibili.com/1", "not an http(s) URL: ftp://space.bilibili.com/1"},
      {"0", "uid 0 is no user: 0"},
      {"-5", "not a Bilibili space URL (want space.bilibili.com/UID): -5"},
      {"12345678901234567890123", "uid too long: 12345678901234567890123"},
  };
  for (const auto& [input, message] : bad) {
    try {
      b.canonical_key(input);
      ADD_FAILURE() << "accepted " << input;
    } catch (const std::invalid_argument& e) {
      EXPECT_EQ(std::string(e.what()), message) << input;
    }
  }
}

// ---- WBI ----------------------------------------------------------------------------------

TEST(Wbi, TableIsAPermutation) {
  std::array<std::uint8_t, 64> sorted = kMixinKeyEncTab;
  std::sort(sorted.begin(), sorted.end());
  for (std::size_t i = 0; i < sorted.size(); ++i) EXPECT_EQ(sorted[i], i);
}

TEST(Wbi, DocumentedWorkedExample) {
  // Keys, mixin key, canonical text and w_rid as the format's documentation gives them.
  EXPECT_EQ(wbi_mixin_key(kImg, kSub), "ea1db124af3c7062474693fa704f4ff8");
  const QueryParams params{{"foo", "114"}, {"bar", "514"}, {"zab", "1919810"}};
  EXPECT_EQ(wbi_sign(params, kImg, kSub, 1702204169),
            "bar=514&foo=114&wts=1702204169&zab=1919810&w_rid=8f6f2b5b3d485fe1886cec6a0be8c5d4");
  EXPECT_EQ(md5_hex("bar=514&foo=114&wts=1702204169&zab=1919810ea1db124af3c7062474693fa704f4ff8"),
            "8f6f2b5b3d485fe1886cec6a0be8c5d4");
}

TEST(Wbi, EncodesAsDocumented) {
  // Upper-case hex, space as %20, sorted by name (the documentation's second example).
  EXPECT_EQ(wbi_canonical_query({{"foo", "one one four"}, {"bar", "五一四"}, {"baz", "1919810"}}),
            "bar=%E4%BA%94%E4%B8%80%E5%9B%9B&baz=1919810&foo=one%20one%20four");
  // !'()* are dropped from values, not encoded; other reserved characters are encoded.
  EXPECT_EQ(wbi_canonical_query({{"q", "a!b'c(d)e*f"}, {"r", "x&y=z/+~._-"}}), "q=abcdef&r=x%26y%3Dz%2F%2B~._-");
}

TEST(Wbi, SigningReplacesStaleSignatureAndRefusesBadKeys) {
  const std::string fresh = wbi_sign({{"foo", "114"}}, kImg, kSub, 1702204169);
  EXPECT_EQ(wbi_sign({{"foo", "114"}, {"wts", "1"}, {"w_rid", "old"}}, kImg, kSub, 1702204169), fresh);
  EXPECT_THROW(wbi_sign({{"foo", "114"}}, "short", kSub, 1), std::invalid_argument);
}

TEST(Wbi, NavParser) {
  const WbiKeys keys = parse_nav(own("nav_logged_out.json"));
  EXPECT_EQ(keys.img, kImg);
  EXPECT_EQ(keys.sub, kSub);
  try {
    parse_nav(R"({"code":0,"data":{"isLogin":true}})");
    ADD_FAILURE();
  } catch (const ParseError& e) {
    EXPECT_EQ(std::string(e.what()), "nav: no data.wbi_img");
  }
  EXPECT_THROW(parse_nav("<html>"), ParseError);
  EXPECT_THROW(parse_nav(R"({"data":{"wbi_img":{"img_url":"https://i0.hdslb.com/bfs/wbi/x.png","sub_url":""}}})"),
               ParseError);
}

TEST(Wbi, NavRequest) {
  const HttpRequest req = nav_request();
  EXPECT_EQ(req.method, "GET");
  EXPECT_EQ(req.url, "https://api.bilibili.com/x/web-interface/nav");
}

TEST(Wbi, PlatformKeyCache) {
  const BilibiliPlatform b;
  EXPECT_FALSE(b.wbi_keys().has_value());
  const TimePoint at = utc(2026, 11, 21, 10);
  b.set_wbi_keys(kImg, kSub, at);
  ASSERT_TRUE(b.wbi_keys().has_value());
  EXPECT_EQ(*b.wbi_keys(), (WbiKeys{kImg, kSub, at}));
  EXPECT_THROW(b.set_wbi_keys("a", "b", at), std::invalid_argument);
  EXPECT_EQ(b.wbi_keys()->img, kImg);  // a refused pair leaves the cache as it was
}

// ---- requests -----------------------------------------------------------------------------

TEST(BilibiliRequest, UnsignedWithoutKeys) {
  const BilibiliPlatform b;
  const HttpRequest req = b.request_for("161775300", {});
  EXPECT_EQ(req.method, "GET");
  EXPECT_EQ(req.url, "https://api.bilibili.com/x/polymer/web-dynamic/v1/feed/space?host_mid=161775300");
  EXPECT_EQ(find_header(req.headers, "Referer"), "https://space.bilibili.com/161775300/dynamic");
  EXPECT_TRUE(b.pages_back());
}

TEST(BilibiliRequest, SignedWithCachedKeys) {
  const BilibiliPlatform b;
  b.set_wbi_keys(kImg, kSub, utc(2026, 1, 1));
  const HttpRequest req = b.request_for("161775300", {});
  ASSERT_TRUE(req.url.starts_with("https://api.bilibili.com/x/polymer/web-dynamic/v1/feed/space?host_mid=161775300&wts="));
  const auto q = query_of(req.url);
  ASSERT_EQ(q.size(), 3u);
  const std::int64_t wts = std::stoll(q.at("wts"));
  const std::int64_t now = std::chrono::duration_cast<std::chrono::seconds>(
                               std::chrono::system_clock::now().time_since_epoch()).count();
  EXPECT_LE(std::llabs(now - wts), 5);
  // The signature is the pure function's at the same time.
  EXPECT_EQ("https://api.bilibili.com/x/polymer/web-dynamic/v1/feed/space?" +
                wbi_sign({{"host_mid", "161775300"}}, kImg, kSub, wts),
            req.url);
}

TEST(BilibiliRequest, SpaceFeedUrlIsPure) {
  const std::optional<WbiKeys> keys = WbiKeys{kImg, kSub, {}};
  EXPECT_EQ(space_feed_url("http://sim:8080", "1", "915793667264872453", std::nullopt, 0),
            "http://sim:8080/x/polymer/web-dynamic/v1/feed/space?host_mid=1&offset=915793667264872453");
  EXPECT_EQ(space_feed_url("https://api.bilibili.com", "1", "", keys, 1702204169),
            "https://api.bilibili.com/x/polymer/web-dynamic/v1/feed/space?" +
                wbi_sign({{"host_mid", "1"}}, kImg, kSub, 1702204169));
}

TEST(BilibiliRequest, OlderPageUsesTheOffset) {
  const BilibiliPlatform b;
  Page newer;
  EXPECT_FALSE(b.request_older("161775300", newer).has_value());
  newer.older_cursor = "915793667264872453";
  const auto older = b.request_older("161775300", newer);
  ASSERT_TRUE(older.has_value());
  EXPECT_EQ(older->url,
            "https://api.bilibili.com/x/polymer/web-dynamic/v1/feed/space?host_mid=161775300&offset=915793667264872453");
}

TEST(BilibiliRequest, ConfiguredBaseUrl) {
  set_platform_base_url("bilibili", "http://127.0.0.1:9/");
  const BilibiliPlatform b;
  EXPECT_EQ(b.request_for("1", {}).url, "http://127.0.0.1:9/x/polymer/web-dynamic/v1/feed/space?host_mid=1");
  EXPECT_EQ(nav_request().url, "http://127.0.0.1:9/x/web-interface/nav");
  set_platform_base_url("bilibili", "https://api.bilibili.com");
}

// ---- classify -----------------------------------------------------------------------------

TEST(BilibiliClassify, PageAndRiskControlCodes) {
  const BilibiliPlatform b;
  EXPECT_EQ(b.classify(answer(200, shared_fixture("bilibili-new.json"))).outcome, Outcome::kPage);
  const std::map<int, std::string> slow{
      {-352, "code -352 (风控校验失败): risk control, signature or verification failed"},
      {-412, "code -412 (请求被拦截): request intercepted"},
      {-509, "code -509 (请求过于频繁，请稍后再试): too frequent"},
      {-799, "code -799 (请求过于频繁，请稍后再试): too frequent"},
  };
  const std::map<int, std::string> messages{
      {-352, "风控校验失败"}, {-412, "请求被拦截"}, {-509, "请求过于频繁，请稍后再试"}, {-799, "请求过于频繁，请稍后再试"}};
  for (const auto& [code, reason] : slow) {
    const Classified c = b.classify(answer(200, coded(code, messages.at(code))));
    EXPECT_EQ(c.outcome, Outcome::kSlowDown) << code;
    EXPECT_EQ(c.reason, reason);
  }
  const Classified voucher = b.classify(answer(200, R"({"code":0,"message":"0","ttl":1,"data":{"v_voucher":"voucher_x"}})"));
  EXPECT_EQ(voucher.outcome, Outcome::kSlowDown);
  EXPECT_EQ(voucher.reason, "risk control voucher (WBI signature missing or wrong)");
}

TEST(BilibiliClassify, LoginAndFailures) {
  const BilibiliPlatform b;
  const Classified out = b.classify(answer(200, coded(-101, "账号未登录")));
  EXPECT_EQ(out.outcome, Outcome::kLoggedOut);
  EXPECT_EQ(out.reason, "code -101 (账号未登录): not logged in");
  const Classified missing = b.classify(answer(200, coded(-404, "啥都木有")));
  EXPECT_EQ(missing.outcome, Outcome::kFailed);
  EXPECT_EQ(missing.reason, "code -404 (啥都木有)");
  const Classified bad = b.classify(answer(200, coded(-400, "请求错误")));
  EXPECT_EQ(bad.outcome, Outcome::kFailed);
  EXPECT_EQ(bad.reason, "code -400 (请求错误)");
  EXPECT_EQ(b.classify(answer(200, coded(-403, "访问权限不足"))).outcome, Outcome::kFailed);
  EXPECT_EQ(b.classify(answer(200, "<html>captcha</html>")).outcome, Outcome::kFailed);
  EXPECT_EQ(b.classify(answer(200, "<html>captcha</html>")).reason, "HTTP 200, body is not JSON");
  EXPECT_EQ(b.classify(answer(200, "{}")).reason, "HTTP 200, no code in the answer");
}

TEST(BilibiliClassify, HttpStatuses) {
  const BilibiliPlatform b;
  const Classified intercepted = b.classify(answer(412, "<html>"));
  EXPECT_EQ(intercepted.outcome, Outcome::kSlowDown);
  EXPECT_EQ(intercepted.reason, "HTTP 412: request intercepted (risk control)");
  HttpResponse r429 = answer(429);
  r429.headers = {{"Retry-After", "30"}};
  EXPECT_EQ(b.classify(r429).outcome, Outcome::kSlowDown);
  EXPECT_EQ(b.classify(r429).retry_after, 30s);
  EXPECT_EQ(b.classify(answer(500)).outcome, Outcome::kTransient);
  EXPECT_EQ(b.classify(answer(503)).outcome, Outcome::kTransient);
  EXPECT_EQ(b.classify(answer(404)).outcome, Outcome::kGone);
  EXPECT_EQ(b.classify(answer(403)).outcome, Outcome::kFailed);
  HttpResponse none;
  none.error = "timeout after 20000 ms";
  EXPECT_EQ(b.classify(none).outcome, Outcome::kTransient);
  EXPECT_EQ(b.classify(none).reason, "timeout after 20000 ms");
  EXPECT_EQ(b.classify(HttpResponse{}).reason, "no HTTP response");
}

// ---- parse: the shared fixture --------------------------------------------------------------

const Post* by_id(const Page& page, const std::string& id) {
  for (const Post& p : page.posts) {
    if (p.id == id) return &p;
  }
  return nullptr;
}

TEST(BilibiliParse, SharedFixturePageAndOrder) {
  const BilibiliPlatform b;
  const Page page = b.parse(shared_fixture("bilibili-new.json"), "");
  EXPECT_EQ(page.feed.title, "明日方舟");
  EXPECT_EQ(page.feed.link, "https://space.bilibili.com/161775300");
  EXPECT_EQ(page.feed.image, "https://i0.hdslb.com/bfs/face/d4005a0f9b898d8bb049caf9c6355f8e8f772a8f.jpg");
  EXPECT_EQ(page.older_cursor, "915793667264872453");
  ASSERT_EQ(page.posts.size(), 13u);
  // Newest first; the pinned 916751749918752793 (5 April) is not first but in its place by date.
  const std::vector<std::string> order{
      "965806534205374473", "917925942426337285", "917569936907305028", "917554475026088034",
      "917199977014362112", "917184089903071286", "917121546589306880", "917092495452536836",
      "916751749918752793", "916750508666912773", "916101118201692165", "916023825994350755",
      "915793667264872453"};
  for (std::size_t i = 0; i < order.size(); ++i) EXPECT_EQ(page.posts[i].id, order[i]) << i;
}

TEST(BilibiliParse, SharedFixtureDraw) {
  const Page page = BilibiliPlatform{}.parse(shared_fixture("bilibili-new.json"), "");
  const Post* pinned = by_id(page, "916751749918752793");
  ASSERT_NE(pinned, nullptr);
  EXPECT_EQ(pinned->url, "https://t.bilibili.com/916751749918752793");
  EXPECT_EQ(pinned->title, "");
  EXPECT_EQ(pinned->author, "明日方舟");
  EXPECT_EQ(pinned->published, utc(2024, 4, 5, 3, 5, 0));
  EXPECT_EQ(pinned->categories, std::vector<std::string>{"图文"});
  EXPECT_TRUE(pinned->text.starts_with("SideStory「巴别塔」限时活动即将开启"));
  ASSERT_EQ(pinned->media.size(), 1u);
  EXPECT_EQ(pinned->media[0],
            (Media{"https://i0.hdslb.com/bfs/new_dyn/0b90ad0ca8863bc00f6cbe92ea07c99c161775300.jpg", "image", ""}));
  EXPECT_FALSE(pinned->truncated);
  EXPECT_TRUE(pinned->repost.empty());

  const Post* comic = by_id(page, "917121546589306880");
  ASSERT_NE(comic, nullptr);
  EXPECT_EQ(comic->media.size(), 4u);
  EXPECT_EQ(comic->tags, (std::vector<std::string>{"123罗德岛！？", "明日方舟"}));
  EXPECT_TRUE(comic->text.starts_with("#123罗德岛！？##明日方舟#"));

  const Post* lottery = by_id(page, "915793667264872453");
  ASSERT_NE(lottery, nullptr);
  EXPECT_EQ(lottery->media.size(), 9u);
  EXPECT_TRUE(lottery->text.starts_with("互动抽奖 #明日方舟##音律联觉#"));
  EXPECT_EQ(lottery->tags, (std::vector<std::string>{"明日方舟", "音律联觉"}));
}

TEST(BilibiliParse, SharedFixtureVideo) {
  const Page page = BilibiliPlatform{}.parse(shared_fixture("bilibili-new.json"), "");
  const Post* av = by_id(page, "916750508666912773");
  ASSERT_NE(av, nullptr);
  EXPECT_EQ(av->url, "https://www.bilibili.com/video/BV1Jp421y72e");
  EXPECT_EQ(av->title, "《明日方舟》SideStory「巴别塔」活动宣传PV");
  EXPECT_EQ(av->author, "明日方舟");
  EXPECT_EQ(av->published, utc(2024, 4, 5, 3, 0, 11));
  EXPECT_EQ(av->categories, std::vector<std::string>{"视频"});
  EXPECT_TRUE(av->text.starts_with("SideStory「巴别塔」限时活动即将开启"));  // the video's description
  ASSERT_EQ(av->media.size(), 1u);
  EXPECT_EQ(av->media[0].url, "http://i1.hdslb.com/bfs/archive/19630d3e5fd7e1b38cb8152f5e818fdcec7145c3.jpg");

  const Post* pv = by_id(page, "916023825994350755");
  ASSERT_NE(pv, nullptr);
  EXPECT_EQ(pv->title, "「2024明日方舟嘉年华」前瞻PV公开");
  EXPECT_EQ(pv->url, "https://www.bilibili.com/video/BV1VK421h7xV");
}

TEST(BilibiliParse, SharedFixtureForwards) {
  const Page page = BilibiliPlatform{}.parse(shared_fixture("bilibili-new.json"), "");
  const Post* fwd = by_id(page, "917092495452536836");
  ASSERT_NE(fwd, nullptr);
  EXPECT_EQ(fwd->url, "https://t.bilibili.com/917092495452536836");
  EXPECT_EQ(fwd->categories, std::vector<std::string>{"转发"});
  EXPECT_EQ(fwd->published, utc(2024, 4, 6, 1, 7, 16));
  EXPECT_TRUE(fwd->text.starts_with("「2024明日方舟音律联觉-不觅浪尘」将于12:00正式开启预售票"));
  EXPECT_TRUE(fwd->media.empty());
  ASSERT_EQ(fwd->repost.size(), 1u);
  const Post& orig = fwd->repost[0];
  EXPECT_EQ(orig.id, "915793667264872453");
  EXPECT_EQ(orig.url, "https://t.bilibili.com/915793667264872453");
  EXPECT_EQ(orig.author, "明日方舟");
  EXPECT_EQ(orig.categories, std::vector<std::string>{"图文"});
  EXPECT_EQ(orig.media.size(), 9u);
  EXPECT_EQ(orig.tags, (std::vector<std::string>{"明日方舟", "音律联觉"}));
  EXPECT_EQ(orig.published, utc(2024, 4, 2, 13, 7, 9));

  // A forward of a dynamic its author deleted: the repost is only the platform's tip.
  const Post* gone = by_id(page, "965806534205374473");
  ASSERT_NE(gone, nullptr);
  EXPECT_EQ(gone->author, "血毒嘿咻");
  EXPECT_EQ(gone->text, "转发动态");
  EXPECT_EQ(gone->published, utc(2024, 8, 15, 7, 42, 37));
  ASSERT_EQ(gone->repost.size(), 1u);
  EXPECT_EQ(gone->repost[0].id, "");
  EXPECT_EQ(gone->repost[0].url, "");
  EXPECT_EQ(gone->repost[0].text, "源动态已被作者删除");
  EXPECT_TRUE(gone->repost[0].categories.empty());
  EXPECT_FALSE(gone->repost[0].published.has_value());
}

// ---- parse: the kinds the shared fixture lacks (own fixture, from the documented format) ----

TEST(BilibiliParse, WordWithRichText) {
  const Page page = parse_space_feed(own("space_kinds.json"));
  EXPECT_EQ(page.older_cursor, "");  // has_more is false
  EXPECT_EQ(page.feed.image, "https://i0.hdslb.com/bfs/face/one.gif");
  const Post* word = by_id(page, "900000000000000006");
  ASSERT_NE(word, nullptr);
  EXPECT_EQ(word->categories, std::vector<std::string>{"文字"});
  EXPECT_EQ(word->text, "早上好[doge] @某人 #日常# 看 https://example.com/page");
  EXPECT_EQ(word->tags, (std::vector<std::string>{"日常", "新话题"}));
  EXPECT_EQ(word->url, "https://t.bilibili.com/900000000000000006");
  EXPECT_TRUE(word->media.empty());
}

TEST(BilibiliParse, OpusPictures) {
  const Page page = parse_space_feed(own("space_kinds.json"));
  const Post* opus = by_id(page, "900000000000000005");
  ASSERT_NE(opus, nullptr);
  EXPECT_EQ(opus->categories, std::vector<std::string>{"图文"});
  EXPECT_EQ(opus->title, "图文标题");
  EXPECT_EQ(opus->text, "图文正文#绘画#");
  EXPECT_EQ(opus->tags, std::vector<std::string>{"绘画"});
  ASSERT_EQ(opus->media.size(), 2u);
  EXPECT_EQ(opus->media[1].url, "http://i0.hdslb.com/bfs/new_dyn/b.png");
  EXPECT_EQ(opus->url, "https://t.bilibili.com/900000000000000005");
  EXPECT_FALSE(opus->truncated);
}

TEST(BilibiliParse, Articles) {
  const Page page = parse_space_feed(own("space_kinds.json"));
  const Post* cv = by_id(page, "900000000000000004");
  ASSERT_NE(cv, nullptr);
  EXPECT_EQ(cv->categories, std::vector<std::string>{"专栏"});
  EXPECT_EQ(cv->title, "专栏标题");
  EXPECT_EQ(cv->text, "文章摘要……");
  EXPECT_EQ(cv->url, "https://www.bilibili.com/read/cv12345678");
  EXPECT_EQ(cv->media.size(), 2u);
  EXPECT_TRUE(cv->truncated);

  const Post* opus = by_id(page, "900000000000000003");
  ASSERT_NE(opus, nullptr);
  EXPECT_EQ(opus->categories, std::vector<std::string>{"专栏"});
  EXPECT_EQ(opus->title, "新版专栏标题");
  EXPECT_EQ(opus->text, "新版专栏的开头");
  EXPECT_EQ(opus->url, "https://www.bilibili.com/opus/900000000000000003");
  EXPECT_EQ(opus->media.size(), 1u);
  EXPECT_TRUE(opus->truncated);
}

TEST(BilibiliParse, LiveRecommendationAndCollection) {
  const Page page = parse_space_feed(own("space_kinds.json"));
  const Post* live = by_id(page, "900000000000000002");
  ASSERT_NE(live, nullptr);
  EXPECT_EQ(live->categories, std::vector<std::string>{"直播"});
  EXPECT_EQ(live->title, "晚上好");
  EXPECT_EQ(live->url, "https://live.bilibili.com/3044248");
  ASSERT_EQ(live->media.size(), 1u);
  EXPECT_EQ(live->media[0].url, "http://i0.hdslb.com/bfs/live/new_room_cover/cover.jpg");
  EXPECT_EQ(live->published, TimePoint{std::chrono::seconds{1700000200}});

  const Post* season = by_id(page, "900000000000000001");
  ASSERT_NE(season, nullptr);
  EXPECT_EQ(season->categories, std::vector<std::string>{"视频"});
  EXPECT_EQ(season->title, "合集第二集");
  EXPECT_EQ(season->text, "合集简介");
  EXPECT_EQ(season->url, "https://www.bilibili.com/video/av170001");
}

TEST(BilibiliParse, EmptyAndBrokenBodies) {
  const Page empty = parse_space_feed(R"({"code":0,"message":"0","data":{"has_more":false,"items":[],"offset":""}})");
  EXPECT_TRUE(empty.posts.empty());
  EXPECT_EQ(empty.feed, Feed{});
  const std::map<std::string, std::string> bad{
      {"", "bilibili space feed: not JSON (incomplete JSON)"},
      {"[1]", "bilibili space feed: not a JSON object"},
      {R"({"items":[]})", "bilibili space feed: no code (not a Bilibili API answer)"},
      {coded(-352, "风控校验失败"), "bilibili space feed: code -352 (风控校验失败)"},
      {R"({"code":0,"data":{"v_voucher":"voucher_x"}})", "bilibili space feed: no data.items"},
      {R"({"code":0,"data":{"items":{}}})", "bilibili space feed: data.items is not a list"},
  };
  for (const auto& [body, message] : bad) {
    try {
      parse_space_feed(body);
      ADD_FAILURE() << body;
    } catch (const ParseError& e) {
      EXPECT_EQ(std::string(e.what()), message) << body;
    }
  }
  EXPECT_THROW(parse_space_feed(shared_fixture("weibo_ak_list_1.json")), ParseError);
}

// ---- account info -------------------------------------------------------------------------

TEST(BilibiliAccount, InfoParserAndRequest) {
  const Feed feed = parse_account_info(own("acc_info.json"));
  EXPECT_EQ(feed.title, "明日方舟");
  EXPECT_EQ(feed.description, "《明日方舟》官方账号");
  EXPECT_EQ(feed.image, "http://i0.hdslb.com/bfs/face/d4005a0f9b898d8bb049caf9c6355f8e8f772a8f.jpg");
  EXPECT_EQ(feed.link, "https://space.bilibili.com/161775300");
  try {
    parse_account_info(coded(-404, "啥都木有"));
    ADD_FAILURE();
  } catch (const ParseError& e) {
    EXPECT_EQ(std::string(e.what()), "bilibili account info: code -404 (啥都木有)");
  }

  EXPECT_EQ(account_info_request("2", std::nullopt, 0).url, "https://api.bilibili.com/x/space/wbi/acc/info?mid=2");
  const HttpRequest signed_req = account_info_request("2", WbiKeys{kImg, kSub, {}}, 1702204169);
  EXPECT_EQ(signed_req.url,
            "https://api.bilibili.com/x/space/wbi/acc/info?" + wbi_sign({{"mid", "2"}}, kImg, kSub, 1702204169));
}

TEST(BilibiliRegistry, IsRegistered) {
  const Platform* p = find_platform("bilibili");
  ASSERT_NE(p, nullptr);
  EXPECT_EQ(p->name(), "bilibili");
  EXPECT_TRUE(p->pages_back());
}

}  // namespace
}  // namespace gather::bilibili

namespace {

// The conveyor asks the platform before each fetch whether it needs its signing keys first.
TEST(BilibiliSetup, FetchesTheKeysWhenMissingOrOlderThanTwelveHours) {
  gather::bilibili::BilibiliPlatform p;
  const gather::TimePoint t0 = gather::TimePoint{} + std::chrono::hours(24 * 365 * 50);
  auto first = p.setup_request(t0);
  ASSERT_TRUE(first);
  EXPECT_NE(first->url.find("/x/web-interface/nav"), std::string::npos) << first->url;
  p.accept_setup(gather::testing::own_fixture_at("bilibili/nav_logged_out.json"), t0);
  EXPECT_FALSE(p.setup_request(t0 + std::chrono::hours(1)));
  EXPECT_TRUE(p.setup_request(t0 + std::chrono::hours(13))) << "keys rotate daily";
  // Signed from now on.
  auto req = p.request_for("161775300", {});
  EXPECT_NE(req.url.find("w_rid="), std::string::npos) << req.url;
  EXPECT_THROW(p.accept_setup("{\"code\":0,\"data\":{}}", t0), gather::ParseError);
}

}  // namespace
