#include "platforms/telegram_tdlib/tdlib_errors.h"

#include <array>
#include <charconv>
#include <optional>

#include "platforms/text/json_fields.h"

namespace gather::telegram_tdlib {
namespace {

struct Token {
  std::string_view text;
  TdErrorKind kind;
};

// Longer tokens before their prefixes (USER_DEACTIVATED_BAN before USER_DEACTIVATED).
constexpr std::array<Token, 13> kTokens{{
    {"AUTH_KEY_UNREGISTERED", TdErrorKind::kLoggedOut},
    {"SESSION_REVOKED", TdErrorKind::kLoggedOut},
    {"USER_DEACTIVATED_BAN", TdErrorKind::kLoggedOut},
    {"USER_DEACTIVATED", TdErrorKind::kLoggedOut},
    {"Unauthorized", TdErrorKind::kLoggedOut},
    {"CHANNELS_TOO_MUCH", TdErrorKind::kAccountFull},
    {"CHANNEL_PRIVATE", TdErrorKind::kTarget},
    {"USERNAME_NOT_OCCUPIED", TdErrorKind::kTarget},
    {"USERNAME_INVALID", TdErrorKind::kTarget},
    {"INVITE_HASH_EXPIRED", TdErrorKind::kTarget},
    {"INVITE_HASH_INVALID", TdErrorKind::kTarget},
    {"Chat not found", TdErrorKind::kTarget},
    {"CHAT_NOT_FOUND", TdErrorKind::kTarget},
}};

// The number right after `prefix` in `message`, when there is one.
std::optional<std::int64_t> number_after(std::string_view message, std::string_view prefix) {
  const auto at = message.find(prefix);
  if (at == std::string_view::npos) return std::nullopt;
  const std::string_view rest = message.substr(at + prefix.size());
  std::int64_t n = 0;
  const auto [end, ec] = std::from_chars(rest.data(), rest.data() + rest.size(), n);
  if (ec != std::errc{} || end == rest.data() || n < 0) return std::nullopt;
  return n;
}

TdError flood(std::int64_t seconds) {
  return TdError{TdErrorKind::kFloodWait, std::chrono::seconds{seconds}, "FLOOD_WAIT"};
}

}  // namespace

TdError classify_error(std::int64_t code, std::string_view message) {
  if (auto n = number_after(message, "retry after ")) return flood(*n);
  if (auto n = number_after(message, "FLOOD_PREMIUM_WAIT_")) return flood(*n);
  if (auto n = number_after(message, "FLOOD_WAIT_")) return flood(*n);
  // A 429 that does not say how long: a minute, the longest TDLib waits out by itself.
  if (code == 429) return flood(60);
  for (const Token& t : kTokens) {
    if (message.find(t.text) != std::string_view::npos) return TdError{t.kind, std::chrono::seconds{0}, std::string(t.text)};
  }
  if (code == 401) return TdError{TdErrorKind::kLoggedOut, std::chrono::seconds{0}, "Unauthorized"};
  return TdError{};
}

TdError classify_error(const boost::json::object& error) {
  if (text::str(&error, "@type") != "error") return TdError{};
  return classify_error(text::integer(&error, "code").value_or(0), text::str(&error, "message"));
}

}  // namespace gather::telegram_tdlib
