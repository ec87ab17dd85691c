// How to read a response from m.weibo.cn before parsing. Weibo answers risk control in several
// ways: 412/418 (and 403/429) statuses, a 302 to the login host, a 200 captcha page, or a 200
// JSON whose `ok` is not 1. Each maps to what the scheduler must do with the credential used.
#include <boost/url.hpp>

#include <string>

#include "platforms/text/retry_after.h"
#include "platforms/text/html_text.h"
#include "platforms/text/html_walk.h"
#include "platforms/weibo/json_fields.h"
#include "platforms/weibo/weibo_api.h"

namespace gather::weibo {
namespace {

// The open API's "user does not exist"; m.weibo.cn passes it through for a bad uid.
constexpr std::string_view kNoSuchUser = "20003";

bool contains(std::string_view hay, std::string_view needle) { return hay.find(needle) != std::string_view::npos; }

std::string lower_ascii(std::string_view s) {
  std::string out(s);
  for (char& c : out) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return out;
}

Classified outcome(Outcome o, std::string reason) {
  Classified c;
  c.outcome = o;
  c.reason = std::move(reason);
  return c;
}

// Where Weibo sends a session it does not accept: its SSO hosts, the desktop login page.
bool is_login_url(std::string_view url, std::string_view relative_to) {
  if (url.empty()) return false;
  auto ref = boost::urls::parse_uri_reference(url);
  if (!ref) return false;
  boost::urls::url u;
  if (ref->has_scheme()) {
    u = *ref;
  } else {
    auto base = boost::urls::parse_uri(relative_to);
    if (!base || !boost::urls::resolve(*base, *ref, u)) return false;
  }
  u.normalize_authority();
  const std::string host = u.host();
  return host == "passport.weibo.com" || host == "passport.weibo.cn" || host == "login.sina.com.cn" ||
         host == "login.weibo.cn" || u.path().ends_with("/login.php");
}

// The <title> of an HTML page.
class TitleReader final : public text::HtmlVisitor {
 public:
  bool enter(const text::HtmlElement& e) override {
    if (e.tag() == "title") title += e.text();
    return true;
  }
  std::string title;
};

Classified classify_html(std::string_view body, std::string_view status) {
  TitleReader reader;
  text::walk_html(body, reader);
  const std::string title = reader.title;
  // Visible words only: scripts and attributes of a normal page say "verify" all the time.
  const std::string words = lower_ascii(title + "\n" + text::html_to_text(body));
  if (contains(words, "验证") || contains(words, "captcha") || contains(words, "verify") || contains(words, "verification")) {
    return outcome(Outcome::kSlowDown, "captcha");
  }
  if (contains(words, "sina visitor system")) {
    return outcome(Outcome::kLoggedOut, "the Sina Visitor System page: no valid session cookie");
  }
  if (contains(words, "登录")) return outcome(Outcome::kLoggedOut, "a login page instead of JSON");
  if (contains(words, "频繁")) return outcome(Outcome::kSlowDown, "an HTML page saying requests are too frequent");
  return outcome(Outcome::kFailed, std::string(status) + ": an HTML page instead of JSON" +
                                       (title.empty() ? "" : " (" + title + ")"));
}

Classified classify_json(std::string_view body, const std::string& status, std::string_view url) {
  boost::system::error_code ec;
  const json::value v = json::parse(body, ec);
  if (ec || !v.is_object()) return outcome(Outcome::kFailed, status + ": unreadable JSON");
  const json::object& o = v.get_object();
  const auto ok = field_int(o, "ok");
  if (ok == 1) return outcome(Outcome::kPage, status);
  const std::string msg = field_text(o, "msg");
  const std::string said = msg.empty() ? "" : " (" + msg + ")";
  if (ok == -100 || is_login_url(field_text(o, "url"), url) || contains(msg, "登录")) {
    return outcome(Outcome::kLoggedOut, "not logged in" + said);
  }
  if (field_text(o, "errno") == kNoSuchUser || contains(msg, "用户不存在")) {
    return outcome(Outcome::kGone, "the account does not exist" + said);
  }
  if (contains(msg, "频繁")) return outcome(Outcome::kSlowDown, "too frequent" + said);
  // "这里还没有内容" (no posts, or none visible) still comes as a container: an empty page.
  const json::object* data = field_object(o, "data");
  if (data && field_array(*data, "cards")) return outcome(Outcome::kPage, status + said);
  return outcome(Outcome::kFailed, status + ": ok=" + (ok ? std::to_string(*ok) : "?") + said);
}

Classified classify_ok(const HttpResponse& r, const std::string& status) {
  if (is_login_url(r.effective_url, r.effective_url)) {
    return outcome(Outcome::kLoggedOut, status + " from the login host: not logged in");
  }
  const std::string_view body = r.body;
  const std::size_t first = body.find_first_not_of(" \t\r\n");
  if (first == std::string_view::npos) return outcome(Outcome::kTransient, status + " with an empty body");
  if (body[first] == '{' || body[first] == '[') return classify_json(body, status, r.effective_url);
  if (body[first] == '<') return classify_html(body, status);
  return outcome(Outcome::kFailed, status + ": neither JSON nor HTML");
}

Classified classify_status(const HttpResponse& r) {
  const long s = r.status;
  const std::string status = "HTTP " + std::to_string(s);
  if (s >= 200 && s < 300) return classify_ok(r, status);
  if (s == 304) return outcome(Outcome::kNotModified, status);
  if (s >= 300 && s < 400) {
    // Requests with a cookie never follow redirects, so an expired session shows up here.
    const std::string location = r.header("Location").value_or("");
    if (is_login_url(location, r.effective_url)) return outcome(Outcome::kLoggedOut, status + " to the login host: not logged in");
    return outcome(Outcome::kFailed, status + (location.empty() ? "" : " to " + location));
  }
  if (s == 412 || s == 418 || s == 403 || s == 429) {
    Classified c = outcome(Outcome::kSlowDown, status + ": Weibo risk control");
    c.retry_after = text::retry_after(r);
    return c;
  }
  if (s == 404 || s == 410) return outcome(Outcome::kGone, status + ": the account may not exist");
  if (s >= 500) {
    Classified c = outcome(Outcome::kTransient, status);
    c.retry_after = text::retry_after(r);
    return c;
  }
  return outcome(Outcome::kFailed, status);
}

}  // namespace

Classified classify_response(const HttpResponse& response) {
  if (response.status == 0) {
    return outcome(Outcome::kTransient, response.error.empty() ? "no HTTP response" : response.error);
  }
  try {
    return classify_status(response);
  } catch (const std::exception& e) {  // allocation failure and the like: classify must not throw
    return outcome(Outcome::kFailed, std::string("unreadable response: ") + e.what());
  }
}

}  // namespace gather::weibo
