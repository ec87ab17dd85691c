#include "deliver/amqp/amqp_address.h"

#include <boost/url/parse.hpp>
#include <boost/url/url.hpp>

#include <charconv>
#include <set>
#include <stdexcept>

namespace gather {
namespace {

constexpr std::string_view kForm = "amqp://user:pass@host:port/vhost?exchange=NAME&routing_key=TEMPLATE";

struct Placeholder {
  std::string_view name;
  std::string (*value)(const Target&, Id);
};
const Placeholder kPlaceholders[] = {
    {"{platform}", [](const Target& t, Id) { return t.platform; }},
    {"{target}", [](const Target& t, Id) { return std::to_string(t.id); }},
    {"{subscription}", [](const Target&, Id s) { return std::to_string(s); }},
};

void replace_all(std::string& text, std::string_view what, const std::string& with) {
  for (auto at = text.find(what); at != std::string::npos; at = text.find(what, at + with.size()))
    text.replace(at, what.size(), with);
}

}  // namespace

AmqpAddress parse_amqp_address(std::string_view address) {
  // RFC 3986 has no unencoded braces, but routing_key templates are written with them: encode
  // them so people need not.
  std::string text = "amqp:";
  for (char c : address) text += c == '{' ? std::string("%7B") : c == '}' ? std::string("%7D") : std::string(1, c);
  auto parsed = boost::urls::parse_uri(text);
  // Not quoted: an address that does not parse cannot have its password hidden.
  if (!parsed)
    throw std::invalid_argument("amqp destination is not a URL (" + std::string(kForm) + "): " +
                                parsed.error().message());
  const boost::urls::url_view& u = *parsed;
  // Errors quote the address, but never a password in it.
  boost::urls::url shown(u);
  if (shown.has_password()) shown.set_password("***");
  const std::string where = "amqp destination '" + std::string(shown.buffer()) + "'";
  auto fail = [&](const std::string& what) { throw std::invalid_argument(where + ": " + what); };

  AmqpAddress a;
  if (!u.has_authority() || u.host_address().empty()) fail("has no broker host (" + std::string(kForm) + ")");
  a.host = u.host_address();
  if (u.has_port()) {
    auto digits = u.port();
    unsigned port = 0;
    auto [end, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), port);
    if (digits.empty() || ec != std::errc{} || end != digits.data() + digits.size() || port == 0 || port > 65535)
      fail("port '" + std::string(digits) + "' is not 1-65535");
    a.port = static_cast<std::uint16_t>(port);
  }
  a.has_password = true;  // no user: guest/guest, RabbitMQ's own default
  if (u.has_userinfo()) {
    a.user = u.user();
    if (a.user.empty()) fail("has '@' but no user name before it");
    a.has_password = u.has_password();
    a.password = a.has_password ? u.password() : "";
  }
  // amqp://host and amqp://host/ both mean the broker's default vhost "/"; a vhost named "/x"
  // is written with its slash encoded, /%2fx, as RabbitMQ's own URIs do.
  auto segments = u.segments();
  if (segments.size() > 1) fail("vhost must be one path segment (write a '/' inside it as %2f)");
  if (segments.size() == 1 && !(*segments.begin()).empty()) a.vhost = *segments.begin();
  if (u.has_fragment()) fail("has a '#' fragment; nothing in an amqp address uses one");

  std::set<std::string> seen;
  bool has_exchange = false;
  for (auto param : u.params()) {
    if (!seen.insert(param.key).second) fail("gives '" + param.key + "' twice");
    if (param.key == "exchange") {
      has_exchange = true;
      a.exchange = param.value;
    } else if (param.key == "routing_key") {
      if (param.value.empty()) fail("routing_key is empty (leave it out for the default {platform}.{target})");
      a.routing_key = param.value;
    } else {
      fail("unknown parameter '" + param.key + "' (known: exchange, routing_key)");
    }
  }
  // Required, even though "" is a valid (default) exchange, so that a missing one is a typo
  // caught here rather than messages silently routed by queue name.
  if (!has_exchange) fail("needs ?exchange=NAME (exchange= with no name is the default exchange)");
  Target probe;
  std::string expanded = amqp_routing_key(a.routing_key, probe, 0);
  if (expanded.find_first_of("{}") != std::string::npos)
    fail("routing_key '" + a.routing_key + "' has an unknown placeholder (known: {platform}, {target}, {subscription})");
  return a;
}

std::string amqp_routing_key(const std::string& key_template, const Target& target, Id subscription) {
  std::string key = key_template;
  for (const auto& p : kPlaceholders) replace_all(key, p.name, p.value(target, subscription));
  return key;
}

}  // namespace gather
