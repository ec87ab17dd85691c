#include "store/sqlite_credentials.h"

#include <algorithm>
#include <array>

#include "store/store.h"

namespace gather::sqlite {

namespace {

constexpr std::array kKinds = {"cookie", "account", "anonymous"};
constexpr std::array kScopes = {"private", "shared"};
constexpr std::array kStates = {"ok", "cooldown", "expired", "banned"};

template <class List>
bool one_of(const List& list, const std::string& value) {
  return std::find(list.begin(), list.end(), value) != list.end();
}

template <class List>
std::string listed(const List& list) {
  std::string out;
  for (const char* s : list) out += (out.empty() ? "" : ", ") + std::string(s);
  return out;
}

std::optional<std::int64_t> positive_or_null(std::int64_t v) {
  return v > 0 ? std::optional<std::int64_t>(v) : std::nullopt;
}

// The row id, platform and kind are authenticated with the secret: a sealed cookie copied into
// another row (or another platform's credential) fails to open rather than being used there.
std::string aad_for(Id id, const std::string& platform, const std::string& kind) {
  return "gather/credential/" + std::to_string(id) + "/" + platform + "/" + kind;
}

constexpr const char* kCols =
    "id, platform, tenant_id, kind, scope, secret, limit_requests, limit_window_ms, min_gap_ms, state, "
    "state_until, state_reason, all_targets";

}  // namespace

const SecretBox& CredentialRows::box() const {
  if (!secrets_) throw StoreError("no secret key configured");
  return *secrets_;
}

void CredentialRows::validate(const Credential& c) {
  if (c.platform.empty()) throw StoreError("a credential needs a platform");
  if (!one_of(kKinds, c.kind))
    throw StoreError("unknown credential kind '" + c.kind + "' (known: " + listed(kKinds) + ")");
  if (!one_of(kScopes, c.scope))
    throw StoreError("unknown credential scope '" + c.scope + "' (known: " + listed(kScopes) + ")");
  if (!one_of(kStates, c.state))
    throw StoreError("unknown credential state '" + c.state + "' (known: " + listed(kStates) + ")");
  if (c.kind == "anonymous" && !c.secret.empty()) throw StoreError("an anonymous credential has no secret");
  if (c.kind != "anonymous" && c.secret.empty()) throw StoreError("a " + c.kind + " credential needs a secret");
  if (c.limit_requests < 0 || c.limit_window.count() < 0 || c.min_gap.count() < 0)
    throw StoreError("credential limits cannot be negative");
  if ((c.limit_requests > 0) != (c.limit_window.count() > 0))
    throw StoreError("a credential's limit needs both a request count and a window");
  if (c.all_targets && !c.target_ids.empty())
    throw StoreError("a credential serves either all targets or the listed ones, not both");
  if (!db_.prepare("SELECT 1 FROM tenants WHERE id=?").bind(1, c.tenant_id).step())
    throw StoreError("no tenant with id " + std::to_string(c.tenant_id));
  for (Id t : c.target_ids) {
    auto st = db_.prepare("SELECT platform FROM targets WHERE id=?");
    st.bind(1, t);
    if (!st.step()) throw StoreError("no target with id " + std::to_string(t));
    if (std::string platform = st.text(0); platform != c.platform)
      throw StoreError("target " + std::to_string(t) + " is on " + platform + ", not " + c.platform);
  }
}

Id CredentialRows::add(const Credential& c) {
  const SecretBox& secrets = box();
  Transaction tx(db_);
  validate(c);
  db_.prepare("INSERT INTO credentials (platform, tenant_id, kind, scope, limit_requests, limit_window_ms, "
              "min_gap_ms, state, state_until, state_reason, all_targets, created_at) "
              "VALUES (?,?,?,?,?,?,?,?,?,?,?,?)")
      .bind(1, c.platform)
      .bind(2, c.tenant_id)
      .bind(3, c.kind)
      .bind(4, c.scope)
      .bind(5, positive_or_null(c.limit_requests))
      .bind(6, positive_or_null(c.limit_window.count()))
      .bind(7, positive_or_null(c.min_gap.count()))
      .bind(8, c.state)
      .bind(9, to_ms(c.state_until))
      .bind(10, c.state_reason)
      .bind(11, c.all_targets ? 1 : 0)
      .bind(12, to_ms(std::chrono::system_clock::now()))
      .run();
  Id id = db_.last_insert_id();
  // Sealed after the insert because the row id is part of what the seal is bound to.
  if (c.kind != "anonymous")
    db_.prepare("UPDATE credentials SET secret=? WHERE id=?")
        .bind_blob(1, secrets.seal(c.secret, aad_for(id, c.platform, c.kind)))
        .bind(2, id)
        .run();
  for (Id t : c.target_ids)
    db_.prepare("INSERT OR IGNORE INTO credential_targets (credential_id, target_id) VALUES (?,?)")
        .bind(1, id)
        .bind(2, t)
        .run();
  tx.commit();
  return id;
}

Credential CredentialRows::read(const Statement& st) {
  Credential c;
  c.id = st.int64(0);
  c.platform = st.text(1);
  c.tenant_id = st.int64(2);
  c.kind = st.text(3);
  c.scope = st.text(4);
  if (!st.is_null(5)) {
    try {
      c.secret = box().open(st.blob(5), aad_for(c.id, c.platform, c.kind));
    } catch (const SecretError& e) {
      // One row sealed under another key must not hide the others: it comes back without its
      // secret, marked, and is never used for a request.
      c.secret_error = std::string(e.what()) + " (was GATHER_SECRET_KEY or secret.key changed since it was added?)";
    }
  }
  c.limit_requests = static_cast<int>(st.opt_int64(6).value_or(0));
  c.limit_window = std::chrono::milliseconds{st.opt_int64(7).value_or(0)};
  c.min_gap = std::chrono::milliseconds{st.opt_int64(8).value_or(0)};
  c.state = st.text(9);
  if (auto until = st.opt_int64(10)) c.state_until = from_ms(*until);
  c.state_reason = st.text(11);
  c.all_targets = st.int64(12) != 0;
  return c;
}

std::vector<Credential> CredentialRows::all() {
  box();  // fail early and plainly, even with no rows
  std::vector<Credential> out;
  {
    auto st = db_.prepare(std::string("SELECT ") + kCols + " FROM credentials ORDER BY id");
    while (st.step()) out.push_back(read(st));
  }
  auto targets = db_.prepare("SELECT credential_id, target_id FROM credential_targets ORDER BY target_id");
  while (targets.step()) {
    auto it = std::find_if(out.begin(), out.end(), [&](const Credential& c) { return c.id == targets.int64(0); });
    if (it != out.end()) it->target_ids.push_back(targets.int64(1));
  }
  return out;
}

std::optional<Credential> CredentialRows::one(Id id) {
  box();
  std::optional<Credential> c;
  {
    auto st = db_.prepare(std::string("SELECT ") + kCols + " FROM credentials WHERE id=?");
    st.bind(1, id);
    if (!st.step()) return std::nullopt;
    c = read(st);
  }
  auto targets = db_.prepare("SELECT target_id FROM credential_targets WHERE credential_id=? ORDER BY target_id");
  targets.bind(1, id);
  while (targets.step()) c->target_ids.push_back(targets.int64(0));
  return c;
}

bool CredentialRows::remove(Id id) {
  box();
  // credential_targets rows go by ON DELETE CASCADE.
  db_.prepare("DELETE FROM credentials WHERE id=?").bind(1, id).run();
  return db_.changes() > 0;
}

void CredentialRows::set_state(Id id, const std::string& state, std::optional<TimePoint> until,
                               const std::string& reason) {
  box();
  if (!one_of(kStates, state))
    throw StoreError("unknown credential state '" + state + "' (known: " + listed(kStates) + ")");
  db_.prepare("UPDATE credentials SET state=?, state_until=?, state_reason=? WHERE id=?")
      .bind(1, state)
      .bind(2, to_ms(until))
      .bind(3, reason)
      .bind(4, id)
      .run();
  if (db_.changes() == 0) throw StoreError("no credential with id " + std::to_string(id));
}

}  // namespace gather::sqlite
