// The bilibili platform's endpoints: GET /x/web-interface/nav (the WBI keys) and GET
// /x/polymer/web-dynamic/v1/feed/space (a user's dynamics, see bilibili_format.h), behind WBI
// and the per-pool risk control of bilibili_pools.h; POST /room/v1/Room/get_status_info_by_uids
// (the live rooms of bilibili_live.h) behind the same; and the /_sim/bilibili admin endpoints.
#include <boost/json/parse.hpp>
#include <boost/url/params_view.hpp>
#include <boost/url/parse_query.hpp>

#include <algorithm>
#include <charconv>
#include <map>
#include <optional>

#include "platforms/bilibili/wbi.h"
#include "sim/bilibili_format.h"
#include "sim/bilibili_live.h"
#include "sim/reply.h"
#include "sim/sim_core.h"

namespace gather::sim {

namespace {

// Bilibili answers risk control with HTTP 200 and a code in the body.
SimReply api_reply(std::string body) {
  SimReply r;
  r.response.status = 200;
  r.response.headers.emplace_back("Content-Type", "application/json; charset=utf-8");
  r.response.body = std::move(body);
  return r;
}

// Whether the query carries wts and the w_rid the keys give for it. The signature is computed by
// the platform's own wbi_sign (the algorithm is the community's documented one, tested there);
// wts is deliberately not checked for freshness: gather signs with the real clock while the
// simulator may run virtual time.
bool wbi_signed(std::string_view query, const WbiKeyPair& keys) {
  if (!boost::urls::parse_query(query)) return false;
  bilibili::QueryParams params;
  std::optional<std::string> wts, w_rid;
  for (const auto& p : boost::urls::params_view(query)) {
    if (p.key == "wts") wts = p.value;
    else if (p.key == "w_rid") w_rid = p.value;
    else params.emplace_back(p.key, p.value);
  }
  if (!wts || !w_rid) return false;
  std::int64_t t = 0;
  const auto [end, ec] = std::from_chars(wts->data(), wts->data() + wts->size(), t);
  if (ec != std::errc{} || end != wts->data() + wts->size()) return false;
  const std::string want = bilibili::wbi_sign(std::move(params), keys.img, keys.sub, t);
  return want.ends_with("&w_rid=" + *w_rid);
}

std::string voucher(long long n) { return R"({"v_voucher":"voucher_sim_)" + std::to_string(n) + R"("})"; }

// What the site answers a pool it does not admit (every endpoint shares the pools), if it does not.
std::optional<SimReply> risk_control(BilibiliPools& pools, const std::string& pool, TimePoint now) {
  switch (pools.admit(pool, now)) {
    case BilibiliPools::Verdict::admitted:
      return std::nullopt;
    case BilibiliPools::Verdict::too_frequent:
      return api_reply(render_api_error(-799, "请求过于频繁，请稍后再试"));
    case BilibiliPools::Verdict::banned:
      return api_reply(render_api_error(-412, "请求被拦截"));
    case BilibiliPools::Verdict::logged_out:
      return api_reply(render_api_error(-101, "账号未登录"));
  }
  return std::nullopt;
}

}  // namespace

SimReply SimCore::serve_bilibili(const ServerRequest& req) {
  if (req.path == "/x/web-interface/nav") return api_reply(render_nav(bilibili_wbi_keys(options_.seed)));
  if (req.path == "/x/polymer/web-dynamic/v1/feed/space") return serve_bilibili_space(req);
  return api_reply(render_api_error(-404, "啥都木有"));
}

SimReply SimCore::serve_bilibili_space(const ServerRequest& req) {
  const std::string pool = bilibili_pools_.pool_of(req.header("Cookie"));
  if (auto refusal = risk_control(bilibili_pools_, pool, clock_.now())) return *refusal;
  if (!wbi_signed(req.query, bilibili_wbi_keys(options_.seed))) {
    bilibili_pools_.unsigned_request(pool);
    return api_reply(render_api_error(-352, "风控校验失败", voucher(++bilibili_vouchers_)));
  }

  const std::optional<int> feed = bilibili_feed_of_mid(req.param("host_mid").value_or(""), options_.feeds);
  // The site answers an unknown user with an empty feed rather than an error.
  if (!feed) return api_reply(render_space_page({}));
  const int count = timeline(*feed).count();
  int end = count;  // the page shows indexes below `end`
  if (const auto offset = req.param("offset"); offset && !offset->empty()) {
    const std::optional<int> k = bilibili_dynamic_index(*offset, *feed);
    if (!k) return api_reply(render_api_error(-400, "请求错误"));
    end = std::min(count, *k);
  }
  const int first = std::max(0, end - kBilibiliPageSize);

  SpacePage page;
  page.feed = *feed;
  // post_at, as the feed shows it: the ground truth (/_sim/posts) then holds for the space too.
  for (int k = end - 1; k >= first; --k) page.posts.push_back(post_at(*feed, k));
  page.has_more = first > 0;
  return api_reply(render_space_page(page));
}

// The live API sits behind the same risk control as the space feed (one pool per cookie).
SimReply SimCore::serve_bilibili_live(const ServerRequest& req) {
  const std::string pool = bilibili_pools_.pool_of(req.header("Cookie"));
  if (auto refusal = risk_control(bilibili_pools_, pool, clock_.now())) return *refusal;
  boost::system::error_code ec;
  const boost::json::value body = boost::json::parse(req.body, ec);
  const boost::json::value* uids = !ec && body.is_object() ? body.get_object().if_contains("uids") : nullptr;
  if (!uids || !uids->is_array()) return api_reply(render_api_error(-400, "参数错误"));
  std::map<std::int64_t, SimRoom> rooms;
  for (const auto& uid : uids->get_array()) {
    if (!uid.is_int64()) return api_reply(render_api_error(-400, "参数错误"));
    if (auto feed = bilibili_feed_of_mid(std::to_string(uid.get_int64()), options_.feeds))
      rooms.emplace(uid.get_int64(), bilibili_room(*feed, start_, clock_.now()));
  }
  return api_reply(render_live_status(rooms));
}

SimReply SimCore::admin_bilibili(const ServerRequest& req, std::string_view what) {
  if (what == "state") {
    if (req.method != "GET") return error_reply(405, "method not allowed");
    return json_reply(200, boost::json::object{{"pools", bilibili_pools_.to_json()}});
  }
  if (req.method != "POST") return error_reply(405, "method not allowed");
  const std::string cookie = req.param("value").value_or("");
  if (cookie.empty() || cookie.find(';') != std::string::npos) throw BadRequest("value must be one NAME=VALUE cookie");
  if (what == "cookie") {
    const long long limit = int_param(req, "limit");
    const long long window = int_param(req, "window", 60);
    if (limit < 0 || window < 1) throw BadRequest("limit must be >= 0 and window >= 1");
    bilibili_pools_.add_cookie(cookie, static_cast<int>(limit), std::chrono::seconds{window});
    return json_reply(200, boost::json::object{{"cookie", cookie}, {"limit", limit}, {"window", window}});
  }
  if (what == "expire") {
    if (!bilibili_pools_.expire(cookie)) return error_reply(404, "no such cookie: " + cookie);
    return json_reply(200, boost::json::object{{"expired", cookie}});
  }
  return error_reply(404, "not found: " + req.path);
}

}  // namespace gather::sim
