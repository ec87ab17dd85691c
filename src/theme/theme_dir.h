// The user's theme directory: NAME.mustache (plain text) or NAME.FORMAT.mustache, FORMAT one of
// plain, markdownv2, html. A file adds a theme or replaces the built-in one of that name.
#pragma once

#include <string>
#include <vector>

#include "theme/theme.h"

namespace gather::theme {

// The templates in `dir`, by name; other files are ignored. Throws ThemeError naming the
// directory or file: missing directory, unreadable file, bad FORMAT or NAME, two files for one
// name, a file for `raw`. Templates are not compiled here.
std::vector<ThemeSpec> read_theme_dir(const std::string& dir);

}  // namespace gather::theme
