#include "platforms/bilibili/api_envelope.h"

#include "platforms/bilibili/json_fields.h"
#include "platforms/platform.h"

namespace gather::bilibili {

std::optional<json::object> try_parse_object(std::string_view body) {
  boost::system::error_code ec;
  json::value v = json::parse(body, ec);
  if (ec || !v.is_object()) return std::nullopt;
  return std::move(v.get_object());
}

json::object parse_object(std::string_view body, std::string_view what) {
  boost::system::error_code ec;
  json::value v = json::parse(body, ec);
  if (ec) throw ParseError(std::string(what) + ": not JSON (" + ec.message() + ")");
  if (!v.is_object()) throw ParseError(std::string(what) + ": not a JSON object");
  return std::move(v.get_object());
}

std::optional<std::int64_t> api_code(const json::object& root) { return integer(&root, "code"); }

std::string api_message(const json::object& root) {
  std::string m = str(&root, "message");
  return m.empty() ? str(&root, "msg") : m;
}

const json::object& require_data(const json::object& root, std::string_view what) {
  const auto code = api_code(root);
  if (!code) throw ParseError(std::string(what) + ": no code (not a Bilibili API answer)");
  if (*code != 0) {
    throw ParseError(std::string(what) + ": code " + std::to_string(*code) + " (" + api_message(root) + ")");
  }
  const json::object* data = obj(&root, "data");
  if (!data) throw ParseError(std::string(what) + ": no data");
  return *data;
}

}  // namespace gather::bilibili
