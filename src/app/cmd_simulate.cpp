#include "app/commands.h"
#include "sim/simulator.h"

namespace gather {

void register_simulate_command(CLI::App& app, AppContext&) {
  auto* sim = app.add_subcommand("simulate", "Run the local platform simulator (feeds, Telegram channels, Weibo users, Bilibili spaces, faults, webhook receiver)");
  auto o = std::make_shared<SimOptions>();
  sim->add_option("--port", o->port, "Port (0 = any free one)");
  sim->add_option("--address", o->address, "Address to listen on");
  sim->add_option("--feeds", o->feeds, "Number of feeds")->check(CLI::Range(1, 1'000'000));
  sim->add_option("--rate", o->rate_per_hour, "Mean posts per hour per feed")->check(CLI::NonNegativeNumber);
  sim->add_option("--seed", o->seed, "Random seed");
  sim->add_option("--page-size", o->page_size, "Posts per feed page")->check(CLI::Range(1, 1000));
  sim->add_option("--telegram-limit", o->telegram_limit, "Telegram /s/ requests allowed per window (0 = no limit)")
      ->check(CLI::NonNegativeNumber);
  sim->add_option("--telegram-window", o->telegram_window_s, "Telegram rate window in seconds")->check(CLI::Range(1, 86'400));
  sim->add_option("--weibo-anon-limit", o->weibo_anon_limit,
                  "Weibo API requests allowed per window without a cookie (0 = no limit)")
      ->check(CLI::NonNegativeNumber);
  sim->add_option("--weibo-anon-window", o->weibo_anon_window_s, "Weibo anonymous rate window in seconds")
      ->check(CLI::Range(1, 86'400));
  sim->add_option("--weibo-ban", o->weibo_ban_s, "Seconds a Weibo session answers 418 after breaking its budget")
      ->check(CLI::Range(0, 86'400));
  sim->add_option("--bilibili-anon-limit", o->bilibili_anon_limit,
                  "Bilibili space-feed requests allowed per window without a cookie (0 = no limit)")
      ->check(CLI::NonNegativeNumber);
  sim->add_option("--bilibili-anon-window", o->bilibili_anon_window_s, "Bilibili anonymous rate window in seconds")
      ->check(CLI::Range(1, 86'400));
  sim->add_option("--bilibili-ban", o->bilibili_ban_s, "Seconds a Bilibili pool is banned (-412) after going over budget")
      ->check(CLI::Range(0, 86'400));
  sim->add_flag("--virtual-time", o->virtual_time, "Time moves only by POST /_sim/advance");
  sim->add_option("--hook-secret", o->hook_secret, "Verify webhook signatures with this secret");
  sim->callback([o] {
    if (int rc = run_simulator(*o)) throw std::runtime_error("simulator exited with " + std::to_string(rc));
  });
}

}  // namespace gather
