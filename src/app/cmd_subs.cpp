#include <iostream>

#include "app/commands.h"
#include "app/table.h"
#include "deliver/sink.h"
#include "theme/theme_engine.h"

namespace gather {
namespace json = boost::json;

namespace {

json::array strings(const std::vector<std::string>& v) {
  json::array a;
  for (const auto& s : v) a.emplace_back(s);
  return a;
}

std::string joined(const std::vector<std::string>& v) {
  std::string out;
  for (const auto& s : v) out += (out.empty() ? "" : ",") + s;
  return out;
}

std::string filter_summary(const Filters& f) {
  std::string out;
  auto part = [&](const char* name, const std::vector<std::string>& v) {
    if (!v.empty()) out += (out.empty() ? "" : " ") + std::string(name) + "=" + joined(v);
  };
  part("categories", f.categories);
  part("tags", f.tags);
  part("keywords", f.keywords);
  part("exclude", f.exclude_keywords);
  return out.empty() ? "-" : out;
}

}  // namespace

void register_sub_commands(CLI::App& app, AppContext& ctx) {
  auto* sub = app.add_subcommand("sub", "Add, list and remove subscriptions");
  sub->require_subcommand(1);

  auto* add = sub->add_subcommand("add", "Push a target's new posts somewhere; prints the subscription id");
  struct Args {
    std::string target, to, secret, tags, categories, keywords, exclude, theme;
  };
  auto a = std::make_shared<Args>();
  add->add_option("--target", a->target, "Target id")->required();
  add->add_option("--to", a->to, "Destination: jsonl:PATH, webhook:URL, telegram-bot:CHAT, onebot:group:N or onebot:private:N")->required();
  add->add_option("--secret", a->secret, "Webhook signing secret (HMAC-SHA256)");
  add->add_option("--tags", a->tags, "Comma-separated tags; ~tag bans a tag");
  add->add_option("--categories", a->categories, "Comma-separated categories");
  add->add_option("--keywords", a->keywords, "Comma-separated words, one of which must appear");
  add->add_option("--exclude", a->exclude, "Comma-separated words that drop a post");
  add->add_option("--theme", a->theme, "Theme to render posts with (default: the platform's, then the destination's)");
  add->callback([&ctx, a] {
    Target target = target_arg(ctx, a->target);
    Destination d;
    try {
      d = parse_destination(a->to);
    } catch (const std::invalid_argument& e) {
      throw UsageError(std::string("--to: ") + e.what());
    }
    if (!a->theme.empty()) {
      // The config's [themes] dir counts: a user theme is as valid as a built-in one.
      theme::ThemeEngine themes(ctx.config().themes);
      if (!themes.has(a->theme)) {
        std::string known;
        for (const auto& n : themes.names()) known += (known.empty() ? "" : ", ") + n;
        throw UsageError("--theme: unknown theme '" + a->theme + "' (known: " + known + ")");
      }
    }
    Subscription s;
    s.target_id = target.id;
    s.theme = a->theme;
    s.subscriber.kind = d.kind;
    s.subscriber.address = d.address;
    s.subscriber.secret = a->secret;
    s.filters.tags = split_list(a->tags);
    s.filters.categories = split_list(a->categories);
    s.filters.keywords = split_list(a->keywords);
    s.filters.exclude_keywords = split_list(a->exclude);
    Id id;
    try {
      id = ctx.store().add_subscription(s);
    } catch (const StoreError& e) {
      throw UsageError(e.what());
    }
    if (ctx.json) print_json(json::object{{"id", id}});
    else std::cout << id << "\n";
  });

  auto* ls = sub->add_subcommand("ls", "List subscriptions");
  ls->callback([&ctx] {
    auto subs = ctx.store().subscriptions();
    if (ctx.json) {
      json::array arr;
      for (const auto& s : subs)
        arr.push_back(json::object{{"id", s.id},
                                   {"target", s.target_id},
                                   {"to", s.subscriber.kind + ":" + s.subscriber.address},
                                   {"signed", !s.subscriber.secret.empty()},
                                   {"filters", json::object{{"categories", strings(s.filters.categories)},
                                                            {"tags", strings(s.filters.tags)},
                                                            {"keywords", strings(s.filters.keywords)},
                                                            {"exclude_keywords", strings(s.filters.exclude_keywords)}}},
                                   {"theme", s.theme},
                                   {"enabled", s.enabled},
                                   {"origin", s.origin}});
      return print_json(arr);
    }
    Table table({"ID", "TARGET", "TO", "FILTERS", "THEME", "ORIGIN"});
    for (const auto& s : subs)
      table.add({std::to_string(s.id), std::to_string(s.target_id), s.subscriber.kind + ":" + s.subscriber.address,
                 filter_summary(s.filters), s.theme.empty() ? "-" : s.theme, s.origin});
    std::cout << table.render();
  });

  auto* rm = sub->add_subcommand("rm", "Remove a subscription (its queued deliveries go too)");
  auto id = std::make_shared<Id>(0);
  rm->add_option("id", *id, "Subscription id")->required();
  rm->callback([&ctx, id] {
    if (!ctx.store().remove_subscription(*id)) throw UsageError("no subscription with id " + std::to_string(*id));
    if (ctx.json) print_json(json::object{{"removed", *id}});
  });
}

}  // namespace gather
