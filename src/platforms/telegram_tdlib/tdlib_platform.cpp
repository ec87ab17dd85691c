#include "platforms/telegram_tdlib/tdlib_platform.h"

#include <boost/json.hpp>
#include <boost/url.hpp>

#include <charconv>
#include <stdexcept>

#include "platforms/telegram/channel_name.h"
#include "platforms/telegram_tdlib/tdlib_page.h"

namespace gather::telegram_tdlib {
namespace {

constexpr std::int64_t kSupergroupBase = 1'000'000'000'000;

// ID of https://t.me/c/ID (or t.me/c/ID/N), when `url` is one.
std::optional<std::int64_t> private_link_id(std::string_view url) {
  std::string with_scheme(url);
  if (with_scheme.find("://") == std::string::npos) with_scheme = "https://" + with_scheme;
  auto parsed = boost::urls::parse_uri(with_scheme);
  if (!parsed) return std::nullopt;
  const std::string host = parsed->host();
  if (host != "t.me" && host != "telegram.me") return std::nullopt;
  std::vector<std::string> segs;
  for (auto s : parsed->segments()) {
    if (!s.empty()) segs.push_back(s);
  }
  if (segs.size() < 2 || segs[0] != "c") return std::nullopt;
  std::int64_t id = 0;
  const auto [end, ec] = std::from_chars(segs[1].data(), segs[1].data() + segs[1].size(), id);
  if (ec != std::errc{} || end != segs[1].data() + segs[1].size() || id <= 0 || id >= kSupergroupBase)
    return std::nullopt;
  return id;
}

}  // namespace

ChatRef chat_of_url(std::string_view url) {
  if (url.empty())
    throw ParseError("telegram-tdlib needs --url naming the chat (https://t.me/NAME or https://t.me/c/ID)");
  if (const auto id = private_link_id(url)) return ChatRef{-(kSupergroupBase + *id), "", "c/" + std::to_string(*id)};
  try {
    std::string name = telegram::channel_name(url);
    return ChatRef{0, name, name};
  } catch (const std::invalid_argument& e) {
    throw ParseError(std::string("--url names no chat: ") + e.what());
  }
}

std::string TelegramTdlibPlatform::canonical_key(std::string_view input) const {
  (void)input;
  throw std::invalid_argument(
      "telegram-tdlib only parses TDLib's JSON (gather parse); add Telegram chats as platform telegram");
}

HttpRequest TelegramTdlibPlatform::request_for(std::string_view key, const Validators& validators) const {
  (void)key;
  (void)validators;
  throw std::logic_error("telegram-tdlib makes no requests");
}

Classified TelegramTdlibPlatform::classify(const HttpResponse& response) const {
  (void)response;
  Classified c;
  c.outcome = Outcome::kFailed;
  c.reason = "telegram-tdlib fetches nothing over HTTP";
  return c;
}

Page TelegramTdlibPlatform::parse(std::string_view body, std::string_view base_url) const {
  Names names;
  names.chat = chat_of_url(base_url);
  boost::system::error_code ec;
  const boost::json::value doc = boost::json::parse(body, ec);
  if (ec) throw ParseError("not JSON: " + ec.message());
  if (!doc.is_object()) throw ParseError("not a TDLib messages object (not a JSON object)");
  Page page = read_messages(doc.get_object(), names);
  page.feed.title = names.chat.title;
  page.feed.link = names.chat.username.empty() ? "https://t.me/" + names.chat.title  // "c/ID"
                                               : "https://t.me/" + names.chat.username;
  return page;
}

}  // namespace gather::telegram_tdlib
