#include "store/migrations.h"

#include <array>
#include <string>

namespace gather::sqlite {

namespace {

// Append only. The first version lays the schema for the whole product (tenants, credentials,
// subscribers and the outbox included) so later features add columns, not redesigns.
constexpr std::array kMigrations = {
    R"sql(
CREATE TABLE tenants (
  id INTEGER PRIMARY KEY,
  name TEXT NOT NULL UNIQUE,
  created_at INTEGER NOT NULL
);
INSERT INTO tenants (id, name, created_at) VALUES (1, 'default', 0);

CREATE TABLE targets (
  id INTEGER PRIMARY KEY,
  platform TEXT NOT NULL,
  key TEXT NOT NULL,
  name TEXT NOT NULL DEFAULT '',
  tenant_id INTEGER NOT NULL DEFAULT 1 REFERENCES tenants(id),
  interval_ms INTEGER,
  priority REAL NOT NULL DEFAULT 1.0,
  backfill INTEGER NOT NULL DEFAULT 0,
  enabled INTEGER NOT NULL DEFAULT 1,
  origin TEXT NOT NULL DEFAULT 'cli',
  created_at INTEGER NOT NULL,
  UNIQUE (platform, key)
);

CREATE TABLE credentials (
  id INTEGER PRIMARY KEY,
  platform TEXT NOT NULL,
  tenant_id INTEGER NOT NULL REFERENCES tenants(id),
  kind TEXT NOT NULL,                    -- cookie | account | anonymous
  scope TEXT NOT NULL DEFAULT 'private', -- private | shared
  secret BLOB,                           -- encrypted at rest
  limit_requests INTEGER,
  limit_window_ms INTEGER,
  min_gap_ms INTEGER,
  state TEXT NOT NULL DEFAULT 'ok',      -- ok | cooldown | expired | banned
  state_until INTEGER,
  state_reason TEXT NOT NULL DEFAULT '',
  created_at INTEGER NOT NULL
);
CREATE TABLE credential_targets (
  credential_id INTEGER NOT NULL REFERENCES credentials(id) ON DELETE CASCADE,
  target_id INTEGER NOT NULL REFERENCES targets(id) ON DELETE CASCADE,
  PRIMARY KEY (credential_id, target_id)
) WITHOUT ROWID;

CREATE TABLE subscribers (
  id INTEGER PRIMARY KEY,
  tenant_id INTEGER NOT NULL DEFAULT 1 REFERENCES tenants(id),
  kind TEXT NOT NULL,
  address TEXT NOT NULL,
  secret TEXT NOT NULL DEFAULT '',
  options TEXT NOT NULL DEFAULT '{}',
  UNIQUE (kind, address)
);

CREATE TABLE subscriptions (
  id INTEGER PRIMARY KEY,
  target_id INTEGER NOT NULL REFERENCES targets(id) ON DELETE CASCADE,
  subscriber_id INTEGER NOT NULL REFERENCES subscribers(id),
  filters TEXT NOT NULL DEFAULT '{}',  -- JSON: categories, tags, keywords, exclude_keywords
  theme TEXT NOT NULL DEFAULT '',
  enabled INTEGER NOT NULL DEFAULT 1,
  origin TEXT NOT NULL DEFAULT 'cli',
  created_at INTEGER NOT NULL,
  UNIQUE (target_id, subscriber_id)
);

CREATE TABLE seen_posts (
  target_id INTEGER NOT NULL REFERENCES targets(id) ON DELETE CASCADE,
  post_id TEXT NOT NULL,
  seen_seq INTEGER NOT NULL,  -- increasing per store; pruning keeps the newest per target
  published INTEGER,
  PRIMARY KEY (target_id, post_id)
) WITHOUT ROWID;
CREATE INDEX seen_posts_by_age ON seen_posts (target_id, seen_seq);

CREATE TABLE outbox (
  id INTEGER PRIMARY KEY,
  subscription_id INTEGER NOT NULL REFERENCES subscriptions(id) ON DELETE CASCADE,
  target_id INTEGER NOT NULL,
  post_id TEXT NOT NULL,
  payload TEXT NOT NULL,
  state TEXT NOT NULL DEFAULT 'pending',  -- pending | sending | done | dead
  attempts INTEGER NOT NULL DEFAULT 0,
  next_attempt_at INTEGER NOT NULL,
  last_error TEXT NOT NULL DEFAULT '',
  maybe_delivered INTEGER NOT NULL DEFAULT 0,
  created_at INTEGER NOT NULL,
  delivered_at INTEGER,
  UNIQUE (subscription_id, post_id)
);
CREATE INDEX outbox_queue ON outbox (state, subscription_id, id);

CREATE TABLE fetch_state (
  target_id INTEGER PRIMARY KEY REFERENCES targets(id) ON DELETE CASCADE,
  etag TEXT NOT NULL DEFAULT '',
  last_modified TEXT NOT NULL DEFAULT '',
  last_fetch_at INTEGER,
  last_ok_at INTEGER,
  next_fetch_at INTEGER,
  last_new_at INTEGER,
  last_error TEXT NOT NULL DEFAULT '',
  consecutive_errors INTEGER NOT NULL DEFAULT 0,
  posts_seen INTEGER NOT NULL DEFAULT 0,
  fetches INTEGER NOT NULL DEFAULT 0,
  initialized INTEGER NOT NULL DEFAULT 0,
  feed_title TEXT NOT NULL DEFAULT ''
);
)sql",
    // 2: a credential serves every target of its platform, or only those in credential_targets.
    // Rows from before default to "all", which is what a credential with no target rows meant.
    R"sql(
ALTER TABLE credentials ADD COLUMN all_targets INTEGER NOT NULL DEFAULT 1;
)sql",
    // 3: posts are seen per audience: everyone (0), or one tenant when a private credential
    // fetched them, so a private fetch never hides a post from a later shared one.
    R"sql(
CREATE TABLE seen_posts_v3 (
  target_id INTEGER NOT NULL REFERENCES targets(id) ON DELETE CASCADE,
  audience INTEGER NOT NULL DEFAULT 0,
  post_id TEXT NOT NULL,
  seen_seq INTEGER NOT NULL,
  published INTEGER,
  PRIMARY KEY (target_id, audience, post_id)
) WITHOUT ROWID;
INSERT INTO seen_posts_v3 (target_id, audience, post_id, seen_seq, published)
  SELECT target_id, 0, post_id, seen_seq, published FROM seen_posts;
DROP TABLE seen_posts;
ALTER TABLE seen_posts_v3 RENAME TO seen_posts;
CREATE INDEX seen_posts_by_age ON seen_posts (target_id, seen_seq);
)sql",
    // 4: what a platform that reports changes (a live room) remembers of a target between fetches.
    R"sql(
ALTER TABLE fetch_state ADD COLUMN platform_state TEXT NOT NULL DEFAULT '';
)sql",
    // 5: Telegram accounts' entity cache and join map (store/chat_directory.h), and the log of
    // their resolves, so the resolve budget holds across a restart.
    R"sql(
CREATE TABLE telegram_chats (
  credential_id INTEGER NOT NULL REFERENCES credentials(id) ON DELETE CASCADE,
  handle TEXT NOT NULL,
  chat_id INTEGER NOT NULL,
  kind TEXT NOT NULL DEFAULT '',
  title TEXT NOT NULL DEFAULT '',
  member INTEGER NOT NULL DEFAULT 0,
  resolved_at INTEGER NOT NULL,
  PRIMARY KEY (credential_id, handle)
) WITHOUT ROWID;
CREATE INDEX telegram_chats_by_chat ON telegram_chats (credential_id, chat_id);
CREATE TABLE telegram_resolves (
  credential_id INTEGER NOT NULL REFERENCES credentials(id) ON DELETE CASCADE,
  at INTEGER NOT NULL
);
CREATE INDEX telegram_resolves_by_account ON telegram_resolves (credential_id, at);
CREATE TABLE telegram_joins (
  credential_id INTEGER NOT NULL REFERENCES credentials(id) ON DELETE CASCADE,
  at INTEGER NOT NULL
);
CREATE INDEX telegram_joins_by_account ON telegram_joins (credential_id, at);
ALTER TABLE targets ADD COLUMN join_chat INTEGER NOT NULL DEFAULT 0;
)sql",
};

int read_version(Database& db) {
  auto st = db.prepare("PRAGMA user_version");
  return st.step() ? static_cast<int>(st.int64(0)) : 0;
}

}  // namespace

int schema_version() { return static_cast<int>(kMigrations.size()); }

void migrate(Database& db) {
  // The version is read inside the write transaction: two processes opening a new store at once
  // (the daemon and a CLI command) must not both run the same migration.
  Transaction tx(db);
  int have = read_version(db);
  if (have > schema_version())
    throw StoreFailure(db.path() + " has schema version " + std::to_string(have) + ", newer than this gather (" +
                       std::to_string(schema_version()) + "); refusing to touch it");
  for (int v = have; v < schema_version(); ++v) db.exec(kMigrations[static_cast<size_t>(v)]);
  if (have != schema_version()) db.exec("PRAGMA user_version = " + std::to_string(schema_version()));
  tx.commit();
}

}  // namespace gather::sqlite
