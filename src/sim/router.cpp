// Request routing and the /_sim admin endpoints. handle() is the only entry: it takes the lock,
// routes, and turns a BadRequest from any route into a 400 JSON answer.
#include <boost/json.hpp>

#include <charconv>
#include <string_view>
#include <vector>

#include "core/time_text.h"
#include "sim/reply.h"
#include "sim/sim_core.h"
#include "sim/weibo_format.h"

namespace gather::sim {

namespace {

std::vector<std::string_view> segments(std::string_view path) {
  std::vector<std::string_view> out;
  while (!path.empty()) {
    if (path.front() == '/') {
      path.remove_prefix(1);
      continue;
    }
    std::size_t slash = path.find('/');
    out.push_back(path.substr(0, slash));
    if (slash == std::string_view::npos) break;
    path.remove_prefix(slash);
  }
  return out;
}

// "12" out of "12.xml" when the suffix matches.
std::optional<int> index_with_suffix(std::string_view seg, std::string_view suffix) {
  if (!seg.ends_with(suffix)) return std::nullopt;
  seg.remove_suffix(suffix.size());
  auto v = parse_int(seg);
  if (!v || *v < 0 || *v > 1'000'000'000) return std::nullopt;
  return static_cast<int>(*v);
}

boost::json::object time_json(TimePoint now, bool virtual_time) {
  return {{"now", format_rfc3339(now)},
          {"unix", std::chrono::duration_cast<std::chrono::seconds>(now.time_since_epoch()).count()},
          {"virtual", virtual_time}};
}

boost::json::object post_json(const SimPost& p) {
  boost::json::array cats;
  for (const auto& c : p.categories) cats.emplace_back(c);
  boost::json::object o{{"feed", p.feed},   {"index", p.index}, {"id", p.id},
                        {"url", p.url},     {"title", p.title}, {"published", format_rfc3339(p.published)},
                        {"categories", std::move(cats)}};
  if (p.image_url) o["image"] = *p.image_url;
  o["weibo"] = weibo_ground_truth(p);  // how the post shows on Weibo: mid, fans-only, long
  return o;
}

SimReply method_not_allowed() { return error_reply(405, "method not allowed"); }

}  // namespace

SimReply SimCore::handle(const ServerRequest& req) {
  std::lock_guard lock(mu_);
  try {
    return route(req);
  } catch (const BadRequest& e) {
    return error_reply(400, e.what());
  }
}

SimReply SimCore::route(const ServerRequest& req) {
  auto seg = segments(req.path);
  const std::string& m = req.method;
  bool get = m == "GET";
  bool post = m == "POST";

  if (seg.size() == 2 && seg[0] == "feeds") {
    std::optional<int> i = index_with_suffix(seg[1], ".xml");
    if (!i) i = index_with_suffix(seg[1], ".json");
    // Each feed lives at exactly one path; the other extension is a 404 like any unknown path.
    if (i && valid_feed(*i) && feed_path(*i) == "/feeds/" + std::string(seg[1])) {
      return get ? serve_feed(req, *i) : method_not_allowed();
    }
  } else if (seg.size() == 3 && seg[0] == "posts") {
    auto i = index_with_suffix(seg[1], "");
    auto k = index_with_suffix(seg[2], "");
    if (i && k) return get ? serve_post_page(*i, *k) : method_not_allowed();
  } else if (seg.size() == 3 && seg[0] == "media") {
    auto i = index_with_suffix(seg[1], "");
    auto k = index_with_suffix(seg[2], ".jpg");
    if (i && k) return get ? serve_media(*i, *k) : method_not_allowed();
  } else if (seg.size() == 2 && seg[0] == "s") {
    return get ? serve_telegram(req, seg[1]) : method_not_allowed();
  } else if (seg.size() >= 2 && (seg[0] == "api" || seg[0] == "statuses")) {
    return get ? serve_weibo(req) : method_not_allowed();
  } else if (seg.size() >= 2 && seg[0] == "x") {
    return get ? serve_bilibili(req) : method_not_allowed();
  } else if (req.path == "/room/v1/Room/get_status_info_by_uids") {
    return post ? serve_bilibili_live(req) : method_not_allowed();
  } else if (seg.size() == 2 && seg[0] == "_tdsim") {
    return tdsim_route(req, seg[1]);
  } else if (seg.size() == 2 && seg[0] == "hook") {
    return post ? receive_hook(req, std::string(seg[1])) : method_not_allowed();
  } else if (seg.size() >= 2 && seg[0] == "_sim") {
    std::string_view what = seg[1];
    if (seg.size() == 2 && what == "publish") return post ? admin_publish(req) : method_not_allowed();
    if (seg.size() == 2 && what == "posts") return get ? admin_posts(req) : method_not_allowed();
    if (seg.size() == 2 && what == "advance") return post ? admin_advance(req) : method_not_allowed();
    if (seg.size() == 2 && what == "time") return get ? admin_time() : method_not_allowed();
    if (seg.size() == 2 && what == "fault") {
      if (m == "DELETE") {
        faults_.clear();
        return json_reply(200, boost::json::object{{"cleared", true}});
      }
      return post ? admin_fault(req) : method_not_allowed();
    }
    if (seg.size() == 3 && what == "weibo") return weibo_admin(req, seg[2]);
    if (seg.size() == 2 && what == "stats") return get ? json_reply(200, stats_.to_json()) : method_not_allowed();
    if (seg.size() == 3 && what == "bilibili") return admin_bilibili(req, seg[2]);
    if (seg.size() == 3 && what == "tg") return tg_admin(req, seg[2]);
    if (seg.size() == 3 && what == "hook") {
      std::string name(seg[2]);
      if (get) return json_reply(200, hooks_.to_json(name));
      if (m == "DELETE") {
        hooks_.clear(name);
        return json_reply(200, boost::json::object{{"cleared", true}});
      }
      return method_not_allowed();
    }
  }
  return error_reply(404, "not found: " + req.path);
}

SimReply SimCore::admin_publish(const ServerRequest& req) {
  long long feed = int_param(req, "feed");
  long long n = int_param(req, "n", 1);
  if (feed < 0 || feed >= options_.feeds) throw BadRequest("no such feed");
  if (n < 1 || n > 10'000) throw BadRequest("n must be in 1..10000");
  boost::json::array ids;
  for (auto& id : publish_locked(static_cast<int>(feed), static_cast<int>(n))) ids.emplace_back(id);
  return json_reply(200, boost::json::object{{"published", std::move(ids)}});
}

SimReply SimCore::admin_posts(const ServerRequest& req) {
  std::optional<int> feed;
  if (req.param("feed")) {
    long long f = int_param(req, "feed");
    if (f < 0 || f >= options_.feeds) throw BadRequest("no such feed");
    feed = static_cast<int>(f);
  }
  boost::json::array list;
  for (const SimPost& p : posts_locked(feed)) list.emplace_back(post_json(p));
  return json_reply(200, boost::json::object{{"posts", std::move(list)}});
}

SimReply SimCore::admin_advance(const ServerRequest& req) {
  if (!manual_) throw BadRequest("virtual time is off; start the simulator with virtual time to advance it");
  auto text = req.param("s");
  if (!text) throw BadRequest("missing parameter s");
  double s = 0;
  auto [end, ec] = std::from_chars(text->data(), text->data() + text->size(), s);
  if (ec != std::errc{} || end != text->data() + text->size() || s < 0) throw BadRequest("s must be seconds >= 0");
  manual_->advance(std::chrono::duration_cast<std::chrono::nanoseconds>(std::chrono::duration<double>(s)));
  return admin_time();
}

SimReply SimCore::admin_time() { return json_reply(200, time_json(clock_.now(), manual_ != nullptr)); }

SimReply SimCore::admin_fault(const ServerRequest& req) {
  auto kind = req.param("kind");
  if (!kind) throw BadRequest("missing parameter kind");
  long long count = int_param(req, "count", 1);
  long long retry_after = int_param(req, "retry_after", 5);
  long long delay_ms = int_param(req, "delay_ms", 1000);
  if (retry_after < 0 || delay_ms < 0) throw BadRequest("retry_after and delay_ms must be >= 0");
  auto fault = parse_fault(*kind, static_cast<int>(retry_after), std::chrono::milliseconds{delay_ms});
  if (!fault) throw BadRequest("unknown fault kind " + *kind);

  std::vector<std::string> keys;
  if (auto hook = req.param("hook")) {
    if (hook->empty()) throw BadRequest("empty hook name");
    keys.push_back("hook:" + *hook);
  } else if (auto feed = req.param("feed"); feed && *feed == "all") {
    for (int i = 0; i < options_.feeds; ++i) keys.push_back("feed:" + std::to_string(i));
  } else {
    long long f = int_param(req, "feed");
    if (f < 0 || f >= options_.feeds) throw BadRequest("no such feed");
    keys.push_back("feed:" + std::to_string(f));
  }
  boost::json::array queued;
  for (const auto& key : keys) {
    faults_.add(key, *fault, static_cast<int>(count));
    queued.emplace_back(key);
  }
  return json_reply(200, boost::json::object{{"queued", std::move(queued)}, {"kind", fault_name(*fault)}, {"count", count}});
}

SimReply SimCore::receive_hook(const ServerRequest& req, const std::string& name) {
  std::optional<Fault> fault = faults_.take("hook:" + name);
  stats_.hook(fault.has_value());
  // A failed call is not a delivery: the sender has to retry, and only the retry counts.
  if (fault && fault->kind == FaultKind::status) {
    SimReply r = error_reply(fault->status, "simulated " + std::to_string(fault->status));
    if (fault->status == 429) r.response.headers.emplace_back("Retry-After", std::to_string(fault->retry_after_s));
    return r;
  }
  if (fault && fault->kind == FaultKind::reset) {
    SimReply r = error_reply(200, "reset");
    r.response.truncate_at = 0;
    return r;
  }

  HookDelivery d;
  d.headers = req.headers;
  d.body = req.body;
  d.received_at = clock_.now();
  d.signature_ok = options_.hook_secret.empty() || hook_signature_ok(options_.hook_secret, req.headers, req.body);
  hooks_.record(name, d);

  SimReply r = d.signature_ok ? json_reply(200, boost::json::object{{"ok", true}})
                              : error_reply(401, "bad or missing X-Gather-Signature");
  if (fault && fault->kind == FaultKind::slow) r.delay = fault->delay;
  if (fault && fault->kind == FaultKind::truncated) r.response.truncate_at = r.response.body.size() / 2;
  if (fault && fault->kind == FaultKind::malformed) r.response.body = "{\"ok\":tr<<garbage";
  return r;
}

}  // namespace gather::sim
