#include "sim/scheduling/scenario.h"

#include <boost/json.hpp>

#include <algorithm>
#include <cmath>
#include <fstream>
#include <map>
#include <numbers>
#include <sstream>

#include "sim/rng.h"

namespace gather::simsched {

namespace json = boost::json;

namespace {

constexpr double kDay = 86400;

[[noreturn]] void fail(const std::string& path, const std::string& what) { throw ScenarioError(path + " " + what); }

std::string join(const std::string& path, const std::string& key) { return path.empty() ? key : path + "." + key; }
std::string at(const std::string& path, std::size_t i) { return path + "[" + std::to_string(i) + "]"; }

const json::object& as_object(const json::value& v, const std::string& path) {
  if (!v.is_object()) fail(path, "must be an object");
  return v.get_object();
}

const json::value* find(const json::object& o, const char* key) {
  auto it = o.find(key);
  return it == o.end() ? nullptr : &it->value();
}

std::optional<double> number(const json::value& v) {
  if (v.is_double()) return v.get_double();
  if (v.is_int64()) return static_cast<double>(v.get_int64());
  if (v.is_uint64()) return static_cast<double>(v.get_uint64());
  return std::nullopt;
}

// A number in [lo, hi] (hi = inf by default); `rule` is the human wording of the constraint.
double get_number(const json::object& o, const char* key, const std::string& path, double lo, double hi,
                  const std::string& rule, std::optional<double> fallback = std::nullopt) {
  const auto* v = find(o, key);
  std::string p = join(path, key);
  if (!v) {
    if (fallback) return *fallback;
    fail(p, "is required (" + rule + ")");
  }
  auto n = number(*v);
  if (!n || !std::isfinite(*n) || *n < lo || *n > hi) fail(p, "must be " + rule);
  return *n;
}

int get_int(const json::object& o, const char* key, const std::string& path, long long lo,
            std::optional<int> fallback = std::nullopt) {
  const auto* v = find(o, key);
  std::string p = join(path, key);
  std::string rule = "an integer >= " + std::to_string(lo);
  if (!v) {
    if (fallback) return *fallback;
    fail(p, "is required (" + rule + ")");
  }
  long long n;
  if (v->is_int64()) n = v->get_int64();
  else if (v->is_uint64() && v->get_uint64() < (1ULL << 31)) n = static_cast<long long>(v->get_uint64());
  else if (v->is_double() && std::floor(v->get_double()) == v->get_double() && std::abs(v->get_double()) < 2e9)
    n = static_cast<long long>(v->get_double());
  else fail(p, "must be " + rule);
  if (n < lo || n > 2'000'000'000) fail(p, "must be " + rule);
  return static_cast<int>(n);
}

std::string get_string(const json::object& o, const char* key, const std::string& path,
                       std::optional<std::string> fallback = std::nullopt) {
  const auto* v = find(o, key);
  std::string p = join(path, key);
  if (!v) {
    if (fallback) return *fallback;
    fail(p, "is required (a non-empty string)");
  }
  if (!v->is_string() || v->get_string().empty()) fail(p, "must be a non-empty string");
  return std::string(v->get_string());
}

bool get_bool(const json::object& o, const char* key, const std::string& path, bool fallback) {
  const auto* v = find(o, key);
  if (!v) return fallback;
  if (!v->is_bool()) fail(join(path, key), "must be true or false");
  return v->get_bool();
}

void check_keys(const json::object& o, const std::string& path, std::initializer_list<const char*> allowed) {
  for (const auto& kv : o) {
    bool ok = false;
    for (const char* a : allowed) ok = ok || kv.key() == a;
    if (!ok) fail(join(path, std::string(kv.key())), "is not a known key");
  }
}

struct Limit {
  int requests = 0;
  double window_s = 0;
};

Limit get_limit(const json::object& o, const std::string& path) {
  check_keys(o, path, {"requests", "window_s"});
  Limit l;
  l.requests = get_int(o, "requests", path, 1);
  l.window_s = get_number(o, "window_s", path, 1e-9, INFINITY, "a number > 0");
  if (l.window_s <= 0) fail(join(path, "window_s"), "must be a number > 0");
  return l;
}

// ---- shared resolution state ----------------------------------------------------------------

struct Builder {
  Scenario s;
  std::map<std::string, int> platform_index;
  std::map<std::string, int> tenant_index;
  std::map<std::string, int> target_index;
  std::vector<std::optional<Limit>> anonymous;  // per platform

  int tenant(const std::string& name) {
    auto [it, inserted] = tenant_index.emplace(name, static_cast<int>(s.tenants.size()));
    if (inserted) s.tenants.push_back(name);
    return it->second;
  }

  // Appends the anonymous credentials and sorts every reach set.
  void finish() {
    for (std::size_t p = 0; p < s.platforms.size(); ++p) {
      if (!anonymous[p]) continue;
      SimCredential c;
      c.id = "anonymous:" + s.platforms[p];
      c.platform = static_cast<int>(p);
      c.scope = policy::Scope::anonymous;
      c.requests = anonymous[p]->requests;
      c.window_s = anonymous[p]->window_s;
      for (std::size_t t = 0; t < s.targets.size(); ++t)
        if (s.targets[t].platform == static_cast<int>(p) && s.targets[t].is_public) c.reach.push_back(static_cast<int>(t));
      s.credentials.push_back(std::move(c));
    }
    for (auto& c : s.credentials) {
      std::sort(c.reach.begin(), c.reach.end());
      c.reach.erase(std::unique(c.reach.begin(), c.reach.end()), c.reach.end());
    }
  }
};

void parse_platforms(Builder& b, const json::object& root) {
  const auto* v = find(root, "platforms");
  if (!v) fail("platforms", "is required (an object of platform names)");
  const auto& o = as_object(*v, "platforms");
  if (o.empty()) fail("platforms", "must name at least one platform");
  for (const auto& kv : o) {
    std::string name(kv.key());
    std::string path = "platforms." + name;
    const auto& p = as_object(kv.value(), path);
    check_keys(p, path, {"anonymous", "flood_wait", "resolve"});
    b.platform_index[name] = static_cast<int>(b.s.platforms.size());
    b.s.platforms.push_back(name);
    std::optional<Limit> anon;
    if (const auto* a = find(p, "anonymous"); a && !a->is_null())
      anon = get_limit(as_object(*a, path + ".anonymous"), path + ".anonymous");
    b.anonymous.push_back(anon);
    PlatformRules rules;
    if (const auto* f = find(p, "flood_wait"); f && !f->is_null()) {
      std::string fp = path + ".flood_wait";
      const auto& fo = as_object(*f, fp);
      check_keys(fo, fp, {"wait_s", "probability", "limit"});
      FloodWaitRule r;
      r.wait_s = get_number(fo, "wait_s", fp, 0, INFINITY, "a number >= 0");
      r.probability = get_number(fo, "probability", fp, 0, 1, "a number in [0, 1]", 0.0);
      if (const auto* l = find(fo, "limit"); l && !l->is_null()) {
        Limit lim = get_limit(as_object(*l, fp + ".limit"), fp + ".limit");
        r.requests = lim.requests;
        r.window_s = lim.window_s;
      }
      rules.flood_wait = r;
    }
    if (const auto* r = find(p, "resolve"); r && !r->is_null()) {
      std::string rp = path + ".resolve";
      Limit lim = get_limit(as_object(*r, rp), rp);
      rules.resolve = ResolveRule{lim.requests, lim.window_s};
    }
    b.s.rules.push_back(rules);
  }
}

int platform_of(Builder& b, const json::object& o, const std::string& path) {
  std::string name = get_string(o, "platform", path, b.s.platforms.size() == 1 ? b.s.platforms[0] : std::optional<std::string>{});
  auto it = b.platform_index.find(name);
  if (it == b.platform_index.end()) fail(join(path, "platform"), "names no platform in platforms: '" + name + "'");
  return it->second;
}

void parse_targets(Builder& b, const json::value& v) {
  if (!v.is_array()) fail("targets", "must be an array");
  const auto& arr = v.get_array();
  for (std::size_t i = 0; i < arr.size(); ++i) {
    std::string path = at("targets", i);
    const auto& o = as_object(arr[i], path);
    check_keys(o, path, {"id", "platform", "rate_per_hour", "public", "diurnal", "weight", "subscribers", "posts_s", "live"});
    SimTarget t;
    t.id = get_string(o, "id", path);
    if (b.target_index.count(t.id)) fail(join(path, "id"), "repeats target id '" + t.id + "'");
    t.platform = platform_of(b, o, path);
    t.rate_per_s = get_number(o, "rate_per_hour", path, 0, INFINITY, "a number >= 0", 0.0) / 3600.0;
    if (!find(o, "rate_per_hour") && !find(o, "posts_s")) fail(join(path, "rate_per_hour"), "is required (a number >= 0)");
    t.is_public = get_bool(o, "public", path, true);
    t.diurnal = get_number(o, "diurnal", path, 0, 1, "a number in [0, 1]", 0.0);
    t.weight = get_number(o, "weight", path, 1e-12, INFINITY, "a number > 0", 1.0);
    t.live = get_bool(o, "live", path, false);
    if (const auto* subs = find(o, "subscribers")) {
      std::string sp = join(path, "subscribers");
      if (!subs->is_array()) fail(sp, "must be an array");
      const auto& sa = subs->get_array();
      for (std::size_t k = 0; k < sa.size(); ++k) {
        std::string kp = at(sp, k);
        const auto& so = as_object(sa[k], kp);
        check_keys(so, kp, {"tenant"});
        if (const auto* tn = find(so, "tenant"); tn && !tn->is_null())
          t.subscriber_tenants.push_back(b.tenant(get_string(so, "tenant", kp)));
        else
          t.subscriber_tenants.push_back(-1);
      }
    } else {
      t.subscriber_tenants.push_back(-1);
    }
    if (const auto* ps = find(o, "posts_s")) {
      std::string pp = join(path, "posts_s");
      if (!ps->is_array()) fail(pp, "must be an array of numbers >= 0");
      std::vector<double> times;
      for (std::size_t k = 0; k < ps->get_array().size(); ++k) {
        auto n = number(ps->get_array()[k]);
        if (!n || !std::isfinite(*n) || *n < 0) fail(at(pp, k), "must be a number >= 0");
        times.push_back(*n);
      }
      std::sort(times.begin(), times.end());
      t.posts_s = std::move(times);
    }
    b.target_index[t.id] = static_cast<int>(b.s.targets.size());
    b.s.targets.push_back(std::move(t));
  }
}

void parse_credentials(Builder& b, const json::value& v) {
  if (!v.is_array()) fail("credentials", "must be an array");
  const auto& arr = v.get_array();
  std::map<std::string, int> seen;
  for (std::size_t i = 0; i < arr.size(); ++i) {
    std::string path = at("credentials", i);
    const auto& o = as_object(arr[i], path);
    check_keys(o, path, {"id", "platform", "tenant", "scope", "limit", "targets", "expires_at_s"});
    SimCredential c;
    c.id = get_string(o, "id", path);
    if (seen.count(c.id)) fail(join(path, "id"), "repeats credential id '" + c.id + "'");
    seen[c.id] = 1;
    c.platform = platform_of(b, o, path);
    c.tenant = b.tenant(get_string(o, "tenant", path));
    std::string scope = get_string(o, "scope", path, "shared");
    if (scope == "shared") c.scope = policy::Scope::shared;
    else if (scope == "private") c.scope = policy::Scope::private_;
    else fail(join(path, "scope"), "must be \"shared\" or \"private\"");
    const auto* lim = find(o, "limit");
    if (!lim) fail(join(path, "limit"), "is required ({\"requests\":N,\"window_s\":S})");
    Limit l = get_limit(as_object(*lim, join(path, "limit")), join(path, "limit"));
    c.requests = l.requests;
    c.window_s = l.window_s;
    const auto* tv = find(o, "targets");
    std::string tp = join(path, "targets");
    if (!tv) fail(tp, "is required (\"*\" or a list of target ids)");
    if (tv->is_string() && tv->get_string() == "*") {
      for (std::size_t t = 0; t < b.s.targets.size(); ++t)
        if (b.s.targets[t].platform == c.platform) c.reach.push_back(static_cast<int>(t));
    } else if (tv->is_array()) {
      const auto& ta = tv->get_array();
      for (std::size_t k = 0; k < ta.size(); ++k) {
        if (!ta[k].is_string()) fail(at(tp, k), "must be a target id");
        std::string id(ta[k].get_string());
        auto it = b.target_index.find(id);
        if (it == b.target_index.end()) fail(at(tp, k), "names no target: '" + id + "'");
        if (b.s.targets[it->second].platform != c.platform)
          fail(at(tp, k), "is target '" + id + "' of another platform");
        c.reach.push_back(it->second);
      }
    } else {
      fail(tp, "must be \"*\" or a list of target ids");
    }
    if (const auto* e = find(o, "expires_at_s"); e && !e->is_null())
      c.expires_at_s = get_number(o, "expires_at_s", path, 0, INFINITY, "a number >= 0 or null");
    b.s.credentials.push_back(std::move(c));
  }
}

// ---- generate ------------------------------------------------------------------------------

double normal(sim::Rng& rng) {
  double u1 = 1.0 - rng.uniform();  // (0, 1]
  double u2 = rng.uniform();
  return std::sqrt(-2.0 * std::log(u1)) * std::cos(2.0 * std::numbers::pi * u2);
}

// Fisher–Yates with our own generator so a seed means the same population everywhere.
template <class T>
void shuffle(std::vector<T>& v, sim::Rng& rng) {
  for (std::size_t i = v.size(); i > 1; --i) {
    auto j = static_cast<std::size_t>(rng.next() % i);
    std::swap(v[i - 1], v[j]);
  }
}

void generate(Builder& b, const json::object& g) {
  const std::string path = "generate";
  check_keys(g, path, {"targets", "credentials", "rate", "coverage", "public_fraction", "private_fraction", "limit",
                       "tenants", "diurnal", "platform", "live_fraction"});
  int n = get_int(g, "targets", path, 1);
  int m = get_int(g, "credentials", path, 0);
  double coverage = get_number(g, "coverage", path, 0, 1, "a number in [0, 1]", 1.0);
  double public_fraction = get_number(g, "public_fraction", path, 0, 1, "a number in [0, 1]", 0.0);
  double private_fraction = get_number(g, "private_fraction", path, 0, 1, "a number in [0, 1]", 0.0);
  int tenants = get_int(g, "tenants", path, 1, 3);
  double diurnal = get_number(g, "diurnal", path, 0, 1, "a number in [0, 1]", 0.0);
  double live_fraction = get_number(g, "live_fraction", path, 0, 1, "a number in [0, 1]", 0.0);
  Limit limit{10, 60};
  if (const auto* l = find(g, "limit")) limit = get_limit(as_object(*l, path + ".limit"), path + ".limit");
  int platform = platform_of(b, g, path);

  // Rates: drawn, then scaled so their mean is exactly mean_per_hour.
  const auto* rv = find(g, "rate");
  if (!rv) fail(path + ".rate", "is required ({\"dist\":..., \"mean_per_hour\":x})");
  std::string rp = path + ".rate";
  const auto& r = as_object(*rv, rp);
  check_keys(r, rp, {"dist", "mean_per_hour", "s", "min", "max", "sigma"});
  std::string dist = get_string(r, "dist", rp);
  double mean = get_number(r, "mean_per_hour", rp, 0, INFINITY, "a number >= 0");
  sim::Rng rng(sim::mix64(b.s.seed, 0x67656e));  // "gen"
  std::vector<double> rate(n);
  if (dist == "zipf") {
    double s = get_number(r, "s", rp, 0, 10, "a number in [0, 10]", 1.0);
    for (int i = 0; i < n; ++i) rate[i] = 1.0 / std::pow(i + 1.0, s);
    shuffle(rate, rng);
  } else if (dist == "uniform") {
    double lo = get_number(r, "min", rp, 0, INFINITY, "a number >= 0", 1.0);
    double hi = get_number(r, "max", rp, lo, INFINITY, "a number >= rate.min", std::max(lo, 1.0));
    for (int i = 0; i < n; ++i) rate[i] = lo + (hi - lo) * rng.uniform();
  } else if (dist == "lognormal") {
    double sigma = get_number(r, "sigma", rp, 0, 10, "a number in [0, 10]", 1.0);
    for (int i = 0; i < n; ++i) rate[i] = std::exp(sigma * normal(rng));
  } else {
    fail(rp + ".dist", "must be \"zipf\", \"uniform\" or \"lognormal\"");
  }
  double sum = 0;
  for (double x : rate) sum += x;
  for (double& x : rate) x = sum > 0 ? x * mean * n / sum : mean;

  std::vector<int> tenant_ids;
  for (int k = 0; k < tenants; ++k) tenant_ids.push_back(b.tenant("tenant" + std::to_string(k + 1)));

  // Targets: the first round(public_fraction·n) of a shuffled order are public; each has one
  // subscriber, of tenant (i mod tenants).
  std::vector<int> order(n);
  for (int i = 0; i < n; ++i) order[i] = i;
  shuffle(order, rng);
  auto n_public = static_cast<int>(std::lround(public_fraction * n));
  std::vector<bool> is_public(n, false);
  for (int i = 0; i < n_public; ++i) is_public[order[i]] = true;
  // Live: the last round(live_fraction·n) of the same order (independent of being public when
  // both fractions leave room), drawn before the credentials so live_fraction 0 changes nothing.
  auto n_live = static_cast<int>(std::lround(live_fraction * n));
  std::vector<bool> is_live(n, false);
  for (int i = 0; i < n_live; ++i) is_live[order[n - 1 - i]] = true;
  int base = static_cast<int>(b.s.targets.size());
  for (int i = 0; i < n; ++i) {
    SimTarget t;
    t.id = "t" + std::to_string(i + 1);
    t.platform = platform;
    t.is_public = is_public[i];
    t.rate_per_s = rate[i] / 3600.0;
    t.diurnal = diurnal;
    t.live = is_live[i];
    t.subscriber_tenants = {tenant_ids[i % tenants]};
    b.target_index[t.id] = base + i;
    b.s.targets.push_back(std::move(t));
  }

  // Credentials: tenant (j mod tenants); the first round(private_fraction·m) private; each reaches
  // max(1, round(coverage·n)) targets drawn without replacement. Then every non-public target
  // that no credential reaches is given to one random credential, so every target is reachable.
  auto n_private = static_cast<int>(std::lround(private_fraction * m));
  auto per_cred = std::max(1, static_cast<int>(std::lround(coverage * n)));
  std::vector<bool> reached(n, false);
  int cbase = static_cast<int>(b.s.credentials.size());
  for (int j = 0; j < m; ++j) {
    SimCredential c;
    c.id = "c" + std::to_string(j + 1);
    c.platform = platform;
    c.tenant = tenant_ids[j % tenants];
    c.scope = j < n_private ? policy::Scope::private_ : policy::Scope::shared;
    c.requests = limit.requests;
    c.window_s = limit.window_s;
    if (per_cred >= n) {
      for (int i = 0; i < n; ++i) c.reach.push_back(base + i);
    } else {
      // Partial Fisher–Yates over a fresh index list: per_cred distinct targets.
      std::vector<int> pick(order);
      for (int k = 0; k < per_cred; ++k) {
        auto r2 = k + static_cast<int>(rng.next() % static_cast<std::uint64_t>(n - k));
        std::swap(pick[k], pick[r2]);
        c.reach.push_back(base + pick[k]);
      }
    }
    for (int t : c.reach) reached[t - base] = true;
    b.s.credentials.push_back(std::move(c));
  }
  bool anon = b.anonymous[platform].has_value();
  for (int i = 0; i < n && m > 0; ++i) {
    if (reached[i] || (anon && is_public[i])) continue;
    // A shared credential if there is one, so the posts reach the subscriber.
    int first_shared = n_private < m ? n_private : 0;
    int j = first_shared + static_cast<int>(rng.next() % static_cast<std::uint64_t>(m - first_shared));
    b.s.credentials[cbase + j].reach.push_back(base + i);
  }
}

}  // namespace

double Scenario::rate_at(int t, double s) const {
  const auto& x = targets[t];
  return x.rate_per_s * (1.0 + x.diurnal * std::sin(2.0 * std::numbers::pi * s / kDay));
}

double Scenario::mean_rate(int t, double a, double b) const {
  const auto& x = targets[t];
  if (b <= a) return rate_at(t, a);
  double w = 2.0 * std::numbers::pi / kDay;
  double integral_sin = (std::cos(w * a) - std::cos(w * b)) / w;
  return x.rate_per_s * (1.0 + x.diurnal * integral_sin / (b - a));
}

bool Scenario::delivers(int c, int t) const {
  const auto& cred = credentials[c];
  if (cred.scope != policy::Scope::private_) return true;
  for (int tenant : targets[t].subscriber_tenants)
    if (tenant == cred.tenant) return true;
  return false;
}

Scenario parse_scenario(const json::value& doc, std::optional<std::uint64_t> seed_override) {
  Builder b;
  const auto& root = as_object(doc, "scenario");
  check_keys(root, "", {"seed", "duration_s", "page_size", "max_interval_s", "ban_s", "platforms", "targets",
                        "credentials", "generate", "description"});
  if (const auto* sv = find(root, "seed")) {
    if (sv->is_uint64()) b.s.seed = sv->get_uint64();
    else if (sv->is_int64() && sv->get_int64() >= 0) b.s.seed = static_cast<std::uint64_t>(sv->get_int64());
    else fail("seed", "must be an integer >= 0");
  }
  if (seed_override) b.s.seed = *seed_override;
  b.s.duration_s = get_number(root, "duration_s", "", 1, 1e9, "a number in [1, 1e9]", 86400.0);
  b.s.page_size = get_int(root, "page_size", "", 1, 20);
  b.s.max_interval_s = get_number(root, "max_interval_s", "", 1e-3, INFINITY, "a number > 0", 3600.0);
  b.s.ban_s = get_number(root, "ban_s", "", 0, INFINITY, "a number >= 0", 1800.0);
  parse_platforms(b, root);
  const auto* gen = find(root, "generate");
  const auto* targets = find(root, "targets");
  const auto* creds = find(root, "credentials");
  if (gen && (targets || creds)) fail("generate", "cannot be combined with targets or credentials");
  if (gen) {
    generate(b, as_object(*gen, "generate"));
  } else {
    if (!targets) fail("targets", "is required (or a generate object)");
    parse_targets(b, *targets);
    if (creds) parse_credentials(b, *creds);
  }
  b.finish();
  return std::move(b.s);
}

Scenario load_scenario(const std::string& path, std::optional<std::uint64_t> seed_override) {
  std::ifstream in(path);
  if (!in) throw ScenarioError(path + ": cannot read the file");
  std::stringstream ss;
  ss << in.rdbuf();
  boost::system::error_code ec;
  json::value doc = json::parse(ss.str(), ec);
  if (ec) throw ScenarioError(path + ": not valid JSON: " + ec.message());
  try {
    return parse_scenario(doc, seed_override);
  } catch (const ScenarioError& e) {
    throw ScenarioError(path + ": " + e.what());
  }
}

policy::World to_world(const Scenario& s, bool oracle, policy::TimePoint start) {
  policy::World w;
  w.start = start;
  w.max_interval_s = s.max_interval_s;
  w.page_size = s.page_size;
  w.platforms = s.platforms;
  for (const auto& t : s.targets) {
    policy::TargetInfo ti;
    ti.id = t.id;
    ti.platform = t.platform;
    ti.is_public = t.is_public;
    ti.weight = t.weight;
    // As the daemon's planner does (schedule/policy_planner.cpp, traits.live): a live chat's posts
    // arrive pushed, so it is polled only as a safety net, as slowly as allowed.
    if (t.live) ti.pinned_interval_s = s.max_interval_s;
    for (int tenant : t.subscriber_tenants) ti.subscriber_tenants.push_back(tenant < 0 ? "" : s.tenants[tenant]);
    w.targets.push_back(std::move(ti));
  }
  for (const auto& c : s.credentials) {
    policy::CredentialInfo ci;
    ci.id = c.id;
    ci.platform = c.platform;
    ci.tenant = c.tenant < 0 ? "" : s.tenants[c.tenant];
    ci.scope = c.scope;
    ci.requests = c.requests;
    ci.window_s = c.window_s;
    ci.reach = c.reach;
    // An account on a platform with a resolve budget: its first read of a chat costs a resolve.
    ci.sticky = c.scope != policy::Scope::anonymous && static_cast<std::size_t>(c.platform) < s.rules.size() &&
                s.rules[c.platform].resolve.has_value();
    if (c.expires_at_s)
      ci.expires_at = start + std::chrono::duration_cast<policy::TimePoint::duration>(
                                  std::chrono::duration<double>(*c.expires_at_s));
    w.credentials.push_back(std::move(ci));
  }
  if (oracle) {
    std::vector<policy::TrueRate> rates;
    for (const auto& t : s.targets) rates.push_back({t.rate_per_s, t.diurnal});
    w.true_rates = std::move(rates);
  }
  return w;
}

}  // namespace gather::simsched
