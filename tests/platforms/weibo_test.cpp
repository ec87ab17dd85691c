// The weibo platform: keys, requests and how responses are classified.
#include "platforms/weibo/weibo_platform.h"

#include <gtest/gtest.h>

#include "platforms/weibo/weibo_api.h"
#include "test_util.h"

namespace gather::weibo {
namespace {

using namespace std::chrono_literals;
using testing::own_fixture_at;

HttpResponse response(long status, std::string body = {}, Headers headers = {}) {
  HttpResponse r;
  r.status = status;
  r.body = std::move(body);
  r.headers = std::move(headers);
  r.effective_url = "https://m.weibo.cn/api/container/getIndex?type=uid&value=1&containerid=1076031";
  return r;
}

std::string refusal(std::string_view input) {
  try {
    WeiboPlatform{}.canonical_key(input);
  } catch (const std::invalid_argument& e) {
    return e.what();
  }
  return "(accepted)";
}

TEST(WeiboPlatform, IsRegistered) {
  const Platform* p = find_platform("weibo");
  ASSERT_NE(p, nullptr);
  EXPECT_EQ(p->name(), "weibo");
  EXPECT_TRUE(p->pages_back());
}

TEST(WeiboPlatform, CanonicalKeyFromUidsAndProfileUrls) {
  const WeiboPlatform w;
  for (const char* in : {"6279793937", " 6279793937\n", "https://weibo.com/u/6279793937", "http://weibo.com/u/6279793937/",
                         "https://www.weibo.com/u/6279793937?is_all=1", "https://m.weibo.cn/u/6279793937",
                         "https://m.weibo.cn/u/6279793937?uid=6279793937&luicode=10000011&lfid=1076036279793937",
                         "https://m.weibo.cn/profile/6279793937", "weibo.com/6279793937", "https://weibo.com/6279793937",
                         "m.weibo.cn/u/6279793937", "HTTPS://M.WEIBO.CN/u/6279793937#top"}) {
    EXPECT_EQ(w.canonical_key(in), "6279793937") << in;
  }
}

TEST(WeiboPlatform, CanonicalKeyRefusalsSayWhatIsWrong) {
  EXPECT_NE(refusal("https://weibo.com/arknights").find("custom domain"), std::string::npos);
  EXPECT_NE(refusal("weibo.com/arknights").find("cannot be resolved to a uid offline"), std::string::npos);
  EXPECT_NE(refusal("https://weibo.com/6279793937/Kjc77D1jz").find("a post's URL"), std::string::npos);
  EXPECT_NE(refusal("https://m.weibo.cn/n/明日方舟Arknights").find("nickname"), std::string::npos);
  EXPECT_NE(refusal("https://weibo.com/u/arknights").find("not a numeric uid"), std::string::npos);
  EXPECT_NE(refusal("https://example.com/u/6279793937").find("not a Weibo address"), std::string::npos);
  EXPECT_NE(refusal("ftp://weibo.com/u/6279793937").find("not an http(s) URL"), std::string::npos);
  EXPECT_NE(refusal("0123").find("not a Weibo uid"), std::string::npos);
  EXPECT_NE(refusal("https://weibo.com/").find("not a Weibo profile URL"), std::string::npos);
  EXPECT_EQ(refusal(""), "empty: give a Weibo uid or profile URL");
  EXPECT_EQ(refusal("明日方舟Arknights"),
            "明日方舟Arknights: a name, not a uid: names cannot be resolved to a uid offline; give the numeric uid "
            "(weibo.com/u/UID)");
}

TEST(WeiboPlatform, TimelineRequest) {
  const HttpRequest req = WeiboPlatform{}.request_for("6279793937", Validators{"\"e\"", "x"});
  EXPECT_EQ(req.method, "GET");
  EXPECT_EQ(req.url, "https://m.weibo.cn/api/container/getIndex?type=uid&value=6279793937&containerid=1076036279793937");
  EXPECT_EQ(find_header(req.headers, "MWeibo-Pwa"), "1");
  EXPECT_EQ(find_header(req.headers, "X-Requested-With"), "XMLHttpRequest");
  EXPECT_EQ(find_header(req.headers, "Referer"), "https://m.weibo.cn/u/6279793937");
  EXPECT_FALSE(find_header(req.headers, "If-None-Match").has_value());  // Weibo sends no validators
}

TEST(WeiboPlatform, RequestOlderUsesSinceId) {
  const WeiboPlatform w;
  Page newer;
  EXPECT_FALSE(w.request_older("6279793937", newer).has_value());
  newer.older_cursor = "4646131823281332";
  const auto older = w.request_older("6279793937", newer);
  ASSERT_TRUE(older.has_value());
  EXPECT_EQ(older->url,
            "https://m.weibo.cn/api/container/getIndex?type=uid&value=6279793937&containerid=1076036279793937"
            "&since_id=4646131823281332");
}

TEST(WeiboPlatform, RequestsFollowTheConfiguredBaseUrl) {
  set_platform_base_url("weibo", "http://127.0.0.1:8080/");
  EXPECT_EQ(profile_request("42").url, "http://127.0.0.1:8080/api/container/getIndex?type=uid&value=42");
  EXPECT_EQ(long_text_request("4645748019299849").url, "http://127.0.0.1:8080/statuses/extend?id=4645748019299849");
  EXPECT_EQ(timeline_request("42", "a b").url,
            "http://127.0.0.1:8080/api/container/getIndex?type=uid&value=42&containerid=10760342&since_id=a%20b");
  set_platform_base_url("weibo", "https://m.weibo.cn");
  EXPECT_EQ(profile_request("42").url, "https://m.weibo.cn/api/container/getIndex?type=uid&value=42");
}

TEST(WeiboClassify, JsonOkIsAPage) {
  const WeiboPlatform w;
  EXPECT_EQ(w.classify(response(200, testing::shared_fixture("weibo_ak_list_1.json"))).outcome, Outcome::kPage);
  EXPECT_EQ(w.classify(response(200, testing::shared_fixture("weibo_ak_profile.json"))).outcome, Outcome::kPage);
  // No posts ("这里还没有内容") still comes as a container: an empty page, not an error.
  const Classified empty = w.classify(response(200, own_fixture_at("weibo/empty.json")));
  EXPECT_EQ(empty.outcome, Outcome::kPage);
  EXPECT_NE(empty.reason.find("这里还没有内容"), std::string::npos);
}

TEST(WeiboClassify, RiskControlStatusesSlowDown) {
  const WeiboPlatform w;
  const Classified c412 = w.classify(response(412, "<html>Precondition Failed</html>"));
  EXPECT_EQ(c412.outcome, Outcome::kSlowDown);
  EXPECT_EQ(c412.reason, "HTTP 412: Weibo risk control");
  EXPECT_FALSE(c412.retry_after.has_value());
  const Classified c418 = w.classify(response(418, "", {{"Retry-After", "600"}}));
  EXPECT_EQ(c418.outcome, Outcome::kSlowDown);
  EXPECT_EQ(c418.retry_after, 600s);
  EXPECT_EQ(w.classify(response(403)).outcome, Outcome::kSlowDown);
  EXPECT_EQ(w.classify(response(429)).outcome, Outcome::kSlowDown);
}

TEST(WeiboClassify, LoginJsonIsLoggedOut) {
  const WeiboPlatform w;
  EXPECT_EQ(w.classify(response(200, own_fixture_at("weibo/login_required.json"))).outcome, Outcome::kLoggedOut);
  const Classified msg = w.classify(response(200, own_fixture_at("weibo/login_message.json")));
  EXPECT_EQ(msg.outcome, Outcome::kLoggedOut);
  EXPECT_EQ(msg.reason, "not logged in (请先登录)");
  // ok:0 pointing at the SSO host without a message.
  EXPECT_EQ(w.classify(response(200, R"({"ok":0,"url":"https://login.sina.com.cn/sso/login.php"})")).outcome,
            Outcome::kLoggedOut);
}

TEST(WeiboClassify, OtherJsonAnswers) {
  const WeiboPlatform w;
  const Classified gone = w.classify(response(200, own_fixture_at("weibo/no_such_user.json")));
  EXPECT_EQ(gone.outcome, Outcome::kGone);
  EXPECT_EQ(gone.reason, "the account does not exist (用户不存在)");
  EXPECT_EQ(w.classify(response(200, own_fixture_at("weibo/too_frequent.json"))).outcome, Outcome::kSlowDown);
  const Classified odd = w.classify(response(200, R"({"ok":0,"msg":"系统繁忙"})"));
  EXPECT_EQ(odd.outcome, Outcome::kFailed);
  EXPECT_EQ(odd.reason, "HTTP 200: ok=0 (系统繁忙)");
  EXPECT_EQ(w.classify(response(200, R"({"ok":1,"data":)")).outcome, Outcome::kFailed);
  EXPECT_EQ(w.classify(response(200, "  ")).outcome, Outcome::kTransient);
}

TEST(WeiboClassify, RedirectToPassportIsLoggedOut) {
  const WeiboPlatform w;
  const Classified c = w.classify(
      response(302, "", {{"Location", "https://passport.weibo.com/visitor/visitor?entry=miniblog&a=enter"}}));
  EXPECT_EQ(c.outcome, Outcome::kLoggedOut);
  EXPECT_EQ(c.reason, "HTTP 302 to the login host: not logged in");
  EXPECT_EQ(w.classify(response(301, "", {{"location", "https://login.sina.com.cn/sso/login.php?url=x"}})).outcome,
            Outcome::kLoggedOut);
  EXPECT_EQ(w.classify(response(302, "", {{"Location", "/login.php?r=%2F"}})).outcome, Outcome::kLoggedOut);
  const Classified elsewhere = w.classify(response(302, "", {{"Location", "https://m.weibo.cn/u/1"}}));
  EXPECT_EQ(elsewhere.outcome, Outcome::kFailed);
  EXPECT_EQ(elsewhere.reason, "HTTP 302 to https://m.weibo.cn/u/1");
  // A followed redirect (anonymous requests follow them) that ended on the login host.
  HttpResponse followed = response(200, "<html><title>微博</title></html>");
  followed.effective_url = "https://passport.weibo.cn/signin/welcome?entry=mweibo";
  EXPECT_EQ(w.classify(followed).outcome, Outcome::kLoggedOut);
}

TEST(WeiboClassify, HtmlInsteadOfJson) {
  const WeiboPlatform w;
  const Classified captcha = w.classify(response(200, own_fixture_at("weibo/captcha.html")));
  EXPECT_EQ(captcha.outcome, Outcome::kSlowDown);
  EXPECT_EQ(captcha.reason, "captcha");
  EXPECT_EQ(w.classify(response(200, own_fixture_at("weibo/visitor.html"))).outcome, Outcome::kLoggedOut);
  const Classified other = w.classify(response(200, "<!DOCTYPE html><html><head><title>微博-出错了</title></head></html>"));
  EXPECT_EQ(other.outcome, Outcome::kFailed);
  EXPECT_EQ(other.reason, "HTTP 200: an HTML page instead of JSON (微博-出错了)");
}

TEST(WeiboClassify, ServerErrorsAndMissingAccounts) {
  const WeiboPlatform w;
  EXPECT_EQ(w.classify(response(500)).outcome, Outcome::kTransient);
  const Classified unavailable = w.classify(response(503, "", {{"Retry-After", "30"}}));
  EXPECT_EQ(unavailable.outcome, Outcome::kTransient);
  EXPECT_EQ(unavailable.retry_after, 30s);
  HttpResponse none;
  none.error = "Couldn't resolve host name";
  const Classified c0 = w.classify(none);
  EXPECT_EQ(c0.outcome, Outcome::kTransient);
  EXPECT_EQ(c0.reason, "Couldn't resolve host name");
  const Classified gone = w.classify(response(404));
  EXPECT_EQ(gone.outcome, Outcome::kGone);
  EXPECT_EQ(gone.reason, "HTTP 404: the account may not exist");
  EXPECT_EQ(w.classify(response(400)).outcome, Outcome::kFailed);
}

TEST(WeiboClassify, NeverThrowsOnGarbage) {
  const WeiboPlatform w;
  for (std::string body : {std::string("\xff\xfe{"), std::string("{\"ok\":\"x\"}"), std::string("[1,2]"),
                           std::string("<"), std::string(1, '\0'), std::string("{\"ok\":0,\"url\":\"::\"}")}) {
    EXPECT_NO_THROW(w.classify(response(200, body))) << body;
  }
  EXPECT_NO_THROW(w.classify(response(302, "", {{"Location", "http://[::1"}})));
}

}  // namespace
}  // namespace gather::weibo
