#include "platforms/rss/rss_platform.h"

#include <boost/url.hpp>

#include <stdexcept>

#include "platforms/rss/feed_parser.h"
#include "platforms/text/retry_after.h"
#include "platforms/text/trim.h"

namespace gather::rss {

std::string RssPlatform::canonical_key(std::string_view input) const {
  const std::string_view in = text::trim(input);
  auto parsed = boost::urls::parse_uri(in);
  if (!parsed) throw std::invalid_argument("not an http(s) URL: " + std::string(in));
  boost::urls::url u(*parsed);
  u.normalize_scheme();
  if ((u.scheme() != "http" && u.scheme() != "https") || !u.has_authority() || u.host().empty()) {
    throw std::invalid_argument("not an http(s) URL: " + std::string(in));
  }
  u.normalize_authority();
  u.remove_fragment();  // never sent to the server; two spellings of one feed
  if (u.path().empty()) u.set_path_absolute(true);
  return std::string(u.buffer());
}

HttpRequest RssPlatform::request_for(std::string_view key, const Validators& validators) const {
  HttpRequest req;
  req.url = std::string(key);
  req.headers.emplace_back("Accept",
                           "application/rss+xml, application/atom+xml, application/feed+json, "
                           "application/rdf+xml;q=0.9, application/xml;q=0.9, text/xml;q=0.9, "
                           "application/json;q=0.8, */*;q=0.5");
  if (!validators.etag.empty()) req.headers.emplace_back("If-None-Match", validators.etag);
  if (!validators.last_modified.empty()) req.headers.emplace_back("If-Modified-Since", validators.last_modified);
  return req;
}

Classified RssPlatform::classify(const HttpResponse& response) const {
  Classified c;
  const long s = response.status;
  if (s == 0) {
    c.outcome = Outcome::kTransient;
    c.reason = response.error.empty() ? "no HTTP response" : response.error;
    return c;
  }
  c.reason = "HTTP " + std::to_string(s);
  if (s >= 200 && s < 300) {
    c.outcome = Outcome::kPage;
    c.validators.etag = response.header("ETag").value_or("");
    c.validators.last_modified = response.header("Last-Modified").value_or("");
  } else if (s == 304) {
    c.outcome = Outcome::kNotModified;
  } else if (s == 429 || s == 503) {
    c.retry_after = text::retry_after(response);
    // A 503 that does not say when is an outage, not a request to slow down.
    c.outcome = (s == 429 || c.retry_after) ? Outcome::kRateLimited : Outcome::kTransient;
  } else if (s >= 500 && s < 600) {
    c.outcome = Outcome::kTransient;
  } else if (s == 404 || s == 410) {
    c.outcome = Outcome::kGone;
  } else {
    c.outcome = Outcome::kFailed;
  }
  return c;
}

Page RssPlatform::parse(std::string_view body, std::string_view base_url) const {
  return parse_feed(body, base_url);
}

}  // namespace gather::rss
