// What the config says about themes. Apart from the engine so the config header stays light.
#pragma once

#include <cstddef>
#include <map>
#include <string>

namespace gather::theme {

struct ThemeOptions {
  std::string dir;  // the user's templates (theme_dir.h); "" = built-ins only
  std::size_t text_limit = 600;
  std::map<std::string, std::string> platform;  // platform name → its default theme
};

}  // namespace gather::theme
