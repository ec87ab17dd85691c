#include "sim/weibo_cookies.h"

#include "core/time_text.h"

namespace gather::sim {

WeiboCookies::WeiboCookies(int anon_limit, std::chrono::seconds anon_window, std::chrono::seconds ban)
    : ban_(ban), anonymous_(anon_limit, anon_window) {}

void WeiboCookies::add(const std::string& value, int limit, std::chrono::seconds window) {
  auto it = cookies_.find(value);
  if (it == cookies_.end()) {
    cookies_.emplace(value, Session(limit, window));
    return;
  }
  Session fresh(limit, window);
  fresh.requests = it->second.requests;
  fresh.served = it->second.served;
  fresh.refused = it->second.refused;
  it->second = fresh;
}

bool WeiboCookies::expire(const std::string& value) {
  auto it = cookies_.find(value);
  if (it == cookies_.end()) return false;
  it->second.expired = true;
  return true;
}

WeiboCookies::Admission WeiboCookies::admit(const std::optional<std::string>& cookie, TimePoint now) {
  if (!cookie || cookie->empty()) return admit_session(anonymous_, now);
  auto it = cookies_.find(*cookie);
  if (it == cookies_.end()) {
    // Weibo cannot tell a cookie it never issued from one it revoked: both go to the login page.
    ++unknown_requests_;
    return {Verdict::kLoggedOut, false};
  }
  Session& s = it->second;
  if (s.expired) {
    ++s.requests;
    return {Verdict::kLoggedOut, false};
  }
  Admission a = admit_session(s, now);
  a.logged_in = true;
  return a;
}

WeiboCookies::Admission WeiboCookies::admit_session(Session& s, TimePoint now) {
  ++s.requests;
  if (s.banned_until && now < *s.banned_until) {
    ++s.refused;
    return {Verdict::kBanned, false};
  }
  if (!s.budget.admit(now).admitted) {
    // The window does not count a refused request; the ban is what punishes knocking on.
    ++s.refused;
    s.banned_until = now + ban_;
    return {Verdict::kOverBudget, false};
  }
  ++s.served;
  return {Verdict::kServed, false};
}

boost::json::object WeiboCookies::session_json(const Session& s, TimePoint now) {
  return boost::json::object{
      {"requests", s.requests},
      {"served", s.served},
      {"refused", s.refused},
      {"banned", s.banned_until.has_value() && now < *s.banned_until},
      {"banned_until", s.banned_until ? boost::json::value(format_rfc3339(*s.banned_until)) : boost::json::value(nullptr)},
      {"expired", s.expired},
      {"limit", s.limit},
      {"window_s", s.window.count()}};
}

boost::json::object WeiboCookies::to_json(TimePoint now) const {
  boost::json::object cookies;
  for (const auto& [value, s] : cookies_) cookies[value] = session_json(s, now);
  return boost::json::object{{"anonymous", session_json(anonymous_, now)},
                             {"cookies", std::move(cookies)},
                             {"unknown_requests", unknown_requests_}};
}

}  // namespace gather::sim
