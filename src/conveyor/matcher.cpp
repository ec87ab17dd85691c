#include "conveyor/matcher.h"

#include <algorithm>
#include <cctype>

namespace gather {
namespace {

bool contains(const std::vector<std::string>& haystack, const std::string& needle) {
  return std::find(haystack.begin(), haystack.end(), needle) != haystack.end();
}

std::string ascii_lower(std::string s) {
  for (char& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

}  // namespace

// A tag filter looks at the author's topics and at the platform's categories: a feed's
// <category> is a topic, and "~转发" (no reposts) is a natural thing to ask for.
std::vector<std::string> post_tags(const Post& post) {
  std::vector<std::string> all = post.tags;
  all.insert(all.end(), post.categories.begin(), post.categories.end());
  return all;
}

bool tags_drop(const std::vector<std::string>& tags, const std::vector<std::string>& wanted,
               const std::vector<std::string>& banned) {
  for (const auto& b : banned)
    if (contains(tags, b)) return true;
  if (wanted.empty()) return false;
  return std::none_of(wanted.begin(), wanted.end(), [&](const std::string& w) { return contains(tags, w); });
}

bool matches(const Filters& f, const Post& post) {
  if (!f.categories.empty() && std::none_of(f.categories.begin(), f.categories.end(),
                                            [&](const std::string& c) { return contains(post.categories, c); }))
    return false;
  std::vector<std::string> wanted, banned;
  for (const auto& t : f.tags) {
    if (!t.empty() && t[0] == '~') banned.push_back(t.substr(1));
    else wanted.push_back(t);
  }
  if (tags_drop(post_tags(post), wanted, banned)) return false;
  if (f.keywords.empty() && f.exclude_keywords.empty()) return true;
  std::string hay = ascii_lower(post.title + "\n" + post.text);
  auto has = [&](const std::string& k) { return hay.find(ascii_lower(k)) != std::string::npos; };
  if (std::any_of(f.exclude_keywords.begin(), f.exclude_keywords.end(), has)) return false;
  return f.keywords.empty() || std::any_of(f.keywords.begin(), f.keywords.end(), has);
}

}  // namespace gather
