// Bytes in a declared encoding to UTF-8 (glibc iconv), and the XML details that say which.
#pragma once

#include <string>
#include <string_view>

namespace gather::text {

// Converts `bytes` from `declared_encoding` (any case; "" means UTF-8) to UTF-8. Invalid or
// truncated sequences become U+FFFD; an unknown encoding is read as UTF-8. Never throws on bad
// bytes. GB2312 and GBK are read as GB18030 (their superset), ISO-8859-1 as windows-1252 (what
// servers that say latin-1 actually send, and what browsers do).
std::string to_utf8(std::string_view bytes, std::string_view declared_encoding);

// The encoding a byte order mark announces ("UTF-8", "UTF-16LE", "UTF-16BE") and its length;
// {"", 0} without one.
struct Bom {
  std::string_view encoding;
  std::size_t length = 0;
};
Bom detect_bom(std::string_view bytes);

// The encoding="..." of an <?xml ...?> prolog at the start of `doc` (after any BOM and
// whitespace), or "" when there is none.
std::string xml_declared_encoding(std::string_view doc);

// A whole XML document as UTF-8: BOM stripped, converted from what the BOM or the prolog says.
std::string xml_to_utf8(std::string_view bytes);

}  // namespace gather::text
