// `gather sim`: runs a scheduling policy on a scenario in virtual time and prints one JSON object
// (src/sim/scheduling/README.md has the contract).
#include <boost/json.hpp>

#include <iostream>

#include "app/commands.h"
#include "sim/scheduling/baselines.h"
#include "sim/scheduling/runner.h"
#include "sim/scheduling/scenario.h"

namespace gather {

void register_sim_command(CLI::App& app, AppContext&) {
  auto* cmd = app.add_subcommand("sim", "Run a scheduling policy on a scenario in virtual time; print one JSON object");
  struct Options {
    std::string scenario;
    std::string policy = "gather";
    bool oracle = false;
    std::optional<std::uint64_t> seed;
  };
  auto o = std::make_shared<Options>();
  cmd->add_option("--scenario", o->scenario, "Scenario JSON file")->required();
  cmd->add_option("--policy", o->policy, "gather | round-robin | bison-lru | bison-wrr");
  cmd->add_flag("--oracle", o->oracle, "Tell the policy the true post rates");
  cmd->add_option("--seed", o->seed, "Seed (replaces the scenario's)");
  cmd->callback([o] {
    simsched::Scenario scenario;
    try {
      scenario = simsched::load_scenario(o->scenario, o->seed);
    } catch (const simsched::ScenarioError& e) {
      throw UsageError(e.what());
    }
    std::unique_ptr<policy::Policy> p;
    try {
      p = simsched::make_policy(o->policy);
    } catch (const std::runtime_error& e) {  // UnknownPolicy, PolicyNotBuilt
      throw UsageError(e.what());
    }
    auto result = simsched::run_simulation(scenario, *p, o->oracle);
    std::cout << boost::json::serialize(simsched::to_json(result)) << "\n";
  });
}

}  // namespace gather
