// The weibo platform's endpoints (GET /api/container/getIndex, GET /statuses/extend) behind
// Weibo's risk control (weibo_cookies.h), and the cookie registry's admin endpoints.
#include <boost/url/encode.hpp>
#include <boost/url/rfc/unreserved_chars.hpp>

#include <algorithm>

#include "sim/reply.h"
#include "sim/sim_core.h"
#include "sim/weibo_format.h"

namespace gather::sim {

namespace {

// Weibo's own containerid for a user's posts is this prefix + uid.
constexpr std::string_view kTimelineContainer = "107603";

SimReply text_reply(int status, std::string body) {
  SimReply r;
  r.response.status = status;
  r.response.headers.emplace_back("Content-Type", "text/plain; charset=utf-8");
  r.response.body = std::move(body);
  return r;
}

// Every API answer, a refusal included, is HTTP 200 with JSON.
SimReply api_reply(std::string body) {
  SimReply r;
  r.response.status = 200;
  r.response.headers.emplace_back("Content-Type", "application/json; charset=utf-8");
  r.response.body = std::move(body);
  return r;
}

// m.weibo.cn refuses with ok 0 and a msg, never with a status: clients read the JSON.
SimReply refusal(std::string_view msg, std::string_view errno_code = {}) {
  return api_reply(render_weibo_refusal(msg, errno_code));
}

// Posts of a feed of `count` a viewer sees: anonymous viewers miss every 7th (k % 7 == 6).
int visible_count(int count, bool logged_in) { return logged_in ? count : count - count / 7; }

}  // namespace

SimReply SimCore::serve_weibo(const ServerRequest& req) {
  // Risk control comes first and counts every request, whatever it asks for: Weibo meters the
  // session, not the endpoint.
  const WeiboCookies::Admission a = weibo_cookies_.admit(req.header("Cookie"), clock_.now());
  switch (a.verdict) {
    case WeiboCookies::Verdict::kOverBudget:
      return text_reply(412, "412 Precondition Failed: requests too frequent\n");
    case WeiboCookies::Verdict::kBanned:
      return text_reply(418, "418 I'm a teapot: this session is blocked for a while\n");
    case WeiboCookies::Verdict::kLoggedOut: {
      SimReply r = text_reply(302, "");
      const std::string back = boost::urls::encode(base_url_ + req.target, boost::urls::unreserved_chars);
      r.response.headers.emplace_back("Location", "https://passport.weibo.cn/signin/login?entry=mweibo&r=" + back);
      return r;
    }
    case WeiboCookies::Verdict::kServed:
      break;
  }
  if (req.path == "/api/container/getIndex") return serve_weibo_index(req, a.logged_in);
  if (req.path == "/statuses/extend") return serve_weibo_long_text(req, a.logged_in);
  return error_reply(404, "not found: " + req.path);
}

SimReply SimCore::serve_weibo_index(const ServerRequest& req, bool logged_in) {
  const auto type = req.param("type");
  const auto uid = req.param("value");
  if (!type || *type != "uid" || !uid) return refusal("参数错误");
  const std::optional<int> feed = weibo_uid_feed(*uid, options_.feeds);
  // The open API's "user does not exist", as m.weibo.cn passes it through.
  if (!feed) return refusal("用户不存在", "20003");

  const auto container = req.param("containerid");
  if (!container) {
    return api_reply(render_weibo_profile(*feed, visible_count(timeline(*feed).count(), logged_in), base_url_));
  }
  if (*container != std::string(kTimelineContainer) + *uid) return refusal("参数错误");
  std::optional<long long> since_id;
  if (req.param("since_id")) since_id = int_param(req, "since_id");
  return serve_weibo_timeline(*feed, since_id, logged_in);
}

SimReply SimCore::serve_weibo_timeline(int feed, std::optional<long long> since_id, bool logged_in) {
  const int count = timeline(feed).count();
  // since_id names the newest post of the page asked for (what the previous page's cardlistInfo
  // said): posts at or below it, as on Weibo.
  long long k = count - 1;
  if (since_id) k = std::clamp(weibo_mid_index(feed, *since_id), -1LL, k);
  auto visible = [&](long long i) { return logged_in || !weibo_fans_only(static_cast<int>(i)); };

  WeiboTimelinePage page;
  page.feed = feed;
  for (; k >= 0 && static_cast<int>(page.posts.size()) < kWeiboPageSize; --k)
    if (visible(k)) page.posts.push_back(post_at(feed, static_cast<int>(k)));
  while (k >= 0 && !visible(k)) --k;
  if (k >= 0) page.since_id = weibo_mid(feed, static_cast<int>(k));

  return api_reply(render_weibo_timeline(page, base_url_));
}

SimReply SimCore::serve_weibo_long_text(const ServerRequest& req, bool logged_in) {
  const long long mid = int_param(req, "id");
  const std::optional<int> feed = weibo_mid_feed(mid, options_.feeds);
  if (!feed) return refusal("该微博不存在");
  const long long k = weibo_mid_index(*feed, mid);
  if (k < 0 || k >= timeline(*feed).count()) return refusal("该微博不存在");
  // A fans-only post's text is as hidden as the post.
  if (!logged_in && weibo_fans_only(static_cast<int>(k))) return refusal("暂无查看权限");
  return api_reply(render_weibo_long_text(post_at(*feed, static_cast<int>(k))));
}

SimReply SimCore::weibo_admin(const ServerRequest& req, std::string_view what) {
  const bool get = req.method == "GET";
  const bool post = req.method == "POST";
  if (what == "cookies") {
    if (!get) return error_reply(405, "method not allowed");
    return json_reply(200, weibo_cookies_.to_json(clock_.now()));
  }
  if (what != "cookie" && what != "expire") return error_reply(404, "not found: " + req.path);
  if (!post) return error_reply(405, "method not allowed");
  const auto value = req.param("value");
  if (!value || value->empty()) throw BadRequest("missing parameter value (the Cookie header, URL-encoded)");
  if (what == "expire") {
    if (!weibo_cookies_.expire(*value)) return error_reply(404, "no such cookie");
    return json_reply(200, boost::json::object{{"expired", *value}});
  }
  const long long limit = int_param(req, "limit", 600);
  const long long window = int_param(req, "window", 60);
  if (limit < 0 || limit > 1'000'000'000) throw BadRequest("limit must be requests >= 0 (0 = no limit)");
  if (window < 1 || window > 86'400) throw BadRequest("window must be seconds in 1..86400");
  weibo_cookies_.add(*value, static_cast<int>(limit), std::chrono::seconds{window});
  return json_reply(200, boost::json::object{{"registered", *value}, {"limit", limit}, {"window_s", window}});
}

}  // namespace gather::sim
