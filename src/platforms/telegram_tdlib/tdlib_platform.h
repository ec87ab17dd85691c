// `telegram-tdlib`: reading TDLib's JSON, for `gather parse` only. Targets stay on the
// `telegram` platform (the same chats, the same post ids); how a chat is read — web preview or
// account — is the fetcher's choice, not the target's, so this platform takes no targets and
// makes no requests.
//
// parse(body, url): body a TDLib `messages` object (getChatHistory's answer); url names the
// chat, since `messages` does not: https://t.me/NAME (or t.me/s/NAME, @NAME, NAME: anything
// the telegram platform accepts) or https://t.me/c/ID for a supergroup without a username.
// The feed is title NAME (messages carry no title) and link the chat's. Posts as tdlib_page.h.
#pragma once

#include "platforms/platform.h"
#include "platforms/telegram_tdlib/tdlib_message.h"

namespace gather::telegram_tdlib {

// The chat a parse URL names. Throws ParseError naming what is wrong.
ChatRef chat_of_url(std::string_view url);

class TelegramTdlibPlatform final : public Platform {
 public:
  std::string_view name() const override { return "telegram-tdlib"; }
  // Always throws std::invalid_argument: targets belong to `telegram`.
  std::string canonical_key(std::string_view input) const override;
  // Never called (no targets); throws std::logic_error.
  HttpRequest request_for(std::string_view key, const Validators& validators) const override;
  // kFailed: this platform fetches nothing over HTTP.
  Classified classify(const HttpResponse& response) const override;
  // Throws ParseError on a body that is not JSON or not a TDLib messages object, or a url that
  // names no chat.
  Page parse(std::string_view body, std::string_view base_url) const override;
};

}  // namespace gather::telegram_tdlib
