#include "deliver/onebot/onebot_sink.h"

#include <boost/json.hpp>

#include <charconv>
#include <memory>
#include <stdexcept>

#include "net/http_client.h"

namespace gather {
namespace json = boost::json;

namespace {

// Nodes per forward message: enough to absorb a burst, few enough that the chat shows the
// preview of each.
constexpr std::size_t kMergeLimit = 10;

struct Chat {
  bool group = true;
  std::int64_t id = 0;
};

// Accepts "group:N" / "private:N" with N a positive number; nullopt otherwise.
std::optional<Chat> parse_chat(std::string_view address) {
  Chat chat;
  std::string_view rest;
  if (address.rfind("group:", 0) == 0) {
    rest = address.substr(6);
  } else if (address.rfind("private:", 0) == 0) {
    chat.group = false;
    rest = address.substr(8);
  } else {
    return std::nullopt;
  }
  if (rest.empty() || rest.size() > 18 || rest.find_first_not_of("0123456789") != std::string_view::npos)
    return std::nullopt;
  std::from_chars(rest.data(), rest.data() + rest.size(), chat.id);
  if (chat.id <= 0) return std::nullopt;
  return chat;
}

void escape_into(std::string& out, std::string_view text, bool comma) {
  for (char c : text) {
    switch (c) {
      case '&': out += "&amp;"; break;
      case '[': out += "&#91;"; break;
      case ']': out += "&#93;"; break;
      case ',':
        out += comma ? "&#44;" : ",";
        break;
      default: out += c;
    }
  }
}

class OneBotSink final : public Sink {
 public:
  OneBotSink(const Subscriber& subscriber, SinkContext& context)
      : chat_(parse_chat(subscriber.address).value_or(Chat{})), context_(context) {}

  std::size_t max_batch() const override { return context_.settings.onebot.merge ? kMergeLimit : 1; }

  void deliver(const Delivery& d, Done done) override {
    json::object body{{"message", cq_message(d.rendered)}, {"auto_escape", false}};
    body[chat_.group ? "group_id" : "user_id"] = chat_.id;
    call(chat_.group ? "send_group_msg" : "send_private_msg", std::move(body), std::move(done));
  }

  void deliver_batch(const std::vector<Delivery>& deliveries, Done done) override {
    if (deliveries.size() == 1) return deliver(deliveries.front(), std::move(done));
    const auto& settings = context_.settings.onebot;
    json::array nodes;
    for (const auto& d : deliveries)
      nodes.push_back(json::object{
          {"type", "node"},
          {"data", json::object{{"name", "gather"}, {"uin", settings.self_id}, {"content", cq_message(d.rendered)}}}});
    json::object body{{"messages", std::move(nodes)}};
    body[chat_.group ? "group_id" : "user_id"] = chat_.id;
    call(chat_.group ? "send_group_forward_msg" : "send_private_forward_msg", std::move(body), std::move(done));
  }

 private:
  void call(const std::string& action, json::object body, Done done) {
    const auto& settings = context_.settings.onebot;
    if (settings.url.empty())
      return done(DeliveryResult{false, "no OneBot endpoint: set 'url' in [sink.onebot]", false, std::nullopt});
    HttpRequest req;
    req.method = "POST";
    std::string base = settings.url;
    while (!base.empty() && base.back() == '/') base.pop_back();
    req.url = base + "/" + action;
    req.body = json::serialize(body);
    req.headers = {{"Content-Type", "application/json"}};
    if (!settings.access_token.empty()) req.headers.emplace_back("Authorization", "Bearer " + settings.access_token);
    req.user_agent = context_.user_agent;
    req.timeout = std::chrono::seconds{30};  // the implementation downloads pictures before answering
    req.max_redirects = 0;
    context_.http.fetch(std::move(req), [action, done = std::move(done)](HttpResponse r) {
      if (r.status == 0) return done(DeliveryResult{false, r.error, false, std::nullopt});
      std::string prefix = "OneBot " + action + ": ";
      if (!r.ok()) {
        // 400 bad body, 404 no such action, 406 content type: the same request fails again.
        bool permanent = r.status == 400 || r.status == 404 || r.status == 406;
        std::string why = r.status == 401 || r.status == 403 ? " (access token refused)" : "";
        return done(DeliveryResult{false, prefix + "HTTP " + std::to_string(r.status) + why, permanent, std::nullopt});
      }
      json::error_code ec;
      json::value answer = json::parse(r.body, ec);
      const json::object* o = ec ? nullptr : answer.if_object();
      const json::value* status = o ? o->if_contains("status") : nullptr;
      if (!status || !status->is_string())
        return done(DeliveryResult{false, prefix + "answer is not a OneBot reply", false, std::nullopt});
      if (status->as_string() == "ok" || status->as_string() == "async")
        return done(DeliveryResult{true, "", false, std::nullopt});
      std::int64_t retcode = -1;
      if (const json::value* rc = o->if_contains("retcode"); rc && rc->is_int64()) retcode = rc->as_int64();
      std::string error = prefix + "retcode " + std::to_string(retcode);
      for (const char* key : {"wording", "msg"})
        if (const json::value* m = o->if_contains(key); m && m->is_string() && !m->as_string().empty()) {
          error += ": " + std::string(m->as_string());
          break;
        }
      done(DeliveryResult{false, std::move(error), retcode == 1400 || retcode == 1404, std::nullopt});
    });
  }

  Chat chat_;
  SinkContext& context_;
};

void validate(std::string_view address) {
  if (!parse_chat(address))
    throw std::invalid_argument("onebot destination '" + std::string(address) +
                                "' must be group:NUMBER or private:NUMBER with a QQ group or user number "
                                "(onebot:group:123456789)");
}

std::unique_ptr<Sink> make(const Subscriber& s, SinkContext& c) { return std::make_unique<OneBotSink>(s, c); }

}  // namespace

std::string cq_escape_text(std::string_view text) {
  std::string out;
  escape_into(out, text, false);
  return out;
}

std::string cq_escape_param(std::string_view value) {
  std::string out;
  escape_into(out, value, true);
  return out;
}

std::string cq_message(const RenderedMessage& message) {
  std::string out = cq_escape_text(message.text);
  for (const auto& url : message.images) {
    if (!out.empty() && out.back() != '\n') out += '\n';
    out += "[CQ:image,file=" + cq_escape_param(url) + "]";
  }
  return out;
}

SinkKind onebot_sink_kind() {
  // QQ's risk control watches bursts: one message per 1.5 s per chat and 2 per second overall
  // keep a bot well under what gets it muted.
  return SinkKind{"onebot", "onebot:group:123456789", validate, make, "basic", std::chrono::milliseconds{1500}, 2};
}

}  // namespace gather
