#include "platforms/bilibili/wbi.h"

#include <boost/url.hpp>

#include <algorithm>
#include <stdexcept>

#include "core/digest.h"
#include "platforms/bilibili/api_envelope.h"
#include "platforms/bilibili/json_fields.h"
#include "platforms/platform.h"

namespace gather::bilibili {

const std::array<std::uint8_t, 64> kMixinKeyEncTab = {
    46, 47, 18, 2,  53, 8,  23, 32, 15, 50, 10, 31, 58, 3,  45, 35, 27, 43, 5,  49, 33, 9,
    42, 19, 29, 28, 14, 39, 12, 38, 41, 13, 37, 48, 7,  16, 24, 55, 40, 61, 26, 17, 0,  1,
    60, 51, 30, 4,  22, 25, 54, 21, 56, 59, 6,  63, 57, 62, 11, 36, 20, 34, 44, 52};

std::string wbi_mixin_key(std::string_view img_key, std::string_view sub_key) {
  const std::string raw = std::string(img_key) + std::string(sub_key);
  if (raw.size() != kMixinKeyEncTab.size()) return {};
  std::string mixin;
  mixin.reserve(32);
  for (std::size_t i = 0; i < 32; ++i) mixin.push_back(raw[kMixinKeyEncTab[i]]);
  return mixin;
}

std::string wbi_canonical_query(QueryParams params) {
  std::stable_sort(params.begin(), params.end(),
                   [](const auto& a, const auto& b) { return a.first < b.first; });
  std::string query;
  for (auto& [name, value] : params) {
    std::erase_if(value, [](char c) { return c == '!' || c == '\'' || c == '(' || c == ')' || c == '*'; });
    if (!query.empty()) query.push_back('&');
    // RFC 3986 unreserved characters stay; everything else is %XX with upper-case hex.
    query += boost::urls::encode(name, boost::urls::unreserved_chars);
    query.push_back('=');
    query += boost::urls::encode(value, boost::urls::unreserved_chars);
  }
  return query;
}

std::string wbi_sign(QueryParams params, std::string_view img_key, std::string_view sub_key, std::int64_t wts) {
  const std::string mixin = wbi_mixin_key(img_key, sub_key);
  if (mixin.empty()) throw std::invalid_argument("WBI keys must be 32 + 32 characters");
  std::erase_if(params, [](const auto& p) { return p.first == "wts" || p.first == "w_rid"; });
  params.emplace_back("wts", std::to_string(wts));
  std::string query = wbi_canonical_query(std::move(params));
  const std::string w_rid = md5_hex(query + mixin);
  return query + "&w_rid=" + w_rid;
}

HttpRequest nav_request() {
  HttpRequest req;
  req.url = platform_base_url("bilibili", "https://api.bilibili.com") + "/x/web-interface/nav";
  req.headers.emplace_back("Accept", "application/json");
  req.headers.emplace_back("Referer", "https://www.bilibili.com/");
  return req;
}

namespace {

// "https://i0.hdslb.com/bfs/wbi/7cd0...077c.png" -> "7cd0...077c".
std::string key_from_url(std::string_view url, std::string_view field) {
  auto parsed = boost::urls::parse_uri(url);
  if (!parsed) throw ParseError("nav: data.wbi_img." + std::string(field) + " is not a URL");
  const auto segments = parsed->segments();
  if (segments.empty()) throw ParseError("nav: data.wbi_img." + std::string(field) + " has no file name");
  std::string name = segments.back();
  if (const auto dot = name.rfind('.'); dot != std::string::npos) name.resize(dot);
  if (name.size() != 32) {
    throw ParseError("nav: data.wbi_img." + std::string(field) + " does not name a 32-character key");
  }
  return name;
}

}  // namespace

WbiKeys parse_nav(std::string_view body) {
  const json::object root = parse_object(body, "nav");
  const json::object* img = obj(obj(&root, "data"), "wbi_img");
  if (!img) throw ParseError("nav: no data.wbi_img");
  WbiKeys keys;
  keys.img = key_from_url(str(img, "img_url"), "img_url");
  keys.sub = key_from_url(str(img, "sub_url"), "sub_url");
  return keys;
}

void WbiKeyCache::set(WbiKeys keys) {
  std::lock_guard lock(mutex_);
  keys_ = std::move(keys);
}

std::optional<WbiKeys> WbiKeyCache::get() const {
  std::lock_guard lock(mutex_);
  return keys_;
}

}  // namespace gather::bilibili
