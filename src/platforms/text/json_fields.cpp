#include "platforms/text/json_fields.h"

#include <charconv>

namespace gather::text {

namespace json = boost::json;

namespace {
const json::value* field(const json::object* o, std::string_view key) { return o ? o->if_contains(key) : nullptr; }
}  // namespace

const json::object* obj(const json::object* o, std::string_view key) {
  const json::value* v = field(o, key);
  return v ? v->if_object() : nullptr;
}

const json::array* arr(const json::object* o, std::string_view key) {
  const json::value* v = field(o, key);
  return v ? v->if_array() : nullptr;
}

std::string str(const json::object* o, std::string_view key) {
  const json::value* v = field(o, key);
  if (!v) return {};
  if (const json::string* s = v->if_string()) return std::string(*s);
  if (v->is_int64()) return std::to_string(v->get_int64());
  if (v->is_uint64()) return std::to_string(v->get_uint64());
  return {};
}

std::optional<std::int64_t> integer(const json::object* o, std::string_view key) {
  const json::value* v = field(o, key);
  if (!v) return std::nullopt;
  if (v->is_int64()) return v->get_int64();
  if (v->is_uint64() && v->get_uint64() <= static_cast<std::uint64_t>(INT64_MAX))
    return static_cast<std::int64_t>(v->get_uint64());
  if (const json::string* s = v->if_string()) {
    std::int64_t n = 0;
    const auto [end, ec] = std::from_chars(s->data(), s->data() + s->size(), n);
    if (ec == std::errc{} && end == s->data() + s->size()) return n;
  }
  return std::nullopt;
}

bool boolean(const json::object* o, std::string_view key) {
  const json::value* v = field(o, key);
  if (!v) return false;
  if (v->is_bool()) return v->get_bool();
  if (const json::string* s = v->if_string()) return *s == "1" || *s == "true";
  const auto n = integer(o, key);
  return n && *n != 0;
}

}  // namespace gather::text
