// Escaping per message format. The theme engine installs one of these as kainjow's escape
// function, so every {{variable}} a template prints is escaped for its format without the
// template author having to think of it.
#pragma once

#include <functional>
#include <string>
#include <string_view>

namespace gather::theme {

// Telegram MarkdownV2 outside entities: a backslash before each of _*[]()~`>#+-=|{}.! and \.
std::string escape_markdownv2(std::string_view text);
// Telegram MarkdownV2 inside the (...) of an inline link: only ) and \ are special there.
std::string escape_markdownv2_url(std::string_view url);
// Telegram HTML mode: & < > " (attribute values are written double-quoted).
std::string escape_html(std::string_view text);

// A value a template uses as a link target ({{href}}) carries this byte in front, so the one
// escape function kainjow allows can tell it from text: MarkdownV2 escapes the two differently.
// Post fields never contain it (the view removes it).
inline constexpr char kHrefMark = '\x1e';

// The escape function for a format ("plain", "markdownv2", "html"). Throws std::invalid_argument
// for any other.
std::function<std::string(const std::string&)> escaper_for(std::string_view format);

// Removes what is left of href marks in rendered output (a template that printed {{{href}}}
// unescaped).
void strip_href_marks(std::string& out);

}  // namespace gather::theme
