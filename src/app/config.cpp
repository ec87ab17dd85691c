#include "app/config.h"

#include <toml++/toml.h>

#include <algorithm>
#include <filesystem>
#include <map>
#include <set>

#include "core/time_text.h"
#include "deliver/sink.h"
#include "deliver/sink_kind.h"
#include "platforms/platform.h"
#include "store/store.h"
#include "theme/theme_engine.h"

namespace gather {
namespace fs = std::filesystem;

namespace {

class Reader {
 public:
  explicit Reader(std::string path) : path_(std::move(path)) {}

  [[noreturn]] void fail(const toml::node* node, const std::string& message) const {
    int line = node ? static_cast<int>(node->source().begin.line) : 0;
    throw ConfigError(path_ + ":" + std::to_string(line) + ": " + message);
  }

  // Rejects keys this release does not know, so a typo never silently does nothing.
  void only(const toml::table& table, std::initializer_list<std::string_view> keys, const std::string& where) const {
    for (const auto& [key, value] : table) {
      bool known = false;
      for (auto k : keys) known = known || key.str() == k;
      if (!known) fail(&value, "unknown key '" + std::string(key.str()) + "'" + where);
    }
  }

  std::optional<std::string> str(const toml::table& t, std::string_view key) const {
    const toml::node* n = t.get(key);
    if (!n) return std::nullopt;
    if (!n->is_string()) fail(n, "'" + std::string(key) + "' must be a string");
    return n->value<std::string>();
  }

  std::optional<std::int64_t> integer(const toml::table& t, std::string_view key, std::int64_t min) const {
    const toml::node* n = t.get(key);
    if (!n) return std::nullopt;
    if (!n->is_integer()) fail(n, "'" + std::string(key) + "' must be an integer");
    auto v = *n->value<std::int64_t>();
    if (v < min) fail(n, "'" + std::string(key) + "' must be at least " + std::to_string(min));
    return v;
  }

  std::optional<std::chrono::milliseconds> duration(const toml::table& t, std::string_view key) const {
    const toml::node* n = t.get(key);
    if (!n) return std::nullopt;
    if (n->is_integer()) return std::chrono::seconds{*n->value<std::int64_t>()};
    auto s = n->value<std::string>();
    auto d = s ? parse_duration(*s) : std::nullopt;
    if (!d || d->count() <= 0)
      fail(n, "'" + std::string(key) + "' must be a duration like \"30s\", \"5m\", \"1h\"");
    return d;
  }

  std::vector<std::string> strings(const toml::table& t, std::string_view key) const {
    std::vector<std::string> out;
    const toml::node* n = t.get(key);
    if (!n) return out;
    const toml::array* a = n->as_array();
    if (!a) fail(n, "'" + std::string(key) + "' must be a list of strings");
    for (const auto& e : *a) {
      if (!e.is_string()) fail(&e, "'" + std::string(key) + "' must hold only strings");
      out.push_back(*e.value<std::string>());
    }
    return out;
  }

  bool boolean(const toml::table& t, std::string_view key, bool fallback) const {
    const toml::node* n = t.get(key);
    if (!n) return fallback;
    if (!n->is_boolean()) fail(n, "'" + std::string(key) + "' must be true or false");
    return *n->value<bool>();
  }

  std::optional<std::string> url(const toml::table& t, std::string_view key) const {
    auto v = str(t, key);
    if (v && v->rfind("http://", 0) != 0 && v->rfind("https://", 0) != 0)
      fail(t.get(key), "'" + std::string(key) + "' must start with http:// or https://");
    return v;
  }

  // A pacing gap: seconds as a number (1.5) or a duration ("1500ms"); 0 turns the gap off.
  std::optional<std::chrono::milliseconds> gap(const toml::table& t, std::string_view key) const {
    const toml::node* n = t.get(key);
    if (!n) return std::nullopt;
    std::optional<std::chrono::milliseconds> d;
    if (n->is_integer() || n->is_floating_point()) {
      double s = *n->value<double>();
      if (s >= 0) d = std::chrono::milliseconds{static_cast<std::int64_t>(s * 1000 + 0.5)};
    } else if (auto text = n->value<std::string>()) {
      d = parse_duration(*text);
    }
    if (!d) fail(n, "'" + std::string(key) + "' must be seconds (1.5) or a duration like \"1500ms\", at least 0");
    return d;
  }

  // Messages per second, > 0.
  std::optional<double> rate(const toml::table& t, std::string_view key) const {
    const toml::node* n = t.get(key);
    if (!n) return std::nullopt;
    auto v = (n->is_integer() || n->is_floating_point()) ? n->value<double>() : std::nullopt;
    if (!v || !(*v > 0)) fail(n, "'" + std::string(key) + "' must be a number of messages per second above 0");
    return v;
  }

  const std::string& path() const { return path_; }

 private:
  std::string path_;
};

std::string relative_to(const fs::path& base, const std::string& p) {
  fs::path path(p);
  return path.is_absolute() ? p : (base / path).lexically_normal().string();
}

}  // namespace

Config load_config(const std::string& path) {
  Config cfg;
  cfg.path = path;
  Reader r(path);
  toml::table root;
  try {
    root = toml::parse_file(path);
  } catch (const toml::parse_error& e) {
    throw ConfigError(path + ":" + std::to_string(e.source().begin.line) + ": " + std::string(e.description()));
  }
  fs::path base = fs::absolute(path).parent_path();
  r.only(root,
         {"data", "user_agent", "fetch_timeout", "max_body_bytes", "proxy", "concurrency", "log_level",
          "drain_timeout", "schedule", "platform", "telegram", "delivery", "sink", "themes", "target", "subscription"},
         "");
  if (auto v = r.str(root, "data")) cfg.data_dir = relative_to(base, *v);
  if (auto v = r.str(root, "user_agent")) cfg.user_agent = *v;
  if (auto v = r.duration(root, "fetch_timeout")) cfg.fetch_timeout = *v;
  if (auto v = r.duration(root, "drain_timeout")) cfg.drain_timeout = *v;
  if (auto v = r.integer(root, "max_body_bytes", 1024)) cfg.max_body_bytes = static_cast<std::size_t>(*v);
  if (auto v = r.str(root, "proxy")) cfg.proxy = *v;
  if (auto v = r.integer(root, "concurrency", 1)) cfg.concurrency = static_cast<std::size_t>(*v);
  if (auto v = r.str(root, "log_level")) {
    static const std::set<std::string> levels{"trace", "debug", "info", "warn", "error", "off"};
    if (!levels.count(*v)) r.fail(root.get("log_level"), "'log_level' must be one of trace, debug, info, warn, error, off");
    cfg.log_level = *v;
  }
  if (const toml::node* d = root.get("schedule")) {
    const toml::table* t = d->as_table();
    if (!t) r.fail(d, "'schedule' must be a table");
    r.only(*t, {"min_interval", "max_interval", "credential_limit", "anonymous"}, " in [schedule]");
    auto& o = cfg.schedule;
    if (auto v = r.duration(*t, "min_interval")) o.min_interval = *v;
    if (auto v = r.duration(*t, "max_interval")) o.max_interval = *v;
    if (o.max_interval.count() <= 0 || o.max_interval < o.min_interval)
      r.fail(t->get("max_interval") ? t->get("max_interval") : t->get("min_interval"),
             "'max_interval' must be positive and at least 'min_interval'");
    auto limit = [&](const toml::table& in, std::string_view key, const std::string& what) -> std::optional<RateLimit> {
      auto v = r.str(in, key);
      if (!v) return std::nullopt;
      auto l = parse_rate_limit(*v);
      if (!l) r.fail(in.get(key), "'" + what + "' must be N/DURATION with N >= 1, like \"20/60s\"");
      return l;
    };
    if (auto l = limit(*t, "credential_limit", "credential_limit")) o.default_credential = *l;
    if (const toml::node* a = t->get("anonymous")) {
      const toml::table* at = a->as_table();
      if (!at) r.fail(a, "'anonymous' must be a table of platform = \"N/DURATION\"");
      for (const auto& [key, value] : *at) {
        std::string platform(key.str());
        if (!find_platform(platform)) r.fail(&value, "unknown platform '" + platform + "' in [schedule.anonymous]");
        o.anonymous[platform] = *limit(*at, key.str(), "anonymous." + platform);
      }
    }
  }
  if (const toml::node* d = root.get("platform")) {
    const toml::table* t = d->as_table();
    if (!t) r.fail(d, "'platform' must be a table of [platform.NAME] tables");
    for (const auto& [key, value] : *t) {
      std::string platform(key.str());
      if (!find_platform(platform)) r.fail(&value, "unknown platform '" + platform + "' in [platform]");
      const toml::table* pt = value.as_table();
      if (!pt) r.fail(&value, "[platform." + platform + "] must be a table");
      r.only(*pt, {"base_url"}, " in [platform." + platform + "]");
      if (auto url = r.str(*pt, "base_url")) {
        if (url->rfind("http://", 0) != 0 && url->rfind("https://", 0) != 0)
          r.fail(pt->get("base_url"), "'base_url' must start with http:// or https://");
        cfg.base_urls[platform] = *url;
      }
    }
  }
  if (const toml::node* d = root.get("telegram")) {
    const toml::table* t = d->as_table();
    if (!t) r.fail(d, "'telegram' must be a table");
    r.only(*t, {"tdjson", "api_id", "api_hash", "resolve_limit", "join_limit"}, " in [telegram]");
    for (auto [key, out] : {std::pair{"resolve_limit", &cfg.telegram.resolve_limit},
                            std::pair{"join_limit", &cfg.telegram.join_limit}}) {
      if (auto v = r.str(*t, key)) {
        *out = parse_rate_limit(*v);
        if (!*out) r.fail(t->get(key), std::string("'") + key + "' must be N/DURATION with N >= 1, like \"50/24h\"");
      }
    }
    if (auto v = r.str(*t, "tdjson")) cfg.telegram.tdjson_path = relative_to(base, *v);
    if (auto v = r.integer(*t, "api_id", 1)) {
      if (*v > 2147483647) r.fail(t->get("api_id"), "'api_id' must fit in 32 bits, as my.telegram.org gives it");
      cfg.telegram.api_id = static_cast<int>(*v);
    }
    if (auto v = r.str(*t, "api_hash")) {
      if (v->size() != 32 || v->find_first_not_of("0123456789abcdef") != std::string::npos)
        r.fail(t->get("api_hash"), "'api_hash' must be the 32 hex characters my.telegram.org gives");
      cfg.telegram.api_hash = *v;
    }
    if ((cfg.telegram.api_id != 0) != !cfg.telegram.api_hash.empty())
      r.fail(d, std::string("[telegram] needs both 'api_id' and 'api_hash' (") +
                    (cfg.telegram.api_id ? "'api_hash'" : "'api_id'") + " is missing)");
  }
  if (const toml::node* d = root.get("delivery")) {
    const toml::table* t = d->as_table();
    if (!t) r.fail(d, "'delivery' must be a table");
    r.only(*t, {"max_attempts", "retry_base", "retry_cap"}, " in [delivery]");
    if (auto v = r.integer(*t, "max_attempts", 1)) cfg.max_attempts = static_cast<int>(*v);
    if (auto v = r.duration(*t, "retry_base")) cfg.retry_base = *v;
    if (auto v = r.duration(*t, "retry_cap")) cfg.retry_cap = *v;
  }
  if (const toml::node* d = root.get("themes")) {
    const toml::table* t = d->as_table();
    if (!t) r.fail(d, "'themes' must be a table");
    r.only(*t, {"dir", "text_limit", "platform"}, " in [themes]");
    if (auto v = r.str(*t, "dir")) cfg.themes.dir = relative_to(base, *v);
    if (auto v = r.integer(*t, "text_limit", 16)) cfg.themes.text_limit = static_cast<std::size_t>(*v);
    if (const toml::node* p = t->get("platform")) {
      const toml::table* pt = p->as_table();
      if (!pt) r.fail(p, "'platform' in [themes] must be a table of platform = \"theme\"");
      for (const auto& [key, value] : *pt) {
        std::string platform(key.str());
        if (!find_platform(platform)) r.fail(&value, "unknown platform '" + platform + "' in [themes.platform]");
        cfg.themes.platform[platform] = *r.str(*pt, key.str());
      }
    }
  }
  // Loaded here so that a broken template stops the config check, naming its file.
  std::optional<theme::ThemeEngine> themes;
  try {
    themes.emplace(cfg.themes);
  } catch (const theme::ThemeError& e) {
    const toml::table* t = root.get("themes") ? root.get("themes")->as_table() : nullptr;
    r.fail(t && t->get("dir") ? t->get("dir") : nullptr, std::string("[themes] dir: ") + e.what());
  }
  auto check_theme = [&](const toml::node* node, const std::string& name, const std::string& where) {
    if (themes->has(name)) return;
    std::string known;
    for (const auto& n : themes->names()) known += (known.empty() ? "" : ", ") + n;
    r.fail(node, "unknown theme '" + name + "' " + where + " (known: " + known + ")");
  };
  if (const toml::table* pt = root.at_path("themes.platform").as_table())
    for (const auto& [key, value] : *pt)
      check_theme(&value, *value.value<std::string>(), "for platform '" + std::string(key.str()) + "' in [themes.platform]");

  if (const toml::node* d = root.get("sink")) {
    const toml::table* t = d->as_table();
    if (!t) r.fail(d, "'sink' must be a table of [sink.KIND] tables");
    for (const auto& [key, value] : *t) {
      std::string kind(key.str());
      try {
        sink_kind(kind);
      } catch (const std::invalid_argument& e) {
        r.fail(&value, std::string(e.what()) + " in [sink]");
      }
      const toml::table* st = value.as_table();
      if (!st) r.fail(&value, "[sink." + kind + "] must be a table");
      std::string where = " in [sink." + kind + "]";
      if (kind == "telegram-bot") {
        r.only(*st, {"token", "base_url", "gap", "rate"}, where);
        auto& tg = cfg.sinks.telegram_bot;
        if (auto v = r.str(*st, "token")) tg.token = *v;
        if (auto v = r.url(*st, "base_url")) tg.base_url = *v;
      } else if (kind == "onebot") {
        r.only(*st, {"url", "access_token", "merge", "self_id", "gap", "rate"}, where);
        auto& ob = cfg.sinks.onebot;
        if (auto v = r.url(*st, "url")) ob.url = *v;
        if (auto v = r.str(*st, "access_token")) ob.access_token = *v;
        ob.merge = r.boolean(*st, "merge", false);
        if (const toml::node* n = st->get("self_id")) {
          if (n->is_integer() && *n->value<std::int64_t>() > 0) ob.self_id = std::to_string(*n->value<std::int64_t>());
          else r.fail(n, "'self_id' must be the bot's QQ number");
        }
        if (ob.merge && ob.self_id.empty())
          r.fail(st->get("merge"), "'merge = true' needs 'self_id' (the bot's QQ number, shown as the sender of merged posts)");
      } else {
        r.only(*st, {"gap", "rate"}, where);
      }
      SinkPacing pacing;
      pacing.gap = r.gap(*st, "gap");
      pacing.rate = r.rate(*st, "rate");
      if (pacing.gap || pacing.rate) cfg.sinks.pacing[kind] = pacing;
    }
  }

  std::map<std::string, int> names;
  if (const toml::node* n = root.get("target")) {
    const toml::array* list = n->as_array();
    if (!list) r.fail(n, "'target' must be an array of tables: [[target]]");
    for (const auto& item : *list) {
      const toml::table* t = item.as_table();
      if (!t) r.fail(&item, "each [[target]] must be a table");
      r.only(*t, {"name", "platform", "url", "interval", "backfill", "join"}, " in [[target]]");
      ConfigTarget ct;
      ct.line = static_cast<int>(t->source().begin.line);
      auto name = r.str(*t, "name");
      if (!name || name->empty()) r.fail(t, "[[target]] needs a 'name' (subscriptions refer to it)");
      if (names.count(*name))
        r.fail(t, "target name '" + *name + "' is already used at line " + std::to_string(names[*name]));
      names[*name] = ct.line;
      ct.target.name = *name;
      ct.target.platform = r.str(*t, "platform").value_or("rss");
      const Platform* platform = find_platform(ct.target.platform);
      if (!platform) r.fail(t->get("platform"), "unknown platform '" + ct.target.platform + "'");
      auto url = r.str(*t, "url");
      if (!url) r.fail(t, "[[target]] '" + *name + "' needs a 'url'");
      try {
        ct.target.key = platform->canonical_key(*url);
      } catch (const std::exception& e) {
        r.fail(t->get("url"), e.what());
      }
      ct.target.interval = r.duration(*t, "interval");
      ct.target.backfill = static_cast<int>(r.integer(*t, "backfill", 0).value_or(0));
      if (const toml::node* j = t->get("join")) {
        if (!j->is_boolean()) r.fail(j, "'join' must be true or false");
        if (ct.target.platform != "telegram") r.fail(j, "'join' is for telegram targets (an account joins the chat)");
        ct.target.join = *j->value<bool>();
      }
      ct.target.origin = "config";
      cfg.targets.push_back(std::move(ct));
    }
  }

  if (const toml::node* n = root.get("subscription")) {
    const toml::array* list = n->as_array();
    if (!list) r.fail(n, "'subscription' must be an array of tables: [[subscription]]");
    for (const auto& item : *list) {
      const toml::table* t = item.as_table();
      if (!t) r.fail(&item, "each [[subscription]] must be a table");
      r.only(*t, {"target", "to", "secret", "tags", "categories", "keywords", "exclude_keywords", "theme"},
             " in [[subscription]]");
      ConfigSubscription cs;
      cs.line = static_cast<int>(t->source().begin.line);
      auto target = r.str(*t, "target");
      if (!target) r.fail(t, "[[subscription]] needs a 'target' (a [[target]] name)");
      if (!names.count(*target)) r.fail(t->get("target"), "no [[target]] is named '" + *target + "'");
      cs.target_name = *target;
      auto to = r.str(*t, "to");
      if (!to) r.fail(t, "[[subscription]] needs 'to' (e.g. \"jsonl:out.jsonl\")");
      try {
        Destination d = parse_destination(*to);
        if (d.kind == "jsonl") d.address = relative_to(base, d.address);
        cs.subscription.subscriber.kind = d.kind;
        cs.subscription.subscriber.address = d.address;
      } catch (const std::exception& e) {
        r.fail(t->get("to"), e.what());
      }
      cs.subscription.subscriber.secret = r.str(*t, "secret").value_or("");
      cs.subscription.filters.tags = r.strings(*t, "tags");
      cs.subscription.filters.categories = r.strings(*t, "categories");
      cs.subscription.filters.keywords = r.strings(*t, "keywords");
      cs.subscription.filters.exclude_keywords = r.strings(*t, "exclude_keywords");
      cs.subscription.theme = r.str(*t, "theme").value_or("");
      if (!cs.subscription.theme.empty())
        check_theme(t->get("theme"), cs.subscription.theme, "in the [[subscription]] of target '" + *target + "'");
      cs.subscription.origin = "config";
      const std::string& kind = cs.subscription.subscriber.kind;
      if (kind == "telegram-bot" && cfg.sinks.telegram_bot.token.empty())
        r.fail(t->get("to"), "telegram-bot subscriptions need a bot token: set 'token' in [sink.telegram-bot]");
      if (kind == "onebot" && cfg.sinks.onebot.url.empty())
        r.fail(t->get("to"), "onebot subscriptions need the OneBot HTTP API: set 'url' in [sink.onebot]");
      cfg.subscriptions.push_back(std::move(cs));
    }
  }
  return cfg;
}

void check_sink_settings(const Config& config, Store& store) {
  std::string where = config.path.empty() ? "no config file" : config.path;
  for (const auto& s : store.subscriptions()) {
    if (!s.enabled) continue;
    std::string to = s.subscriber.kind + ":" + s.subscriber.address;
    if (s.subscriber.kind == "telegram-bot" && config.sinks.telegram_bot.token.empty())
      throw ConfigError(where + ": subscription " + std::to_string(s.id) + " pushes to " + to +
                        " but no bot token is set: add 'token' to [sink.telegram-bot]");
    if (s.subscriber.kind == "onebot" && config.sinks.onebot.url.empty())
      throw ConfigError(where + ": subscription " + std::to_string(s.id) + " pushes to " + to +
                        " but no OneBot endpoint is set: add 'url' to [sink.onebot]");
  }
}

namespace {
void apply_config_unlocked(const Config& config, Store& store) {
  std::map<std::string, Id> ids;  // config name → target id
  std::set<Id> declared;
  for (const auto& ct : config.targets) {
    Target t = ct.target;
    if (auto existing = store.find_target(t.platform, t.key)) {
      t.id = existing->id;
      store.update_target(t);
    } else {
      t.id = store.add_target(t);
    }
    ids[t.name] = t.id;
    declared.insert(t.id);
  }
  for (auto t : store.targets())
    if (t.origin == "config" && !declared.count(t.id) && t.enabled) {
      t.enabled = false;
      store.update_target(t);
    }
  std::set<Id> kept;
  auto existing = store.subscriptions();
  for (const auto& cs : config.subscriptions) {
    Id target = ids.at(cs.target_name);
    const auto& sub = cs.subscription;
    auto same = std::find_if(existing.begin(), existing.end(), [&](const Subscription& s) {
      return s.target_id == target && s.subscriber.kind == sub.subscriber.kind &&
             s.subscriber.address == sub.subscriber.address;
    });
    if (same != existing.end() && same->filters == sub.filters && same->theme == sub.theme &&
        same->subscriber.secret == sub.subscriber.secret) {
      kept.insert(same->id);
      continue;
    }
    if (same != existing.end()) {  // changed in place: its queued deliveries stay
      Subscription s = sub;
      s.id = same->id;
      store.update_subscription(s);
      kept.insert(s.id);
      continue;
    }
    Subscription s = sub;
    s.target_id = target;
    kept.insert(store.add_subscription(s));
  }
  for (const auto& s : existing)
    if (s.origin == "config" && !kept.count(s.id)) store.remove_subscription(s.id);
}
}  // namespace

void apply_config(const Config& config, Store& store) {
  // One transaction: the daemon and a CLI command given the same file may apply it at once.
  store.atomically([&] { apply_config_unlocked(config, store); });
}

}  // namespace gather
