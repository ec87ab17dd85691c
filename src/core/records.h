// What the store keeps: targets, credentials, subscribers, subscriptions, fetch state, outbox entries.
// Plain values; the store maps them to tables, the conveyor and the CLI pass them around.
#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/post.h"

namespace gather {

using Id = std::int64_t;
inline constexpr Id kDefaultTenant = 1;
// The audience of a fetch made anonymously or with a shared credential: every subscriber. A
// private credential's fetch has its tenant as audience.
inline constexpr Id kEveryone = 0;

struct Target {
  Id id = 0;
  std::string platform;  // "rss", ...
  std::string key;       // canonical: a feed URL, a uid
  std::string name;      // a label a person chose (config targets use it as their handle)
  Id tenant_id = kDefaultTenant;
  std::optional<std::chrono::milliseconds> interval;  // pinned; nullopt = the scheduler's default
  int backfill = 0;       // posts pushed from the very first fetch (0 = only what comes after)
  // An account may join the chat to read it (an invite link; a channel, for live updates). Off by
  // default: joining is visible to the chat's admins and Telegram limits it.
  bool join = false;
  bool enabled = true;
  std::string origin = "cli";  // "cli" or "config": config-declared targets are synced on start
};

struct Subscriber {
  Id id = 0;
  Id tenant_id = kDefaultTenant;
  std::string kind;     // "jsonl", "webhook", ...
  std::string address;  // a path, a URL
  std::string secret;   // webhook signing key; never printed
};

// Semantics follow shared/fixtures/platforms/tag_cases.json: a `~tag` bans and always wins;
// otherwise, when tags are listed, the post must carry one of them.
struct Filters {
  std::vector<std::string> categories;        // empty = any
  std::vector<std::string> tags;              // "t" wants t, "~t" bans t
  std::vector<std::string> keywords;          // empty = any; else title/text must contain one
  std::vector<std::string> exclude_keywords;  // title/text containing one is dropped
  bool operator==(const Filters&) const = default;
};

struct Subscription {
  Id id = 0;
  Id target_id = 0;
  Subscriber subscriber;
  Filters filters;
  std::string theme;  // "" = the sink's default
  bool enabled = true;
  std::string origin = "cli";
};

// What the scheduler and `gather status` need to know about a target between fetches.
struct FetchState {
  Id target_id = 0;
  std::string etag;
  std::string last_modified;
  std::optional<TimePoint> last_fetch_at;
  std::optional<TimePoint> last_ok_at;
  std::optional<TimePoint> next_fetch_at;
  std::optional<TimePoint> last_new_at;
  std::string last_error;  // empty when the last fetch succeeded
  int consecutive_errors = 0;
  std::int64_t posts_seen = 0;
  std::int64_t fetches = 0;
  bool initialized = false;  // false until the first successful fetch recorded what was there
  std::string feed_title;
  // What the target's platform remembers between fetches (Platform::parse_target), opaque here.
  std::string platform_state;
};

// What a request is made with. Kinds: "cookie" (a cookie jar as "k=v; k2=v2"), "account" (a
// logged-in session), "anonymous" (no secret: the platform's public budget). Scope: "private"
// (what it fetches goes only to its tenant's subscriptions) or "shared" (to every subscriber).
struct Credential {
  Id id = 0;
  std::string platform;
  Id tenant_id = kDefaultTenant;
  std::string kind = "cookie";
  std::string scope = "private";
  // Plaintext in memory only: the store seals it at rest. Never print or log it. Empty for
  // anonymous credentials.
  std::string secret;
  // Set (and `secret` empty) when the stored secret cannot be opened with this key: the row is
  // listed, never used.
  std::string secret_error;
  // Its own rate limit (limit_requests per limit_window); 0 = none set, the platform's default
  // applies. min_gap: the least time between two of its requests (0 = none).
  int limit_requests = 0;
  std::chrono::milliseconds limit_window{0};
  std::chrono::milliseconds min_gap{0};
  std::string state = "ok";              // "ok" | "cooldown" | "expired" | "banned"
  std::optional<TimePoint> state_until;  // end of a cooldown
  std::string state_reason;              // one line, e.g. "HTTP 412 from risk control"
  bool all_targets = true;               // serves every target of its platform ...
  std::vector<Id> target_ids;            // ... or only these (when all_targets is false)
};

enum class DeliveryState { kPending, kSending, kDone, kDead };

struct OutboxEntry {
  Id id = 0;
  Id subscription_id = 0;
  Id target_id = 0;
  std::string post_id;
  std::string payload;  // the post as JSON (core/post_json.h)
  DeliveryState state = DeliveryState::kPending;
  int attempts = 0;
  TimePoint next_attempt_at{};
  std::string last_error;
  // True when a previous process handed it to a sink and died before recording the answer:
  // the sink may already hold it.
  bool maybe_delivered = false;
};

}  // namespace gather
