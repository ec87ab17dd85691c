#include "sim/bilibili_pools.h"

#include "core/time_text.h"

namespace gather::sim {

namespace {

std::string_view trim(std::string_view s) {
  while (!s.empty() && s.front() == ' ') s.remove_prefix(1);
  while (!s.empty() && s.back() == ' ') s.remove_suffix(1);
  return s;
}

}  // namespace

BilibiliPools::BilibiliPools(int anon_limit, std::chrono::seconds anon_window, std::chrono::seconds ban) : ban_(ban) {
  pools_.emplace("", Pool(SlidingWindow(anon_limit, anon_window)));
}

void BilibiliPools::add_cookie(const std::string& cookie, int limit, std::chrono::seconds window) {
  pools_.insert_or_assign(cookie, Pool(SlidingWindow(limit, window)));
}

bool BilibiliPools::expire(const std::string& cookie) {
  auto it = pools_.find(cookie);
  if (cookie.empty() || it == pools_.end()) return false;
  it->second.expired = true;
  return true;
}

std::string BilibiliPools::pool_of(std::optional<std::string_view> cookie_header) const {
  std::string_view rest = cookie_header.value_or("");
  while (!rest.empty()) {
    const std::size_t semi = rest.find(';');
    const std::string_view pair = trim(rest.substr(0, semi));
    if (!pair.empty() && pools_.count(std::string(pair))) return std::string(pair);
    if (semi == std::string_view::npos) break;
    rest.remove_prefix(semi + 1);
  }
  // An unknown cookie is no login at all: the site treats the request as anonymous.
  return {};
}

BilibiliPools::Verdict BilibiliPools::admit(const std::string& pool, TimePoint now) {
  Pool& p = pools_.at(pool);
  if (p.expired) return Verdict::logged_out;
  if (p.banned_until && now < *p.banned_until) {
    ++p.refused;
    return Verdict::banned;
  }
  if (!p.budget.admit(now).admitted) {
    ++p.refused;
    p.banned_until = now + ban_;
    return Verdict::too_frequent;
  }
  ++p.requests;
  return Verdict::admitted;
}

boost::json::object BilibiliPools::to_json() const {
  boost::json::object out;
  for (const auto& [key, p] : pools_) {
    boost::json::object o{{"requests", p.requests},
                          {"refused", p.refused},
                          {"unsigned", p.unsigned_requests},
                          {"expired", p.expired}};
    if (p.banned_until) o["banned_until"] = format_rfc3339(*p.banned_until);
    else o["banned_until"] = nullptr;
    out[key.empty() ? "anonymous" : key] = std::move(o);
  }
  return out;
}

}  // namespace gather::sim
