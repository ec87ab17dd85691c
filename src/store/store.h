// The persistence seam. Everything the daemon must not forget across a crash goes through here;
// every method is one transaction, so a kill -9 leaves either all of a step or none of it.
#pragma once

#include <functional>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

#include "core/records.h"
#include "store/chat_directory.h"

namespace gather {

// Bad input the caller can fix (duplicate target, unknown id). what() names it.
class StoreError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

struct IngestResult {
  std::vector<Post> new_posts;  // not seen before, in the order given
  int queued = 0;               // outbox entries created
};

struct OutboxCounts {
  std::int64_t pending = 0, sending = 0, done = 0, dead = 0;
};

// One subscription's delivery health, for `gather status`.
struct SubscriptionHealth {
  Id subscription_id = 0;
  OutboxCounts counts;
  std::string last_error;  // of the newest entry that failed; "" if none is failing or dead
  std::optional<TimePoint> last_delivered_at;
};

class Store {
 public:
  virtual ~Store() = default;

  // A number that moves whenever another process commits to the store (a CLI command adding a
  // target); the daemon re-reads its targets only then, instead of scanning them every tick.
  virtual std::int64_t outside_changes() = 0;

  // Runs `step` as one write transaction: other processes see all of it or none, and none of
  // them writes in between (so a read-then-insert inside it cannot race). Nests.
  virtual void atomically(const std::function<void()>& step) = 0;

  // Targets. add_target throws StoreError when (platform, key) exists.
  virtual Id add_target(const Target& target) = 0;
  virtual void update_target(const Target& target) = 0;
  virtual std::optional<Target> target(Id id) = 0;
  virtual std::optional<Target> find_target(const std::string& platform, const std::string& key) = 0;
  virtual std::vector<Target> targets() = 0;
  virtual bool remove_target(Id id) = 0;  // also its subscriptions, seen posts and outbox

  // Subscriptions. The subscriber is found or created by (kind, address).
  // add_subscription throws StoreError for an unknown target or a duplicate.
  virtual Id add_subscription(const Subscription& subscription) = 0;
  virtual std::vector<Subscription> subscriptions() = 0;
  virtual std::vector<Subscription> subscriptions_of(Id target_id) = 0;
  virtual std::optional<Subscription> subscription(Id id) = 0;
  virtual bool remove_subscription(Id id) = 0;
  // Filters, theme, enabled and the subscriber's secret; queued deliveries are kept.
  virtual void update_subscription(const Subscription& subscription) = 0;

  // Credentials. Secrets are sealed at rest (AES-256-GCM) and come back decrypted; a store opened
  // without a secret key throws StoreError from these. add_credential validates kind, scope and
  // state, that a secret is present exactly when the kind is not "anonymous", and that every
  // listed target exists on the credential's platform (StoreError naming the first that does not).
  virtual Id add_credential(const Credential& credential) = 0;
  virtual std::vector<Credential> credentials() = 0;
  virtual std::optional<Credential> credential(Id id) = 0;
  virtual bool remove_credential(Id id) = 0;
  // Records what the platform said: "ok", "cooldown" (until `until`), "expired", "banned".
  // StoreError for an unknown state or id.
  virtual void set_credential_state(Id id, const std::string& state, std::optional<TimePoint> until,
                                    const std::string& reason) = 0;
  // Telegram accounts' entity cache and join map; its rows go with their credential.
  virtual ChatDirectory& chat_directory() = 0;

  // Fetch state (a default-constructed one for a target never fetched).
  virtual FetchState fetch_state(Id target_id) = 0;
  virtual std::vector<FetchState> fetch_states() = 0;
  virtual void save_fetch_state(const FetchState& state) = 0;

  // One fetch's worth of posts, atomically: posts not seen before are recorded as seen, and for
  // each (subscription id returned by `route`) an outbox entry is queued unless one exists for
  // that (subscription, post). `push` false records without queueing (a target's first fetch);
  // then only the first `backfill` posts are queued. The fetch state is saved in the same
  // transaction, with posts_seen and last_new_at updated.
  using Router = std::function<std::vector<Id>(const Post&)>;
  // `now` (from the caller's Clock) stamps the entries: they are due at once. Posts count as seen
  // for `audience` only (kEveryone, or the tenant of the private credential that fetched them).
  virtual IngestResult ingest(const FetchState& state, const std::vector<Post>& posts, bool push,
                              int backfill, const Router& route, TimePoint now, Id audience = kEveryone) = 0;
  // Which of `post_ids` `audience` has not seen on the target (read-only; ingest decides for good).
  virtual std::vector<std::string> unseen(Id target, Id audience, const std::vector<std::string>& post_ids) = 0;
  // A system notice (a credential logged out, ...) queued like a post once for each of `tenant`'s
  // subscribers (through its first enabled subscription), filters aside; queued again never.
  // Returns how many entries were queued.
  virtual int queue_notice(Id tenant, const Post& notice, TimePoint now) = 0;

  // Outbox. due_deliveries returns, for each subscriber with no entry in `kSending`, its oldest
  // pending entry over all its subscriptions, when that entry's time has come; oldest first.
  // (Order per subscriber — per chat — is kept even when several targets feed it.)
  virtual std::vector<OutboxEntry> due_deliveries(TimePoint now, std::size_t limit) = 0;
  // A subscriber's pending entries, oldest first (due or not): what a sink that merges several
  // posts into one message may take after the head.
  virtual std::vector<OutboxEntry> pending_of_subscriber(Id subscriber_id, std::size_t limit) = 0;
  virtual void mark_sending(Id entry_id) = 0;
  virtual void mark_delivered(Id entry_id, TimePoint at) = 0;
  // A failed try: back to pending at `retry_at`, or dead when `dead`.
  virtual void mark_failed(Id entry_id, const std::string& error, TimePoint retry_at, bool dead) = 0;
  // Entries left in kSending by a process that died: back to pending, flagged maybe_delivered.
  virtual int recover_interrupted() = 0;
  virtual OutboxCounts outbox_counts() = 0;
  // The earliest time later than `after` at which a due_deliveries() head becomes due; nullopt
  // when none. (Heads already due but held back by the caller's pacing are the caller's to time.)
  virtual std::optional<TimePoint> next_delivery_time(TimePoint after) = 0;
  virtual std::vector<OutboxEntry> outbox_of(Id subscription_id) = 0;
  virtual std::vector<SubscriptionHealth> subscription_health() = 0;
  // Forgets delivered entries older than `before`; returns how many. Seen posts (bounded per
  // target) keep the dedup; this only keeps the outbox from growing for months.
  virtual int prune_delivered(TimePoint before) = 0;
};

}  // namespace gather
