#include "platforms/weibo/json_fields.h"


#include "platforms/platform.h"

namespace gather::weibo {

json::object parse_object(std::string_view body) {
  const std::size_t first = body.find_first_not_of(" \t\r\n");
  if (first == std::string_view::npos) throw ParseError("empty body, not Weibo's JSON");
  if (body[first] == '<') throw ParseError("an HTML page, not Weibo's JSON");
  boost::system::error_code ec;
  json::value v = json::parse(body, ec);
  if (ec) throw ParseError("not JSON: " + ec.message());
  if (!v.is_object()) throw ParseError("JSON but not an object");
  return std::move(v.get_object());
}

}  // namespace gather::weibo
