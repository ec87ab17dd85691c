// Pushes to a Telegram chat through the Bot API (https://core.telegram.org/bots/api):
// sendMessage for text, sendPhoto for one picture, sendMediaGroup for 2–10 (larger sets go as
// several albums). The text rides as the caption when it fits Telegram's 1024-character limit,
// else it follows as its own message. Address: a chat id (123, -100123 for supergroups) or
// @channelname. The token comes from [sink.telegram-bot] and never appears in errors or logs.
//
// Answers: 429 → retry after `parameters.retry_after`; 5xx and transport errors → retry;
// 400 (bad markup, chat not found) and 403 (bot kicked or blocked) → dead letter, with
// Telegram's `description` as the error. A post that needs several calls (album then text) is
// resent whole on retry: Telegram has no idempotency key, so a failure halfway can repeat the
// part that went through.
#pragma once

#include <string>
#include <string_view>

#include "deliver/sink_kind.h"

namespace gather {

SinkKind telegram_bot_sink_kind();

// Telegram measures text in UTF-16 code units; exposed for tests.
std::size_t utf16_length(std::string_view utf8);

}  // namespace gather
