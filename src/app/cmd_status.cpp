#include <iostream>
#include <map>

#include "app/commands.h"
#include "app/table.h"
#include "core/time_text.h"

namespace gather {
namespace json = boost::json;

namespace {
json::value time_json(const std::optional<TimePoint>& t) {
  return t ? json::value(format_rfc3339(*t)) : json::value(nullptr);
}

// A pin is a promise within the budgets: when the daemon planned the next fetch later than the
// pin allows, a budget (the credential's or the platform's anonymous one) is what holds it back.
bool held_by_budget(const Target& t, const FetchState& f) {
  if (!t.interval || !f.last_fetch_at || !f.next_fetch_at) return false;
  return *f.next_fetch_at - *f.last_fetch_at > *t.interval + std::max(*t.interval / 2, std::chrono::milliseconds{2000});
}
}  // namespace

void register_status_command(CLI::App& app, AppContext& ctx) {
  auto* status = app.add_subcommand("status", "Each target's last fetch, error, next fetch, posts seen; deliveries");
  status->callback([&ctx] {
    Store& store = ctx.store();
    auto now = std::chrono::system_clock::now();
    std::map<Id, int> subs;
    for (const auto& s : store.subscriptions()) ++subs[s.target_id];
    auto counts = store.outbox_counts();
    auto health = store.subscription_health();
    std::map<Id, Subscription> by_id;
    for (const auto& s : store.subscriptions()) by_id[s.id] = s;
    if (ctx.json) {
      json::array subscriptions;
      for (const auto& h : health) {
        const auto& s = by_id[h.subscription_id];
        subscriptions.push_back(json::object{
            {"id", h.subscription_id},
            {"target", s.target_id},
            {"to", s.subscriber.kind + ":" + s.subscriber.address},
            {"state", h.counts.dead > 0 ? "dead letters" : !h.last_error.empty() ? "retrying" : "ok"},
            {"delivered", h.counts.done},
            {"pending", h.counts.pending + h.counts.sending},
            {"dead", h.counts.dead},
            {"last_delivered", time_json(h.last_delivered_at)},
            {"error", h.last_error.empty() ? json::value(nullptr) : json::value(h.last_error)}});
      }
      json::array targets;
      for (const auto& t : store.targets()) {
        FetchState f = store.fetch_state(t.id);
        targets.push_back(json::object{{"id", t.id},
                                       {"platform", t.platform},
                                       {"key", t.key},
                                       {"name", t.name},
                                       {"title", f.feed_title},
                                       {"enabled", t.enabled},
                                       {"state", !t.enabled ? "disabled" : !f.last_error.empty() ? "error"
                                                                          : f.fetches == 0       ? "new"
                                                                                                 : "ok"},
                                       {"last_fetch", time_json(f.last_fetch_at)},
                                       {"last_ok", time_json(f.last_ok_at)},
                                       {"next_fetch", time_json(f.next_fetch_at)},
                                       {"pinned_interval_s", t.interval ? json::value(std::chrono::duration<double>(*t.interval).count()) : json::value(nullptr)},
                                       {"held_by_budget", held_by_budget(t, f)},
                                       {"last_new_post", time_json(f.last_new_at)},
                                       {"error", f.last_error.empty() ? json::value(nullptr) : json::value(f.last_error)},
                                       {"consecutive_errors", f.consecutive_errors},
                                       {"fetches", f.fetches},
                                       {"posts_seen", f.posts_seen},
                                       {"subscriptions", subs[t.id]}});
      }
      return print_json(json::object{
          {"targets", targets},
          {"subscriptions", subscriptions},
          {"deliveries",
           json::object{{"pending", counts.pending}, {"sending", counts.sending}, {"done", counts.done}, {"dead", counts.dead}}}});
    }
    Table table({"ID", "TARGET", "LAST FETCH", "RESULT", "NEXT FETCH", "SEEN", "SUBS"});
    for (const auto& t : store.targets()) {
      FetchState f = store.fetch_state(t.id);
      std::string label = !t.name.empty() ? t.name : !f.feed_title.empty() ? f.feed_title : t.key;
      if (label.size() > 48) label = label.substr(0, 45) + "...";
      std::string result = !t.enabled             ? "disabled"
                           : !f.last_error.empty() ? "error x" + std::to_string(f.consecutive_errors) + ": " + f.last_error
                           : f.fetches == 0        ? "not fetched yet"
                                                   : "ok";
      std::string next = t.enabled ? from_now(f.next_fetch_at, now) : "-";
      if (t.enabled && held_by_budget(t, f)) next += " (budget; pinned " + format_duration(*t.interval) + ")";
      table.add({std::to_string(t.id), label, ago(f.last_fetch_at, now), result, next, std::to_string(f.posts_seen), std::to_string(subs[t.id])});
    }
    std::cout << table.render();
    Table subs_table({"SUB", "TARGET", "TO", "DELIVERED", "PENDING", "DEAD", "LAST DELIVERY", "PROBLEM"});
    for (const auto& h : health) {
      const auto& s = by_id[h.subscription_id];
      std::string to = s.subscriber.kind + ":" + s.subscriber.address;
      if (to.size() > 40) to = to.substr(0, 37) + "...";
      subs_table.add({std::to_string(h.subscription_id), std::to_string(s.target_id), to, std::to_string(h.counts.done),
                      std::to_string(h.counts.pending + h.counts.sending), std::to_string(h.counts.dead),
                      ago(h.last_delivered_at, now), h.last_error.empty() ? "-" : h.last_error});
    }
    if (!health.empty()) std::cout << "\n" << subs_table.render();
    std::cout << "\ndeliveries: " << counts.done << " delivered, " << counts.pending << " pending, " << counts.sending
              << " in flight, " << counts.dead << " dead\n";
  });
}

}  // namespace gather
