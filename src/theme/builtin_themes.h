// The themes gather ships: their templates are compiled into the binary, so a fresh install
// renders without any files.
#pragma once

#include <vector>

#include "theme/theme.h"

namespace gather::theme {

// basic, brief, markdown, html. (raw is not a template: see raw_theme.h.)
const std::vector<ThemeSpec>& builtin_specs();

}  // namespace gather::theme
