#include <boost/asio/steady_timer.hpp>
#include <spdlog/spdlog.h>

#include <filesystem>
#include <fstream>
#include <iostream>
#include <sstream>

#include "app/commands.h"
#include "app/pipeline.h"
#include "core/post_json.h"
#include "platforms/platform.h"

namespace gather {

namespace {

const Platform& platform_named(const std::string& name) {
  const Platform* p = find_platform(name);
  if (!p) throw UsageError("unknown platform '" + name + "'");
  return *p;
}

// Runs one round of the whole pipeline, then delivers everything that is due, then returns.
int fetch_all(AppContext& ctx) {
  Store& store = ctx.store();
  Pipeline p(ctx.config(), store, ctx.data_dir());
  bool fetched = false;
  p.outbox.start();
  p.conveyor.run_once([&] { fetched = true; });
  // Retries that are not due yet stay queued for the next run or the daemon.
  boost::asio::steady_timer check(p.io);
  std::function<void()> poll = [&] {
    if (fetched && p.outbox.in_flight() == 0 && store.due_deliveries(p.clock.now(), 1).empty()) {
      p.outbox.stop(nullptr);
      p.io.stop();
      return;
    }
    check.expires_after(std::chrono::milliseconds{20});
    check.async_wait([&](boost::system::error_code ec) {
      if (!ec) poll();
    });
  };
  poll();
  p.io.run();
  const auto& s = p.conveyor.stats();
  spdlog::info("fetched {} targets: {} new posts, {} deliveries queued, {} delivered, {} errors", s.fetches,
               s.new_posts, s.queued, p.outbox.stats().delivered, s.errors);
  if (ctx.json)
    print_json(boost::json::object{{"fetches", s.fetches},
                                   {"not_modified", s.not_modified},
                                   {"errors", s.errors},
                                   {"new_posts", s.new_posts},
                                   {"queued", s.queued},
                                   {"delivered", p.outbox.stats().delivered}});
  return 0;
}

// One target, once, printed and not stored.
void fetch_one(AppContext& ctx, const std::string& what, const std::string& platform_name) {
  Target t;
  bool is_id = !what.empty() && what.find_first_not_of("0123456789") == std::string::npos;
  if (is_id) {
    t = target_arg(ctx, what);
  } else {
    t.platform = platform_name;
    try {
      t.key = platform_named(platform_name).canonical_key(what);
    } catch (const std::invalid_argument& e) {
      throw UsageError(e.what());
    }
  }
  const Platform& platform = platform_named(t.platform);
  HttpRequest req = platform.request_for(t.key, Validators{});
  const Config& cfg = ctx.config();
  req.user_agent = cfg.user_agent;
  req.proxy = cfg.proxy;
  req.timeout = cfg.fetch_timeout;
  req.max_body = cfg.max_body_bytes;
  HttpResponse r = fetch_blocking(req);
  Classified c = platform.classify(r);
  if (c.outcome != Outcome::kPage) throw std::runtime_error(t.key + ": " + c.reason);
  Page page = platform.parse(r.body, r.effective_url.empty() ? t.key : r.effective_url);
  print_json(to_json(page));
}

}  // namespace

void register_fetch_commands(CLI::App& app, AppContext& ctx) {
  auto* fetch = app.add_subcommand("fetch", "Fetch one target and print its posts (nothing stored), or --all");
  auto what = std::make_shared<std::string>();
  auto all = std::make_shared<bool>(false);
  auto platform = std::make_shared<std::string>("rss");
  fetch->add_option("target", *what, "Target id, or a URL");
  fetch->add_flag("--all", *all, "Fetch every target once, deliver what is new, exit");
  fetch->add_option("--platform", *platform, "Platform of a URL given as target");
  fetch->callback([&ctx, what, all, platform] {
    if (*all == !what->empty()) throw UsageError("fetch needs a target id or URL, or --all (not both)");
    if (*all) fetch_all(ctx);
    else fetch_one(ctx, *what, *platform);
  });

  auto* parse = app.add_subcommand("parse", "Parse one saved response and print the normalised posts as JSON");
  auto file = std::make_shared<std::string>();
  auto base = std::make_shared<std::string>();
  auto parse_platform = std::make_shared<std::string>("rss");
  parse->add_option("file", *file, "Saved response (- for standard input)")->required();
  parse->add_option("--platform", *parse_platform, "Platform whose format the file is in");
  parse->add_option("--url", *base, "The URL it was fetched from (resolves relative links)");
  parse->callback([file, base, parse_platform] {
    const Platform& platform = platform_named(*parse_platform);
    std::stringstream buf;
    if (*file == "-") {
      buf << std::cin.rdbuf();
    } else {
      std::ifstream in(*file, std::ios::binary);
      if (!in) throw UsageError("cannot read " + *file);
      buf << in.rdbuf();
    }
    try {
      print_json(to_json(platform.parse(buf.str(), *base)));
    } catch (const ParseError& e) {
      throw UsageError(*file + ": " + e.what());
    }
  });
}

}  // namespace gather
