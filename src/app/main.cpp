// gather: watches sources on social platforms and pushes every new post to its subscribers.
#include <spdlog/sinks/stdout_color_sinks.h>
#include <spdlog/spdlog.h>

#include <iostream>

#include "app/commands.h"
#include "platforms/platform.h"
#include "store/store.h"

using namespace gather;

int main(int argc, char** argv) {
  CLI::App app{"gather: watch feeds and platforms, push every new post to its subscribers"};
  app.require_subcommand(1);
  AppContext ctx;
  app.add_option("--data", ctx.data_flag, "Data directory (env GATHER_DATA)");
  app.add_option("--config", ctx.config_flag, "TOML config file")->check(CLI::ExistingFile);
  app.add_flag("--json", ctx.json, "Machine-readable output");
  app.add_flag("-v,--verbose", ctx.verbose, "More log detail (repeat for more)");
  register_target_commands(app, ctx);
  register_sub_commands(app, ctx);
  register_cred_commands(app, ctx);
  register_status_command(app, ctx);
  register_fetch_commands(app, ctx);
  register_serve_command(app, ctx);
  register_simulate_command(app, ctx);
  register_sim_command(app, ctx);
  register_tg_commands(app, ctx);

  // Logs go to stderr so stdout stays clean for ids and JSON.
  auto logger = spdlog::stderr_color_mt("gather");
  spdlog::set_default_logger(logger);
  spdlog::set_pattern("%Y-%m-%d %H:%M:%S.%e %^%-5l%$ %v");
  app.parse_complete_callback([&] {
    spdlog::level::level_enum level = spdlog::level::info;
    if (!ctx.config_flag.empty()) {
      try {
        level = spdlog::level::from_str(ctx.config().log_level);
      } catch (...) {
        // load errors surface when the command runs
      }
    }
    if (ctx.verbose >= 2) level = spdlog::level::trace;
    else if (ctx.verbose == 1) level = spdlog::level::debug;
    spdlog::set_level(level);
  });

  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    int rc = app.exit(e);
    return rc == 0 ? 0 : 2;
  } catch (const UsageError& e) {
    std::cerr << "gather: error: " << e.what() << "\n";
    return 2;
  } catch (const ConfigError& e) {
    std::cerr << "gather: error: " << e.what() << "\n";
    return 2;
  } catch (const std::exception& e) {
    std::cerr << "gather: error: " << e.what() << "\n";
    return 1;
  }
  return 0;
}
