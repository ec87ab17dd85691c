// `gather tg chats`: the join map and entity cache — which account knows which chat, under
// which target handle, and whether it is a member (gets the chat's messages live).
#include <iostream>

#include "app/commands.h"
#include "app/table.h"
#include "core/time_text.h"

namespace gather {
namespace json = boost::json;

void register_tg_commands(CLI::App& app, AppContext& ctx) {
  auto* tg = app.add_subcommand("tg", "Telegram accounts: the chats they know and are in");
  tg->require_subcommand(1);
  auto* chats = tg->add_subcommand("chats", "List the chats each account resolved or joined (the join map)");
  auto account = std::make_shared<std::string>();
  chats->add_option("--account", *account, "Only this account (a credential id)");
  chats->callback([&ctx, account] {
    std::optional<Id> only;
    if (!account->empty()) {
      try {
        std::size_t used = 0;
        only = std::stoll(*account, &used);
        if (used != account->size()) throw std::invalid_argument("trailing text");
      } catch (const std::exception&) {
        throw UsageError("--account '" + *account + "' is not a credential id (see `gather cred ls`)");
      }
      auto c = ctx.store().credential(*only);
      if (!c || c->kind != "account")
        throw UsageError("--account " + *account + " is not a Telegram account (see `gather cred ls`)");
    }
    auto rows = ctx.store().chat_directory().known_chats(only);
    if (ctx.json) {
      json::array out;
      for (const auto& c : rows)
        out.push_back(json::object{{"account", c.credential_id},
                                   {"handle", c.handle},
                                   {"chat_id", c.chat_id},
                                   {"kind", c.kind},
                                   {"title", c.title},
                                   {"member", c.member},
                                   {"resolved_at", format_rfc3339(c.resolved_at)}});
      return print_json(out);
    }
    Table table({"ACCOUNT", "HANDLE", "CHAT ID", "KIND", "MEMBER", "TITLE"});
    for (const auto& c : rows)
      table.add({std::to_string(c.credential_id), c.handle, std::to_string(c.chat_id), c.kind, c.member ? "yes" : "no",
                 c.title});
    std::cout << table.render();
  });
}

}  // namespace gather
