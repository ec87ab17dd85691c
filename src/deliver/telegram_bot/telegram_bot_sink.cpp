#include "deliver/telegram_bot/telegram_bot_sink.h"

#include <boost/json.hpp>

#include <cctype>
#include <charconv>
#include <cstdlib>
#include <memory>
#include <stdexcept>

#include "net/http_client.h"

namespace gather {
namespace json = boost::json;

namespace {

constexpr std::size_t kCaptionLimit = 1024;
constexpr std::size_t kAlbumLimit = 10;

struct Call {
  std::string method;
  json::object body;
};

std::optional<std::string> parse_mode_of(const std::string& format) {
  if (format == "markdownv2") return "MarkdownV2";
  if (format == "html") return "HTML";
  return std::nullopt;  // plain (and raw JSON) must not be parsed as markup
}

json::value chat_id_of(const std::string& address) {
  if (!address.empty() && address[0] == '@') return json::value(address);
  std::int64_t id = 0;
  std::from_chars(address.data(), address.data() + address.size(), id);
  return json::value(id);
}

class TelegramBotSink final : public Sink {
 public:
  TelegramBotSink(const Subscriber& subscriber, SinkContext& context)
      : chat_(chat_id_of(subscriber.address)), context_(context) {}

  void deliver(const Delivery& d, Done done) override {
    const auto& settings = context_.settings.telegram_bot;
    if (settings.token.empty())
      return done(DeliveryResult{false, "no bot token: set 'token' in [sink.telegram-bot]", false, std::nullopt});
    auto calls = plan(d.rendered);
    if (calls.empty()) return done(DeliveryResult{false, "nothing to send: empty text and no pictures", true, std::nullopt});
    run(std::make_shared<std::vector<Call>>(std::move(calls)), 0, std::move(done));
  }

 private:
  std::vector<Call> plan(const RenderedMessage& m) const {
    std::vector<Call> calls;
    auto mode = parse_mode_of(m.format);
    bool as_caption = !m.text.empty() && utf16_length(m.text) <= kCaptionLimit;
    auto text_fields = [&](json::object& o, const char* key) {
      o[key] = m.text;
      if (mode) o["parse_mode"] = *mode;
    };
    for (std::size_t at = 0; at < m.images.size(); at += kAlbumLimit) {
      std::size_t n = std::min(kAlbumLimit, m.images.size() - at);
      bool caption_here = as_caption && at == 0;
      if (n == 1) {
        Call c{"sendPhoto", {{"chat_id", chat_}, {"photo", m.images[at]}}};
        if (caption_here) text_fields(c.body, "caption");
        calls.push_back(std::move(c));
        continue;
      }
      json::array media;
      for (std::size_t i = 0; i < n; ++i) {
        json::object item{{"type", "photo"}, {"media", m.images[at + i]}};
        if (caption_here && i == 0) text_fields(item, "caption");
        media.push_back(std::move(item));
      }
      calls.push_back(Call{"sendMediaGroup", {{"chat_id", chat_}, {"media", std::move(media)}}});
    }
    if (!m.text.empty() && (m.images.empty() || !as_caption)) {
      Call c{"sendMessage", {{"chat_id", chat_}}};
      text_fields(c.body, "text");
      calls.push_back(std::move(c));
    }
    return calls;
  }

  void run(std::shared_ptr<std::vector<Call>> calls, std::size_t i, Done done) {
    if (i == calls->size()) return done(DeliveryResult{true, "", false, std::nullopt});
    const auto& settings = context_.settings.telegram_bot;
    const Call& call = (*calls)[i];
    HttpRequest req;
    req.method = "POST";
    std::string base = settings.base_url;
    while (!base.empty() && base.back() == '/') base.pop_back();
    req.url = base + "/bot" + settings.token + "/" + call.method;
    req.body = json::serialize(call.body);
    req.headers = {{"Content-Type", "application/json"}};
    req.user_agent = context_.user_agent;
    req.timeout = std::chrono::seconds{30};  // sendMediaGroup makes Telegram fetch every picture
    req.max_redirects = 0;
    std::string method = call.method;
    context_.http.fetch(std::move(req), [this, calls, i, method, done = std::move(done)](HttpResponse r) mutable {
      if (r.status == 0) return done(DeliveryResult{false, r.error, false, std::nullopt});
      json::error_code ec;
      json::value answer = json::parse(r.body, ec);
      const json::object* o = ec ? nullptr : answer.if_object();
      const json::value* ok = o ? o->if_contains("ok") : nullptr;
      if (r.ok() && ok && ok->is_bool() && ok->as_bool()) return run(calls, i + 1, std::move(done));
      std::string error = "Telegram " + method + ": HTTP " + std::to_string(r.status);
      if (const json::value* desc = o ? o->if_contains("description") : nullptr; desc && desc->is_string())
        error += ": " + std::string(desc->as_string());
      DeliveryResult result{false, std::move(error), false, std::nullopt};
      if (r.status == 429) {
        const json::value* params = o ? o->if_contains("parameters") : nullptr;
        const json::value* after = params && params->is_object() ? params->as_object().if_contains("retry_after") : nullptr;
        if (after && after->is_int64()) result.retry_after = std::chrono::seconds{after->as_int64()};
        else if (auto header = r.header("Retry-After")) result.retry_after = std::chrono::seconds{std::atol(header->c_str())};
      }
      // 400: the request itself is wrong (markup, chat id); 403: the bot was kicked or blocked.
      // Neither changes by waiting. A wrong token (401/404) is the operator's to fix, so retry.
      result.permanent = r.status == 400 || r.status == 403;
      done(std::move(result));
    });
  }

  json::value chat_;
  SinkContext& context_;
};

bool all_digits(std::string_view s) {
  return !s.empty() && s.find_first_not_of("0123456789") == std::string_view::npos;
}

void validate(std::string_view address) {
  bool ok = false;
  if (!address.empty() && address[0] == '@') {
    // Public usernames: 5–32 of letters, digits and '_', starting with a letter.
    auto name = address.substr(1);
    ok = name.size() >= 5 && name.size() <= 32 && std::isalpha(static_cast<unsigned char>(name[0])) &&
         name.find_first_not_of("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_") ==
             std::string_view::npos;
    if (!ok)
      throw std::invalid_argument("telegram-bot destination '" + std::string(address) +
                                  "': a channel name is @ then 5-32 letters, digits or '_', starting with a letter");
  } else {
    auto digits = !address.empty() && address[0] == '-' ? address.substr(1) : address;
    std::int64_t id = 0;
    ok = all_digits(digits) && digits.size() <= 18 &&
         std::from_chars(address.data(), address.data() + address.size(), id).ec == std::errc{} && id != 0;
  }
  if (!ok)
    throw std::invalid_argument("telegram-bot destination '" + std::string(address) +
                                "' is not a chat: use a chat id (telegram-bot:123456789), a group id "
                                "(telegram-bot:-1001234567890) or a channel (telegram-bot:@channelname)");
}

std::unique_ptr<Sink> make(const Subscriber& s, SinkContext& c) { return std::make_unique<TelegramBotSink>(s, c); }

}  // namespace

std::size_t utf16_length(std::string_view utf8) {
  std::size_t n = 0;
  for (unsigned char c : utf8) {
    if ((c & 0xC0) != 0x80) ++n;  // a lead byte starts a code point
    if ((c & 0xF8) == 0xF0) ++n;  // beyond the BMP: a surrogate pair
  }
  return n;
}

SinkKind telegram_bot_sink_kind() {
  // Telegram's documented limits: about one message per second per chat (we keep 1.5 s, as
  // groups are stricter) and 30 per second over all chats of one bot.
  return SinkKind{"telegram-bot", "telegram-bot:@channelname", validate, make, "markdown",
                  std::chrono::milliseconds{1500}, 30};
}

}  // namespace gather
