// The seam between the fetch machinery and one platform's API. A platform is stateless with
// respect to targets: everything per-target it needs (ETag, Last-Modified) comes in a FetchState.
#pragma once

#include <chrono>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "core/post.h"
#include "net/http_types.h"

namespace gather {

struct Credential;
struct Target;
struct JobTarget;
class FetchJob;

// Raised by a parser on input it cannot read at all. what() is one line naming the problem.
class ParseError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// Per-target validators kept between fetches (conditional GET).
struct Validators {
  std::string etag;
  std::string last_modified;
  bool operator==(const Validators&) const = default;
};

// How a response is to be read before any parsing.
enum class Outcome {
  kPage,         // a body to parse
  kNotModified,  // 304: nothing new, costs no parse
  kSlowDown,     // risk control tells the credential used to slow down (412, -352, FLOOD_WAIT):
                 // that credential rests; the target goes on with others
  kLoggedOut,    // the credential used is logged out (login page, expired cookie): dropped
  kRateLimited,  // the target's host asks to wait (429/503 + Retry-After on a feed): the target
                 // waits, the credential is not to blame
  kTransient,    // try again later (5xx, timeouts, connection errors)
  kGone,         // 404/410: the target no longer exists
  kFailed,       // anything else: counted as an error on the target
};

struct Classified {
  Outcome outcome = Outcome::kFailed;
  std::string reason;                                // one line, for status and logs
  std::optional<std::chrono::seconds> retry_after;   // when the platform said how long to wait
  Validators validators;                             // from a kPage response
  // This access cannot read the target at all (a Telegram chat without a web preview): its
  // anonymous budget is not to be spent on it again; a logged-in credential may read it.
  bool needs_session = false;
};

class Platform {
 public:
  virtual ~Platform() = default;
  virtual std::string_view name() const = 0;
  // The job for one planned fetch of `targets` (the lead first, then riders of a batching
  // platform) with `credential` (nullptr: anonymous access). The default runs the HTTP steps
  // below (make_http_job in fetch_job.h); a platform with another transport brings its own.
  virtual std::unique_ptr<FetchJob> make_job(std::vector<JobTarget> targets, const Credential* credential) const;
  // What a user typed (URL, id) to the canonical key stored for the target.
  // Throws std::invalid_argument naming what is wrong.
  virtual std::string canonical_key(std::string_view input) const = 0;
  // The request for the target's newest page.
  virtual HttpRequest request_for(std::string_view key, const Validators& validators) const = 0;
  // Reads status and headers; never throws.
  virtual Classified classify(const HttpResponse& response) const = 0;
  // Parses a body. `base_url` resolves relative links. Throws ParseError.
  virtual Page parse(std::string_view body, std::string_view base_url) const = 0;
  // Something the platform must hold before its requests are valid (Bilibili's WBI signing keys,
  // which rotate): the request that fetches it when it is missing or stale at `now`, else
  // nullopt. The conveyor asks before each fetch and hands the answer to accept_setup().
  virtual std::optional<HttpRequest> setup_request(TimePoint now) const {
    (void)now;
    return std::nullopt;
  }
  // Takes the setup answer in. Throws ParseError when it does not hold what was needed.
  virtual void accept_setup(std::string_view body, TimePoint now) const {
    (void)body;
    (void)now;
  }
  // A post the platform cut short (Post::truncated): the request for its whole text, or nullopt
  // when the platform has none. The conveyor asks only for posts new to the fetch's audience, each
  // within the credential's budget, before the page is stored.
  virtual std::optional<HttpRequest> detail_request(std::string_view key, const Post& post) const {
    (void)key;
    (void)post;
    return std::nullopt;
  }
  // The post completed from the detail answer's body. Throws ParseError (the post is then kept
  // as it was, still marked truncated).
  virtual void complete(Post& post, std::string_view body) const {
    (void)post;
    (void)body;
  }
  // A platform whose one request answers for many targets (Bilibili's live rooms): at most how
  // many (1: a request per target), and the request for `keys` (1..batch_limit() of them).
  virtual std::size_t batch_limit() const { return 1; }
  virtual HttpRequest batch_request(const std::vector<std::string>& keys) const {
    return request_for(keys.front(), Validators{});
  }
  // The page of target `key` in a response (of its own request or of a batch it was part of).
  // `state` is what the target's previous fetch left ("" the first time) and is replaced by what
  // this one saw: a platform that reports changes (a live room going on air) rather than a list
  // of posts keeps its memory there, and the store keeps it between fetches and restarts. The
  // default is parse(), with no state. Throws ParseError.
  virtual Page parse_target(std::string_view body, std::string_view base_url, std::string_view key,
                            std::string& state, TimePoint now) const {
    (void)key;
    (void)state;
    (void)now;
    return parse(body, base_url);
  }
  // Whether a logged-in session sees posts an anonymous request cannot (fans-only posts).
  virtual bool sessions_see_more() const { return false; }
  // Whether request_older can ever answer (the scheduler spends no budget on pages back otherwise).
  virtual bool pages_back() const { return false; }
  // Whether its anonymous access can read this target at all (a private Telegram chat: only an
  // account that is in it can).
  virtual bool anonymous_reads(const Target& /*target*/) const { return true; }
  // The request for the page just older than `newer` (a page this platform returned for the
  // target), or nullopt when the platform cannot page back (a feed shows what it shows).
  virtual std::optional<HttpRequest> request_older(std::string_view key, const Page& newer) const {
    (void)key;
    (void)newer;
    return std::nullopt;
  }
};

// The registry: one line per platform in registry.cpp.
const Platform* find_platform(std::string_view name);
std::vector<std::string> platform_names();

// Where a platform's API lives: its real address (`real`, e.g. "https://m.weibo.cn") unless the
// config pointed it elsewhere (the simulator, a mirror). Set at start, before any fetch.
void set_platform_base_url(std::string_view platform, std::string base_url);
std::string platform_base_url(std::string_view platform, std::string_view real);

}  // namespace gather
