#include "net/http_types.h"

#include <boost/url/grammar/ci_string.hpp>

namespace gather {

std::optional<std::string> find_header(const Headers& headers, std::string_view name) {
  for (const auto& [key, value] : headers) {
    if (boost::urls::grammar::ci_is_equal(key, name)) return value;
  }
  return std::nullopt;
}

}  // namespace gather
