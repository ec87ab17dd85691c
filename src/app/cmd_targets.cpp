#include <fstream>
#include <iostream>
#include <sstream>

#include "app/commands.h"
#include "app/opml.h"
#include "app/table.h"
#include "core/time_text.h"
#include "platforms/platform.h"

namespace gather {
namespace json = boost::json;

namespace {

const Platform& platform_arg(const std::string& name) {
  const Platform* p = find_platform(name);
  if (!p) {
    std::string known;
    for (const auto& n : platform_names()) known += (known.empty() ? "" : ", ") + n;
    throw UsageError("unknown platform '" + name + "' (known: " + known + ")");
  }
  return *p;
}

std::optional<std::chrono::milliseconds> interval_arg(const std::string& text) {
  if (text.empty()) return std::nullopt;
  auto d = parse_duration(text);
  if (!d || d->count() <= 0) throw UsageError("--interval '" + text + "' is not a duration like 30s, 5m, 1h");
  return d;
}

json::object target_json(const Target& t) {
  return json::object{{"id", t.id},
                      {"platform", t.platform},
                      {"key", t.key},
                      {"name", t.name},
                      {"interval_s", t.interval ? seconds_json(*t.interval) : json::value(nullptr)},
                      {"backfill", t.backfill},
                      {"join", t.join},
                      {"enabled", t.enabled},
                      {"origin", t.origin}};
}

}  // namespace

std::vector<std::string> split_list(const std::string& text) {
  std::vector<std::string> out;
  std::stringstream in(text);
  std::string item;
  while (std::getline(in, item, ','))
    if (!item.empty()) out.push_back(item);
  return out;
}

Target target_arg(AppContext& ctx, const std::string& text) {
  Id id = 0;
  try {
    std::size_t used = 0;
    id = std::stoll(text, &used);
    if (used != text.size()) throw std::invalid_argument(text);
  } catch (const std::exception&) {
    throw UsageError("'" + text + "' is not a target id (see `gather target ls`)");
  }
  auto t = ctx.store().target(id);
  if (!t) throw UsageError("no target with id " + text + " (see `gather target ls`)");
  return *t;
}

void register_target_commands(CLI::App& app, AppContext& ctx) {
  auto* target = app.add_subcommand("target", "Add, list, remove, import and export targets");
  target->require_subcommand(1);

  auto* add = target->add_subcommand("add", "Watch a new target; prints its id");
  auto platform = std::make_shared<std::string>();
  auto url = std::make_shared<std::string>();
  auto interval = std::make_shared<std::string>();
  auto name = std::make_shared<std::string>();
  auto backfill = std::make_shared<int>(0);
  add->add_option("platform", *platform, "Platform (rss)")->required();
  add->add_option("url", *url, "Feed URL or platform id")->required();
  add->add_option("--interval", *interval, "Pin the poll interval (30s, 5m, 1h)");
  add->add_option("--name", *name, "A label");
  add->add_option("--backfill", *backfill, "Push this many existing posts on the first fetch")->check(CLI::NonNegativeNumber);
  auto join = std::make_shared<bool>(false);
  add->add_flag("--join", *join, "An account may join the chat to read it (telegram: invite links, live updates)");
  add->callback([&ctx, platform, url, interval, name, backfill, join] {
    const Platform& p = platform_arg(*platform);
    Target t;
    t.platform = std::string(p.name());
    try {
      t.key = p.canonical_key(*url);
    } catch (const std::invalid_argument& e) {
      throw UsageError(e.what());
    }
    t.name = *name;
    t.interval = interval_arg(*interval);
    t.backfill = *backfill;
    t.join = *join;
    if (t.join && t.platform != "telegram") throw UsageError("--join is for telegram targets (an account joins the chat)");
    Id id;
    try {
      id = ctx.store().add_target(t);
    } catch (const StoreError& e) {
      throw UsageError(e.what());
    }
    if (ctx.json) print_json(json::object{{"id", id}});
    else std::cout << id << "\n";
  });

  auto* ls = target->add_subcommand("ls", "List targets");
  ls->callback([&ctx] {
    auto targets = ctx.store().targets();
    if (ctx.json) {
      json::array a;
      for (const auto& t : targets) a.push_back(target_json(t));
      return print_json(a);
    }
    Table table({"ID", "PLATFORM", "NAME", "KEY", "INTERVAL", "ENABLED"});
    for (const auto& t : targets)
      table.add({std::to_string(t.id), t.platform, t.name.empty() ? "-" : t.name, t.key,
                 t.interval ? format_duration(*t.interval) : "default", t.enabled ? "yes" : "no"});
    std::cout << table.render();
  });

  auto* rm = target->add_subcommand("rm", "Stop watching a target (its subscriptions go too)");
  auto rm_id = std::make_shared<std::string>();
  rm->add_option("id", *rm_id, "Target id")->required();
  rm->callback([&ctx, rm_id] {
    Target t = target_arg(ctx, *rm_id);
    ctx.store().remove_target(t.id);
    if (ctx.json) print_json(json::object{{"removed", t.id}});
  });

  auto* import = target->add_subcommand("import", "Add every feed of an OPML file");
  auto file = std::make_shared<std::string>();
  auto import_interval = std::make_shared<std::string>();
  import->add_option("file", *file, "OPML file")->required()->check(CLI::ExistingFile);
  import->add_option("--interval", *import_interval, "Pin the poll interval of the imported feeds");
  import->callback([&ctx, file, import_interval] {
    std::ifstream in(*file, std::ios::binary);
    std::stringstream buf;
    buf << in.rdbuf();
    std::vector<OpmlFeed> feeds;
    try {
      feeds = read_opml(buf.str());
    } catch (const std::invalid_argument& e) {
      throw UsageError(*file + ": " + e.what());
    }
    const Platform& rss = platform_arg("rss");
    json::array added, skipped;
    for (const auto& f : feeds) {
      Target t;
      t.platform = "rss";
      t.name = f.title;
      t.interval = interval_arg(*import_interval);
      try {
        t.key = rss.canonical_key(f.xml_url);
      } catch (const std::invalid_argument& e) {
        skipped.push_back(json::object{{"url", f.xml_url}, {"reason", e.what()}});
        continue;
      }
      if (ctx.store().find_target(t.platform, t.key)) {
        skipped.push_back(json::object{{"url", f.xml_url}, {"reason", "already watched"}});
        continue;
      }
      added.push_back(ctx.store().add_target(t));
    }
    if (ctx.json) return print_json(json::object{{"added", added}, {"skipped", skipped}});
    std::cout << "imported " << added.size() << " feeds";
    if (!skipped.empty()) std::cout << ", skipped " << skipped.size();
    std::cout << "\n";
    for (const auto& s : skipped)
      std::cerr << "  skipped " << s.at("url").as_string() << ": " << s.at("reason").as_string() << "\n";
  });

  auto* exp = target->add_subcommand("export", "Write every feed target as OPML");
  auto out = std::make_shared<std::string>();
  exp->add_option("file", *out, "Output file (default: standard output)");
  exp->callback([&ctx, out] {
    std::vector<OpmlFeed> feeds;
    for (const auto& t : ctx.store().targets())
      if (t.platform == "rss") {
        std::string title = t.name;
        if (title.empty()) title = ctx.store().fetch_state(t.id).feed_title;
        feeds.push_back(OpmlFeed{title.empty() ? t.key : title, t.key});
      }
    std::string text = write_opml(feeds);
    if (out->empty()) {
      std::cout << text;
      return;
    }
    std::ofstream f(*out, std::ios::binary | std::ios::trunc);
    f << text;
    if (!f) throw std::runtime_error("cannot write " + *out);
  });
}

}  // namespace gather
