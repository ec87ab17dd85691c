#include "theme/theme_dir.h"

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>

namespace gather::theme {

namespace fs = std::filesystem;

namespace {

constexpr std::string_view kSuffix = ".mustache";

bool valid_name(const std::string& name) {
  return !name.empty() && std::all_of(name.begin(), name.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || c == '-';
  });
}

std::string read_all(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw ThemeError(path.string() + ": cannot be read");
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

}  // namespace

std::vector<ThemeSpec> read_theme_dir(const std::string& dir) {
  std::error_code ec;
  if (!fs::is_directory(dir, ec)) throw ThemeError("theme directory " + dir + " does not exist or is not a directory");
  std::map<std::string, ThemeSpec> by_name;
  for (const auto& entry : fs::directory_iterator(dir, ec)) {
    std::string file = entry.path().filename().string();
    if (file.size() <= kSuffix.size() || !file.ends_with(kSuffix) || file.front() == '.') continue;
    if (!entry.is_regular_file()) continue;
    std::string stem = file.substr(0, file.size() - kSuffix.size());
    ThemeSpec spec;
    spec.origin = entry.path().string();
    spec.format = "plain";
    if (auto dot = stem.find('.'); dot != std::string::npos) {
      spec.format = stem.substr(dot + 1);
      stem.resize(dot);
      if (spec.format != "plain" && spec.format != "markdownv2" && spec.format != "html")
        throw ThemeError(spec.origin + ": unknown format '" + spec.format +
                         "' in the file name (NAME.mustache or NAME.FORMAT.mustache, FORMAT one of plain, "
                         "markdownv2, html)");
    }
    if (!valid_name(stem))
      throw ThemeError(spec.origin + ": a theme name is letters, digits, '-' and '_'; '" + stem + "' is not");
    if (stem == "raw") throw ThemeError(spec.origin + ": 'raw' is the post as JSON and cannot be replaced");
    spec.name = stem;
    if (auto it = by_name.find(stem); it != by_name.end())
      throw ThemeError(spec.origin + ": theme '" + stem + "' is also defined by " + it->second.origin);
    spec.source = read_all(entry.path());
    by_name.emplace(stem, std::move(spec));
  }
  if (ec) throw ThemeError("theme directory " + dir + ": " + ec.message());
  std::vector<ThemeSpec> out;
  for (auto& [name, spec] : by_name) out.push_back(std::move(spec));
  return out;
}

}  // namespace gather::theme
