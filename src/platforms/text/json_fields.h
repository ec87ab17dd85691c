// Tolerant field access for platform APIs' JSON. Weibo and Bilibili write the same field as a
// number in one response and a string in another (ids, cursors, flags), and null wherever a
// part is absent, so every reader here treats "missing", "null" and "wrong type" alike and takes
// a possibly-null object, so lookups chain without checks.
#pragma once

#include <boost/json.hpp>

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace gather::text {

const boost::json::object* obj(const boost::json::object* o, std::string_view key);
const boost::json::array* arr(const boost::json::object* o, std::string_view key);
// A string, or a whole number written as its digits; "" otherwise.
std::string str(const boost::json::object* o, std::string_view key);
// A whole number, or a string of digits (optionally signed); nullopt otherwise.
std::optional<std::int64_t> integer(const boost::json::object* o, std::string_view key);
// true, a non-zero number, or the strings "1"/"true"; false otherwise (absent, null, 0).
bool boolean(const boost::json::object* o, std::string_view key);

}  // namespace gather::text
