// URL resolution (RFC 3986) through Boost.URL.
#pragma once

#include <string>
#include <string_view>

namespace gather::text {

// `ref` resolved against `base`. Surrounding whitespace is ignored. When either cannot be parsed
// (or base is not absolute) the trimmed `ref` comes back unchanged.
std::string resolve_url(std::string_view base, std::string_view ref);

}  // namespace gather::text
