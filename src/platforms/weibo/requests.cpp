// The requests for m.weibo.cn's endpoints, with the headers its own web app sends: the API
// answers a bare GET too, but requests that look like the app's XHRs draw less risk control.
#include <boost/url/encode.hpp>
#include <boost/url/rfc/unreserved_chars.hpp>

#include "platforms/weibo/weibo_api.h"

namespace gather::weibo {
namespace {

std::string encoded(std::string_view s) { return boost::urls::encode(s, boost::urls::unreserved_chars); }

HttpRequest api_get(std::string url, const std::string& referer) {
  HttpRequest req;
  req.url = std::move(url);
  req.headers.emplace_back("Accept", "application/json, text/plain, */*");
  req.headers.emplace_back("MWeibo-Pwa", "1");
  req.headers.emplace_back("X-Requested-With", "XMLHttpRequest");
  req.headers.emplace_back("Referer", referer);
  return req;
}

}  // namespace

std::string api_base() { return platform_base_url("weibo", "https://m.weibo.cn"); }

HttpRequest timeline_request(std::string_view uid, std::string_view since_id) {
  const std::string base = api_base();
  const std::string u = encoded(uid);
  std::string url = base + "/api/container/getIndex?type=uid&value=" + u + "&containerid=107603" + u;
  if (!since_id.empty()) url += "&since_id=" + encoded(since_id);
  return api_get(std::move(url), base + "/u/" + u);
}

HttpRequest profile_request(std::string_view uid) {
  const std::string base = api_base();
  const std::string u = encoded(uid);
  return api_get(base + "/api/container/getIndex?type=uid&value=" + u, base + "/u/" + u);
}

HttpRequest long_text_request(std::string_view mid) {
  const std::string base = api_base();
  const std::string m = encoded(mid);
  return api_get(base + "/statuses/extend?id=" + m, base + "/detail/" + m);
}

}  // namespace gather::weibo
