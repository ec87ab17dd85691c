// What the config says about sink kinds: the chat sinks' endpoints and credentials, and pacing
// that overrides a kind's defaults. Plain values, filled by app/config and read by the sinks and
// the outbox worker through SinkContext::settings.
#pragma once

#include <chrono>
#include <map>
#include <optional>
#include <string>

namespace gather {

struct TelegramBotSettings {
  std::string token;  // never logged: it is the bot's whole credential
  std::string base_url = "https://api.telegram.org";
};

struct OneBotSettings {
  std::string url;           // the OneBot v11 HTTP API, e.g. http://127.0.0.1:5700
  std::string access_token;  // sent as "Authorization: Bearer ..." when set
  bool merge = false;        // several queued posts for one chat → one forward message
  std::string self_id;       // the bot's QQ number: the sender shown on merged nodes
};

// Unset fields keep the kind's defaults (SinkKind::subscriber_gap / kind_rate).
struct SinkPacing {
  std::optional<std::chrono::milliseconds> gap;
  std::optional<double> rate;
};

struct SinkSettings {
  TelegramBotSettings telegram_bot;
  OneBotSettings onebot;
  std::map<std::string, SinkPacing, std::less<>> pacing;  // by kind name
};

}  // namespace gather
