#include "platforms/telegram/telegram_platform.h"

#include <boost/url.hpp>

#include <charconv>
#include <cstdint>

#include "platforms/telegram/account_job.h"
#include "platforms/telegram/channel_name.h"
#include "platforms/telegram/chat_key.h"
#include "platforms/telegram/preview_page.h"
#include "platforms/text/retry_after.h"

namespace gather::telegram {
namespace {

constexpr std::string_view kRealBase = "https://t.me";

// Whether `url` (absolute or relative) points into the preview, /s/...
bool on_preview_path(std::string_view url) {
  auto parsed = boost::urls::parse_uri_reference(url);
  if (!parsed) return false;
  const std::string_view path = parsed->encoded_path();
  return path.starts_with("/s/");
}

std::optional<std::int64_t> parse_id(std::string_view digits) {
  std::int64_t id = 0;
  const auto [end, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), id);
  if (ec != std::errc{} || end != digits.data() + digits.size()) return std::nullopt;
  return id;
}

// ID out of a post id "NAME/ID".
std::optional<std::int64_t> message_id_of(std::string_view post_id) {
  const auto slash = post_id.rfind('/');
  return slash == std::string_view::npos ? std::nullopt : parse_id(post_id.substr(slash + 1));
}

}  // namespace

std::string TelegramPlatform::canonical_key(std::string_view input) const { return chat_key(input); }

bool TelegramPlatform::anonymous_reads(const Target& target) const {
  return !target.join && !target.key.starts_with('+') && !target.key.starts_with("chat/");
}

std::unique_ptr<FetchJob> TelegramPlatform::make_job(std::vector<JobTarget> targets, const Credential* credential) const {
  if (credential && credential->kind == "account") return make_account_job(std::move(targets.front()), *credential);
  if (!anonymous_reads(targets.front().target) && (targets.front().target.key.starts_with('+') ||
                                                    targets.front().target.key.starts_with("chat/"))) {
    Classified refused;
    refused.outcome = Outcome::kFailed;
    refused.reason = "only a Telegram account can read this chat: add one (gather cred add --platform telegram --phone)";
    return make_refused_job(targets.front().target.id, std::move(refused));
  }
  return make_http_job(*this, std::move(targets));
}

HttpRequest TelegramPlatform::request_for(std::string_view key, const Validators& validators) const {
  HttpRequest req;
  req.url = platform_base_url(name(), kRealBase) + "/s/" + std::string(key);
  req.headers.emplace_back("Accept", "text/html,application/xhtml+xml;q=0.9,*/*;q=0.5");
  if (!validators.etag.empty()) req.headers.emplace_back("If-None-Match", validators.etag);
  if (!validators.last_modified.empty()) req.headers.emplace_back("If-Modified-Since", validators.last_modified);
  req.max_redirects = 0;
  return req;
}

Classified TelegramPlatform::classify(const HttpResponse& response) const {
  Classified c;
  const long s = response.status;
  if (s == 0) {
    c.outcome = Outcome::kTransient;
    c.reason = response.error.empty() ? "no HTTP response" : response.error;
    return c;
  }
  c.reason = "HTTP " + std::to_string(s);
  const bool redirect = s == 301 || s == 302 || s == 303 || s == 307 || s == 308;
  if (s >= 200 && s < 300) {
    // A client that did follow the redirect lands on t.me/NAME, the channel's card.
    if (!response.effective_url.empty() && !on_preview_path(response.effective_url)) {
      c.outcome = Outcome::kGone;
      c.needs_session = true;
      c.reason = "the channel has no public preview (redirected to " + response.effective_url + ")";
      return c;
    }
    c.outcome = Outcome::kPage;
    c.validators.etag = response.header("ETag").value_or("");
    c.validators.last_modified = response.header("Last-Modified").value_or("");
  } else if (s == 304) {
    c.outcome = Outcome::kNotModified;
  } else if (redirect) {
    const std::string location = response.header("Location").value_or("");
    if (on_preview_path(location)) {
      c.outcome = Outcome::kFailed;
      c.reason = "HTTP " + std::to_string(s) + " to " + location;
    } else {
      c.outcome = Outcome::kGone;
      c.needs_session = true;
      c.reason = "the channel has no public preview (HTTP " + std::to_string(s) + " to " +
                 (location.empty() ? "nowhere" : location) + ")";
    }
  } else if (s == 429) {
    // The anonymous budget of this address is spent: the credential (anonymous access) rests.
    c.outcome = Outcome::kSlowDown;
    c.retry_after = text::retry_after(response);
  } else if (s == 404 || s == 410) {
    c.outcome = Outcome::kGone;
  } else if (s >= 500 && s < 600) {
    c.outcome = Outcome::kTransient;
    c.retry_after = text::retry_after(response);
  } else {
    c.outcome = Outcome::kFailed;
  }
  return c;
}

Page TelegramPlatform::parse(std::string_view body, std::string_view base_url) const {
  return parse_preview(body, base_url);
}

std::optional<HttpRequest> TelegramPlatform::request_older(std::string_view key, const Page& newer) const {
  std::optional<std::int64_t> oldest;
  if (!newer.older_cursor.empty()) {
    oldest = parse_id(newer.older_cursor);
  } else {
    // A page not parsed here (or from before cursors existed): its posts say the same.
    for (const Post& p : newer.posts) {
      const auto id = message_id_of(p.id);
      if (id && (!oldest || *id < *oldest)) oldest = id;
    }
  }
  if (!oldest || *oldest <= 1) return std::nullopt;  // ids start at 1: nothing is older
  HttpRequest req = request_for(key, {});
  req.url += "?before=" + std::to_string(*oldest);
  return req;
}

}  // namespace gather::telegram
