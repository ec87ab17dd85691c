// Each command family registers its CLI11 subcommands here; main.cpp only wires them up.
#pragma once

#include <CLI/CLI.hpp>

#include "app/context.h"

namespace gather {

void register_target_commands(CLI::App& app, AppContext& ctx);
void register_sub_commands(CLI::App& app, AppContext& ctx);
void register_cred_commands(CLI::App& app, AppContext& ctx);
void register_status_command(CLI::App& app, AppContext& ctx);
void register_fetch_commands(CLI::App& app, AppContext& ctx);  // fetch, parse
void register_serve_command(CLI::App& app, AppContext& ctx);
void register_simulate_command(CLI::App& app, AppContext& ctx);
void register_sim_command(CLI::App& app, AppContext& ctx);  // sim: the scheduling simulator
void register_tg_commands(CLI::App& app, AppContext& ctx);  // tg chats: the join map

// Splits "a,b,,c" into {"a","b","c"}.
std::vector<std::string> split_list(const std::string& text);
// A target id given on the command line; UsageError when no such target.
Target target_arg(AppContext& ctx, const std::string& text);

}  // namespace gather
