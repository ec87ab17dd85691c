// What a TDLib `error {code, message}` means for the account and the chat it was about.
//
//   kFloodWait     wait retry_after seconds before the account asks again: 429 "Too Many
//                  Requests: retry after N" (what TDLib answers once it stops waiting itself),
//                  or a message FLOOD_WAIT_N / FLOOD_PREMIUM_WAIT_N (a download throttled);
//                  a 429 that names no N waits 60 s, the longest TDLib waits out by itself
//   kLoggedOut     the session is gone: code 401, or Unauthorized, AUTH_KEY_UNREGISTERED,
//                  SESSION_REVOKED, USER_DEACTIVATED, USER_DEACTIVATED_BAN
//   kTarget        the chat cannot be read by this account: CHANNEL_PRIVATE,
//                  USERNAME_NOT_OCCUPIED, USERNAME_INVALID, INVITE_HASH_EXPIRED,
//                  INVITE_HASH_INVALID, "Chat not found"
//   kAccountFull   CHANNELS_TOO_MUCH: the account is in 500 channels and supergroups; the
//                  chat is fine, another account (or a leave) is needed to join it
//   kTransient     anything else: try again later
// `name` is the matched token as TDLib writes it ("CHANNEL_PRIVATE", "Chat not found",
// "FLOOD_WAIT", "Unauthorized"), "" for kTransient.
#pragma once

#include <boost/json.hpp>

#include <chrono>
#include <cstdint>
#include <string>
#include <string_view>

namespace gather::telegram_tdlib {

enum class TdErrorKind { kFloodWait, kLoggedOut, kTarget, kAccountFull, kTransient };

struct TdError {
  TdErrorKind kind = TdErrorKind::kTransient;
  std::chrono::seconds retry_after{0};  // kFloodWait only
  std::string name;
};

TdError classify_error(std::int64_t code, std::string_view message);
// An `error` object; anything else (no "@type":"error") is kTransient.
TdError classify_error(const boost::json::object& error);

}  // namespace gather::telegram_tdlib
