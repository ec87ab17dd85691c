// ASCII whitespace off both ends: what every reader of user input and header values needs.
#pragma once

#include <cctype>
#include <string_view>

namespace gather::text {

inline std::string_view trim(std::string_view s) {
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.front()))) s.remove_prefix(1);
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.back()))) s.remove_suffix(1);
  return s;
}

}  // namespace gather::text
