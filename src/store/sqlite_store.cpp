#include "store/sqlite_store.h"

#include <boost/json.hpp>

#include <algorithm>

#include "core/post_json.h"
#include "store/sqlite_chats.h"
#include "store/migrations.h"
#include "store/sqlite_credentials.h"
#include "store/sqlite_db.h"

namespace gather {
namespace {

using sqlite::Database;
using sqlite::Statement;
using sqlite::Transaction;
namespace json = boost::json;

using sqlite::from_ms;
using sqlite::to_ms;
std::optional<TimePoint> opt_time(const Statement& st, int col) {
  auto v = st.opt_int64(col);
  return v ? std::optional<TimePoint>(from_ms(*v)) : std::nullopt;
}
std::int64_t now_ms() { return to_ms(std::chrono::system_clock::now()); }

json::array to_array(const std::vector<std::string>& v) {
  json::array a;
  for (const auto& s : v) a.emplace_back(s);
  return a;
}
std::vector<std::string> from_array(const json::object& o, std::string_view key) {
  std::vector<std::string> out;
  if (auto* a = o.if_contains(key); a && a->is_array())
    for (const auto& e : a->get_array())
      if (e.is_string()) out.emplace_back(e.get_string());
  return out;
}

std::string filters_json(const Filters& f) {
  return json::serialize(json::object{{"categories", to_array(f.categories)},
                                      {"tags", to_array(f.tags)},
                                      {"keywords", to_array(f.keywords)},
                                      {"exclude_keywords", to_array(f.exclude_keywords)}});
}
Filters filters_from(const std::string& text) {
  Filters f;
  auto v = json::parse(text);
  const auto& o = v.as_object();
  f.categories = from_array(o, "categories");
  f.tags = from_array(o, "tags");
  f.keywords = from_array(o, "keywords");
  f.exclude_keywords = from_array(o, "exclude_keywords");
  return f;
}

const char* state_name(DeliveryState s) {
  switch (s) {
    case DeliveryState::kPending: return "pending";
    case DeliveryState::kSending: return "sending";
    case DeliveryState::kDone: return "done";
    case DeliveryState::kDead: return "dead";
  }
  return "pending";
}
DeliveryState state_from(const std::string& s) {
  if (s == "sending") return DeliveryState::kSending;
  if (s == "done") return DeliveryState::kDone;
  if (s == "dead") return DeliveryState::kDead;
  return DeliveryState::kPending;
}

constexpr const char* kTargetCols = "id, platform, key, name, tenant_id, interval_ms, backfill, enabled, origin, join_chat";
Target read_target(const Statement& st) {
  Target t;
  t.id = st.int64(0);
  t.platform = st.text(1);
  t.key = st.text(2);
  t.name = st.text(3);
  t.tenant_id = st.int64(4);
  if (auto ms = st.opt_int64(5)) t.interval = std::chrono::milliseconds{*ms};
  t.backfill = static_cast<int>(st.int64(6));
  t.join = st.int64(9) != 0;
  t.enabled = st.int64(7) != 0;
  t.origin = st.text(8);
  return t;
}

constexpr const char* kSubscriptionSelect =
    "SELECT s.id, s.target_id, s.filters, s.theme, s.enabled, s.origin, "
    "b.id, b.tenant_id, b.kind, b.address, b.secret "
    "FROM subscriptions s JOIN subscribers b ON b.id = s.subscriber_id ";
Subscription read_subscription(const Statement& st) {
  Subscription s;
  s.id = st.int64(0);
  s.target_id = st.int64(1);
  s.filters = filters_from(st.text(2));
  s.theme = st.text(3);
  s.enabled = st.int64(4) != 0;
  s.origin = st.text(5);
  s.subscriber.id = st.int64(6);
  s.subscriber.tenant_id = st.int64(7);
  s.subscriber.kind = st.text(8);
  s.subscriber.address = st.text(9);
  s.subscriber.secret = st.text(10);
  return s;
}

constexpr const char* kFetchStateCols =
    "target_id, etag, last_modified, last_fetch_at, last_ok_at, next_fetch_at, last_new_at, last_error, "
    "consecutive_errors, posts_seen, fetches, initialized, feed_title, platform_state";
FetchState read_fetch_state(const Statement& st) {
  FetchState f;
  f.target_id = st.int64(0);
  f.etag = st.text(1);
  f.last_modified = st.text(2);
  f.last_fetch_at = opt_time(st, 3);
  f.last_ok_at = opt_time(st, 4);
  f.next_fetch_at = opt_time(st, 5);
  f.last_new_at = opt_time(st, 6);
  f.last_error = st.text(7);
  f.consecutive_errors = static_cast<int>(st.int64(8));
  f.posts_seen = st.int64(9);
  f.fetches = st.int64(10);
  f.initialized = st.int64(11) != 0;
  f.feed_title = st.text(12);
  f.platform_state = st.text(13);
  return f;
}

constexpr const char* kOutboxCols =
    "id, subscription_id, target_id, post_id, payload, state, attempts, next_attempt_at, last_error, maybe_delivered";
constexpr const char* kOutboxColsOf =
    "o.id, o.subscription_id, o.target_id, o.post_id, o.payload, o.state, o.attempts, o.next_attempt_at, "
    "o.last_error, o.maybe_delivered";
// The next entry of each subscriber (a chat, a file, a hook), over all its subscriptions, for the
// subscribers with nothing being sent: one lane per subscriber keeps a chat's order even when
// several targets feed it.
constexpr const char* kSubscriberHeads =
    "heads(head) AS (SELECT MIN(e.id) FROM outbox e JOIN subscriptions s ON s.id = e.subscription_id "
    "WHERE e.state = 'pending' AND s.subscriber_id NOT IN (SELECT s2.subscriber_id FROM outbox x JOIN "
    "subscriptions s2 ON s2.id = x.subscription_id WHERE x.state = 'sending') GROUP BY s.subscriber_id)";
OutboxEntry read_outbox(const Statement& st) {
  OutboxEntry e;
  e.id = st.int64(0);
  e.subscription_id = st.int64(1);
  e.target_id = st.int64(2);
  e.post_id = st.text(3);
  e.payload = st.text(4);
  e.state = state_from(st.text(5));
  e.attempts = static_cast<int>(st.int64(6));
  e.next_attempt_at = from_ms(st.int64(7));
  e.last_error = st.text(8);
  e.maybe_delivered = st.int64(9) != 0;
  return e;
}

class SqliteStore final : public Store {
 public:
  SqliteStore(const std::string& path, SqliteStoreOptions options)
      : db_(path), options_(options), credentials_(db_, options_.secrets), chats_(db_) {
    // Two processes may create the store at once (the daemon and a CLI command).
    db_.exec_waiting("PRAGMA journal_mode = WAL", std::chrono::seconds{10});
    db_.exec("PRAGMA synchronous = NORMAL");
    db_.exec("PRAGMA foreign_keys = ON");
    sqlite::migrate(db_);
    auto st = db_.prepare("SELECT COALESCE(MAX(seen_seq), 0) FROM seen_posts");
    if (st.step()) seen_seq_ = st.int64(0);
  }

  std::int64_t outside_changes() override {
    auto st = db_.prepare("PRAGMA data_version");
    return st.step() ? st.int64(0) : 0;
  }

  void atomically(const std::function<void()>& step) override {
    Transaction tx(db_);
    step();
    tx.commit();
  }

  Id add_target(const Target& t) override {
    if (find_target(t.platform, t.key)) throw StoreError("target already exists: " + t.platform + " " + t.key);
    db_.prepare("INSERT INTO targets (platform, key, name, tenant_id, interval_ms, backfill, enabled, origin, "
                "created_at, join_chat) VALUES (?,?,?,?,?,?,?,?,?,?)")
        .bind(1, t.platform)
        .bind(2, t.key)
        .bind(3, t.name)
        .bind(4, t.tenant_id)
        .bind(5, t.interval ? std::optional<std::int64_t>(t.interval->count()) : std::nullopt)
        .bind(6, t.backfill)
        .bind(7, t.enabled ? 1 : 0)
        .bind(8, t.origin)
        .bind(9, now_ms())
        .bind(10, t.join ? 1 : 0)
        .run();
    return db_.last_insert_id();
  }

  void update_target(const Target& t) override {
    db_.prepare("UPDATE targets SET name=?, interval_ms=?, backfill=?, enabled=?, origin=?, join_chat=? WHERE id=?")
        .bind(1, t.name)
        .bind(2, t.interval ? std::optional<std::int64_t>(t.interval->count()) : std::nullopt)
        .bind(3, t.backfill)
        .bind(4, t.enabled ? 1 : 0)
        .bind(5, t.origin)
        .bind(6, t.join ? 1 : 0)
        .bind(7, t.id)
        .run();
    if (db_.changes() == 0) throw StoreError("no target with id " + std::to_string(t.id));
  }

  std::optional<Target> target(Id id) override {
    auto st = db_.prepare(std::string("SELECT ") + kTargetCols + " FROM targets WHERE id=?");
    st.bind(1, id);
    if (!st.step()) return std::nullopt;
    return read_target(st);
  }

  std::optional<Target> find_target(const std::string& platform, const std::string& key) override {
    auto st = db_.prepare(std::string("SELECT ") + kTargetCols + " FROM targets WHERE platform=? AND key=?");
    st.bind(1, platform).bind(2, key);
    if (!st.step()) return std::nullopt;
    return read_target(st);
  }

  std::vector<Target> targets() override {
    std::vector<Target> out;
    auto st = db_.prepare(std::string("SELECT ") + kTargetCols + " FROM targets ORDER BY id");
    while (st.step()) out.push_back(read_target(st));
    return out;
  }

  bool remove_target(Id id) override {
    Transaction tx(db_);
    db_.prepare("DELETE FROM targets WHERE id=?").bind(1, id).run();
    bool removed = db_.changes() > 0;
    tx.commit();
    return removed;
  }

  Id add_subscription(const Subscription& s) override {
    if (!target(s.target_id)) throw StoreError("no target with id " + std::to_string(s.target_id));
    Transaction tx(db_);
    Id subscriber = upsert_subscriber(s.subscriber);
    auto dup = db_.prepare("SELECT id FROM subscriptions WHERE target_id=? AND subscriber_id=?");
    dup.bind(1, s.target_id).bind(2, subscriber);
    if (dup.step())
      throw StoreError("target " + std::to_string(s.target_id) + " already pushes to " + s.subscriber.kind + ":" +
                       s.subscriber.address + " (subscription " + std::to_string(dup.int64(0)) + ")");
    db_.prepare("INSERT INTO subscriptions (target_id, subscriber_id, filters, theme, enabled, origin, created_at) "
                "VALUES (?,?,?,?,?,?,?)")
        .bind(1, s.target_id)
        .bind(2, subscriber)
        .bind(3, filters_json(s.filters))
        .bind(4, s.theme)
        .bind(5, s.enabled ? 1 : 0)
        .bind(6, s.origin)
        .bind(7, now_ms())
        .run();
    Id id = db_.last_insert_id();
    tx.commit();
    return id;
  }

  std::vector<Subscription> subscriptions() override {
    std::vector<Subscription> out;
    auto st = db_.prepare(std::string(kSubscriptionSelect) + "ORDER BY s.id");
    while (st.step()) out.push_back(read_subscription(st));
    return out;
  }

  std::vector<Subscription> subscriptions_of(Id target_id) override {
    std::vector<Subscription> out;
    auto st = db_.prepare(std::string(kSubscriptionSelect) + "WHERE s.target_id=? ORDER BY s.id");
    st.bind(1, target_id);
    while (st.step()) out.push_back(read_subscription(st));
    return out;
  }

  std::optional<Subscription> subscription(Id id) override {
    auto st = db_.prepare(std::string(kSubscriptionSelect) + "WHERE s.id=?");
    st.bind(1, id);
    if (!st.step()) return std::nullopt;
    return read_subscription(st);
  }

  bool remove_subscription(Id id) override {
    db_.prepare("DELETE FROM subscriptions WHERE id=?").bind(1, id).run();
    return db_.changes() > 0;
  }

  void update_subscription(const Subscription& s) override {
    Transaction tx(db_);
    db_.prepare("UPDATE subscriptions SET filters=?, theme=?, enabled=? WHERE id=?")
        .bind(1, filters_json(s.filters))
        .bind(2, s.theme)
        .bind(3, s.enabled ? 1 : 0)
        .bind(4, s.id)
        .run();
    if (db_.changes() == 0) throw StoreError("no subscription with id " + std::to_string(s.id));
    db_.prepare("UPDATE subscribers SET secret=? WHERE id=(SELECT subscriber_id FROM subscriptions WHERE id=?)")
        .bind(1, s.subscriber.secret)
        .bind(2, s.id)
        .run();
    tx.commit();
  }

  Id add_credential(const Credential& c) override { return credentials_.add(c); }
  std::vector<Credential> credentials() override { return credentials_.all(); }
  ChatDirectory& chat_directory() override { return chats_; }
  std::optional<Credential> credential(Id id) override { return credentials_.one(id); }
  bool remove_credential(Id id) override { return credentials_.remove(id); }
  void set_credential_state(Id id, const std::string& state, std::optional<TimePoint> until,
                            const std::string& reason) override {
    credentials_.set_state(id, state, until, reason);
  }

  FetchState fetch_state(Id target_id) override {
    auto st = db_.prepare(std::string("SELECT ") + kFetchStateCols + " FROM fetch_state WHERE target_id=?");
    st.bind(1, target_id);
    if (st.step()) return read_fetch_state(st);
    FetchState fresh;
    fresh.target_id = target_id;
    return fresh;
  }

  std::vector<FetchState> fetch_states() override {
    std::vector<FetchState> out;
    auto st = db_.prepare(std::string("SELECT ") + kFetchStateCols + " FROM fetch_state ORDER BY target_id");
    while (st.step()) out.push_back(read_fetch_state(st));
    return out;
  }

  void save_fetch_state(const FetchState& f) override {
    Transaction tx(db_);
    write_fetch_state(f);
    tx.commit();
  }

  IngestResult ingest(const FetchState& state, const std::vector<Post>& posts, bool push, int backfill,
                      const Router& route, TimePoint at, Id audience) override {
    IngestResult result;
    Transaction tx(db_);
    std::int64_t now = to_ms(at);
    int position = 0;
    // Oldest first, so seen_seq (and outbox ids, which fix delivery order) follow publication.
    for (auto it = posts.rbegin(); it != posts.rend(); ++it) {
      const Post& post = *it;
      ++position;
      auto seen = db_.prepare("INSERT OR IGNORE INTO seen_posts (target_id, audience, post_id, seen_seq, published) "
                              "VALUES (?,?,?,?,?)");
      seen.bind(1, state.target_id)
          .bind(2, audience)
          .bind(3, post.id)
          .bind(4, ++seen_seq_)
          .bind(5, post.published ? std::optional<std::int64_t>(to_ms(*post.published)) : std::nullopt)
          .run();
      if (db_.changes() == 0) continue;
      result.new_posts.push_back(post);
      bool queue = push || static_cast<int>(posts.size()) - position < backfill;
      if (!queue) continue;
      std::string payload;
      for (Id sub : route(post)) {
        if (payload.empty()) payload = json::serialize(to_json(post));
        db_.prepare("INSERT OR IGNORE INTO outbox (subscription_id, target_id, post_id, payload, next_attempt_at, "
                    "created_at) VALUES (?,?,?,?,?,?)")
            .bind(1, sub)
            .bind(2, state.target_id)
            .bind(3, post.id)
            .bind(4, payload)
            .bind(5, now)
            .bind(6, now)
            .run();
        result.queued += db_.changes();
      }
    }
    std::reverse(result.new_posts.begin(), result.new_posts.end());
    FetchState updated = state;
    updated.posts_seen += static_cast<std::int64_t>(result.new_posts.size());
    if (!result.new_posts.empty()) updated.last_new_at = from_ms(now);
    write_fetch_state(updated);
    prune_seen(state.target_id);
    tx.commit();
    return result;
  }

  std::vector<std::string> unseen(Id target, Id audience, const std::vector<std::string>& post_ids) override {
    std::vector<std::string> out;
    for (const auto& id : post_ids) {
      auto st = db_.prepare("SELECT 1 FROM seen_posts WHERE target_id=? AND audience=? AND post_id=?");
      st.bind(1, target).bind(2, audience).bind(3, id);
      if (!st.step()) out.push_back(id);
    }
    return out;
  }

  int queue_notice(Id tenant, const Post& notice, TimePoint at) override {
    Transaction tx(db_);
    const std::int64_t now = to_ms(at);
    const std::string payload = json::serialize(to_json(notice));
    // Once per subscriber (a chat, a file, a hook), through its first enabled subscription: an
    // owner following fifty targets into one chat gets one notice, not fifty.
    auto subs = db_.prepare("SELECT MIN(s.id), MIN(s.target_id) FROM subscriptions s JOIN subscribers b "
                            "ON b.id = s.subscriber_id WHERE b.tenant_id = ? AND s.enabled = 1 "
                            "GROUP BY s.subscriber_id ORDER BY MIN(s.id)");
    subs.bind(1, tenant);
    int queued = 0;
    while (subs.step()) {
      db_.prepare("INSERT OR IGNORE INTO outbox (subscription_id, target_id, post_id, payload, next_attempt_at, "
                  "created_at) VALUES (?,?,?,?,?,?)")
          .bind(1, subs.int64(0))
          .bind(2, subs.int64(1))
          .bind(3, notice.id)
          .bind(4, payload)
          .bind(5, now)
          .bind(6, now)
          .run();
      queued += db_.changes();
    }
    tx.commit();
    return queued;
  }

  std::vector<OutboxEntry> due_deliveries(TimePoint now, std::size_t limit) override {
    std::vector<OutboxEntry> out;
    auto st = db_.prepare(std::string("WITH ") + kSubscriberHeads + " SELECT " + kOutboxColsOf +
                          " FROM heads h JOIN outbox o ON o.id = h.head WHERE o.next_attempt_at <= ? "
                          "ORDER BY o.id LIMIT ?");
    st.bind(1, to_ms(now)).bind(2, static_cast<std::int64_t>(limit));
    while (st.step()) out.push_back(read_outbox(st));
    return out;
  }

  std::vector<OutboxEntry> pending_of_subscriber(Id subscriber_id, std::size_t limit) override {
    std::vector<OutboxEntry> out;
    auto st = db_.prepare(std::string("SELECT ") + kOutboxColsOf +
                          " FROM outbox o JOIN subscriptions s ON s.id = o.subscription_id "
                          "WHERE s.subscriber_id = ? AND o.state = 'pending' ORDER BY o.id LIMIT ?");
    st.bind(1, subscriber_id).bind(2, static_cast<std::int64_t>(limit));
    while (st.step()) out.push_back(read_outbox(st));
    return out;
  }

  void mark_sending(Id id) override {
    db_.prepare("UPDATE outbox SET state='sending', attempts=attempts+1 WHERE id=?").bind(1, id).run();
  }

  void mark_delivered(Id id, TimePoint at) override {
    db_.prepare("UPDATE outbox SET state='done', delivered_at=?, last_error='' WHERE id=?")
        .bind(1, to_ms(at))
        .bind(2, id)
        .run();
  }

  void mark_failed(Id id, const std::string& error, TimePoint retry_at, bool dead) override {
    db_.prepare("UPDATE outbox SET state=?, last_error=?, next_attempt_at=? WHERE id=?")
        .bind(1, state_name(dead ? DeliveryState::kDead : DeliveryState::kPending))
        .bind(2, error)
        .bind(3, to_ms(retry_at))
        .bind(4, id)
        .run();
  }

  int recover_interrupted() override {
    db_.prepare("UPDATE outbox SET state='pending', maybe_delivered=1 WHERE state='sending'").run();
    return db_.changes();
  }

  OutboxCounts outbox_counts() override {
    OutboxCounts c;
    auto st = db_.prepare("SELECT state, COUNT(*) FROM outbox GROUP BY state");
    while (st.step()) {
      auto s = state_from(st.text(0));
      std::int64_t n = st.int64(1);
      switch (s) {
        case DeliveryState::kPending: c.pending = n; break;
        case DeliveryState::kSending: c.sending = n; break;
        case DeliveryState::kDone: c.done = n; break;
        case DeliveryState::kDead: c.dead = n; break;
      }
    }
    return c;
  }

  std::optional<TimePoint> next_delivery_time(TimePoint after) override {
    // Only heads count: an entry queued behind one in backoff (or behind one being sent) is not
    // what the worker waits for, and counting it made the worker spin on a time long past.
    auto st = db_.prepare(std::string("WITH ") + kSubscriberHeads +
                          " SELECT MIN(o.next_attempt_at) FROM heads h JOIN outbox o ON o.id = h.head "
                          "WHERE o.next_attempt_at > ?");
    st.bind(1, to_ms(after));
    if (st.step() && !st.is_null(0)) return from_ms(st.int64(0));
    return std::nullopt;
  }

  std::vector<SubscriptionHealth> subscription_health() override {
    std::vector<SubscriptionHealth> out;
    auto st = db_.prepare(
        "SELECT s.id, SUM(o.state='pending'), SUM(o.state='sending'), SUM(o.state='done'), SUM(o.state='dead'), "
        "MAX(o.delivered_at), (SELECT last_error FROM outbox e WHERE e.subscription_id = s.id AND "
        "e.state IN ('pending','dead') AND e.last_error != '' ORDER BY e.id DESC LIMIT 1) "
        "FROM subscriptions s LEFT JOIN outbox o ON o.subscription_id = s.id GROUP BY s.id ORDER BY s.id");
    while (st.step()) {
      SubscriptionHealth h;
      h.subscription_id = st.int64(0);
      h.counts = OutboxCounts{st.int64(1), st.int64(2), st.int64(3), st.int64(4)};
      h.last_delivered_at = opt_time(st, 5);
      h.last_error = st.text(6);
      out.push_back(std::move(h));
    }
    return out;
  }

  int prune_delivered(TimePoint before) override {
    db_.prepare("DELETE FROM outbox WHERE state='done' AND delivered_at < ?").bind(1, to_ms(before)).run();
    return db_.changes();
  }

  std::vector<OutboxEntry> outbox_of(Id subscription_id) override {
    std::vector<OutboxEntry> out;
    auto st = db_.prepare(std::string("SELECT ") + kOutboxCols + " FROM outbox WHERE subscription_id=? ORDER BY id");
    st.bind(1, subscription_id);
    while (st.step()) out.push_back(read_outbox(st));
    return out;
  }

 private:
  Id upsert_subscriber(const Subscriber& s) {
    auto find = db_.prepare("SELECT id FROM subscribers WHERE kind=? AND address=?");
    find.bind(1, s.kind).bind(2, s.address);
    if (find.step()) {
      Id id = find.int64(0);
      if (!s.secret.empty())
        db_.prepare("UPDATE subscribers SET secret=? WHERE id=?").bind(1, s.secret).bind(2, id).run();
      return id;
    }
    db_.prepare("INSERT INTO subscribers (tenant_id, kind, address, secret) VALUES (?,?,?,?)")
        .bind(1, s.tenant_id)
        .bind(2, s.kind)
        .bind(3, s.address)
        .bind(4, s.secret)
        .run();
    return db_.last_insert_id();
  }

  void write_fetch_state(const FetchState& f) {
    db_.prepare(std::string("INSERT OR REPLACE INTO fetch_state (") + kFetchStateCols +
                ") VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?)")
        .bind(1, f.target_id)
        .bind(2, f.etag)
        .bind(3, f.last_modified)
        .bind(4, to_ms(f.last_fetch_at))
        .bind(5, to_ms(f.last_ok_at))
        .bind(6, to_ms(f.next_fetch_at))
        .bind(7, to_ms(f.last_new_at))
        .bind(8, f.last_error)
        .bind(9, f.consecutive_errors)
        .bind(10, f.posts_seen)
        .bind(11, f.fetches)
        .bind(12, f.initialized ? 1 : 0)
        .bind(13, f.feed_title)
        .bind(14, f.platform_state)
        .run();
  }

  // Hysteresis (prune only past 110%) keeps this to an occasional DELETE, not one per ingest.
  void prune_seen(Id target_id) {
    auto count = db_.prepare("SELECT COUNT(*) FROM seen_posts WHERE target_id=?");
    count.bind(1, target_id);
    if (!count.step() || count.int64(0) <= options_.seen_per_target * 11 / 10) return;
    db_.prepare("DELETE FROM seen_posts WHERE target_id=? AND seen_seq <= (SELECT seen_seq FROM seen_posts "
                "WHERE target_id=? ORDER BY seen_seq DESC LIMIT 1 OFFSET ?)")
        .bind(1, target_id)
        .bind(2, target_id)
        .bind(3, options_.seen_per_target)
        .run();
  }

  Database db_;
  SqliteStoreOptions options_;
  sqlite::CredentialRows credentials_;
  sqlite::ChatRows chats_;
  std::int64_t seen_seq_ = 0;
};

}  // namespace

std::unique_ptr<Store> open_sqlite_store(const std::string& path, SqliteStoreOptions options) {
  try {
    return std::make_unique<SqliteStore>(path, options);
  } catch (const sqlite::StoreFailure& e) {
    throw StoreError(e.what());
  }
}

}  // namespace gather
