// A theme made of a mustache template (kainjow), with its format's escaping built in.
#pragma once

#include <memory>

#include "theme/theme.h"

namespace gather::theme {

// Compiles `spec`. Throws ThemeError naming `spec.origin`, the line and column, and the problem:
// a syntax error, a partial ({{> x}}, not supported), a variable the view does not have
// (a typo would otherwise print nothing, silently), or an unknown format.
std::unique_ptr<Theme> compile_template(const ThemeSpec& spec);

}  // namespace gather::theme
