// HTML bodies of posts as plain text, via gumbo (a full HTML5 parser).
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace gather::text {

// Text content with entities decoded; <br> and block elements end lines, script/style/head are
// dropped, whitespace is collapsed within lines, lines are trimmed, at most one blank line in a
// row, none at either end.
std::string html_to_text(std::string_view html);

// Both of the above from one parse.
struct HtmlContent {
  std::string text;
  std::vector<std::string> images;
};
HtmlContent read_html(std::string_view html);

// The src of every <img>, in document order, as written (not resolved), without duplicates.
std::vector<std::string> html_images(std::string_view html);

// The text an HTML named character reference stands for ("nbsp" -> U+00A0), using gumbo's
// table; nullopt when HTML does not define the name.
std::optional<std::string> html_entity(std::string_view name);

}  // namespace gather::text
