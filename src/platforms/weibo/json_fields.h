// Tolerant field access for Weibo's JSON: the API writes the same field as a number in one
// response and a string in another (ids, since_id, ok), and null where a value is missing.
#pragma once

#include <boost/json.hpp>

#include "platforms/text/json_fields.h"

#include <optional>
#include <string>
#include <string_view>

namespace gather::weibo {

namespace json = boost::json;

// The shared tolerant readers (text/json_fields.h), by reference.
inline std::string field_text(const json::object& o, std::string_view key) { return text::str(&o, key); }
inline std::optional<long long> field_int(const json::object& o, std::string_view key) {
  return text::integer(&o, key);
}
inline bool field_true(const json::object& o, std::string_view key) { return text::boolean(&o, key); }
inline const json::object* field_object(const json::object& o, std::string_view key) { return text::obj(&o, key); }
inline const json::array* field_array(const json::object& o, std::string_view key) { return text::arr(&o, key); }

// The body as a JSON object; throws ParseError saying what it is instead.
json::object parse_object(std::string_view body);

}  // namespace gather::weibo
