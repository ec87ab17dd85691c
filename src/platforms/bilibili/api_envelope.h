// Bilibili's answer envelope, shared by every endpoint: {"code": 0, "message": "0", "data": ...}.
// A non-zero code arrives with HTTP 200, so the code, not the status, says whether it worked.
#pragma once

#include <boost/json.hpp>

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace gather::bilibili {

// `body` parsed as a JSON object. Throws ParseError "`what`: ..." when it is not one.
boost::json::object parse_object(std::string_view body, std::string_view what);

// The same without throwing: nullopt when `body` is not a JSON object (classify never throws).
std::optional<boost::json::object> try_parse_object(std::string_view body);

// The envelope's code, nullopt when it has none.
std::optional<std::int64_t> api_code(const boost::json::object& root);

// `message`, else the live API's `msg`.
std::string api_message(const boost::json::object& root);

// Throws ParseError "`what`: code N (message)" unless the envelope says 0, and
// "`what`: no data" when `data` is not an object; returns `data`.
const boost::json::object& require_data(const boost::json::object& root, std::string_view what);

}  // namespace gather::bilibili
