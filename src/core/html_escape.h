// Text made safe inside HTML we write: element content and double-quoted attributes.
#pragma once

#include <string>
#include <string_view>

namespace gather {

// &, <, > and " as entities; everything else as is.
std::string html_escape(std::string_view text);

}  // namespace gather
