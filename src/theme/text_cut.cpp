#include "theme/text_cut.h"

#include <vector>

namespace gather::theme {

namespace {

constexpr std::string_view kEllipsis = "…";

bool continuation(char c) { return (static_cast<unsigned char>(c) & 0xC0) == 0x80; }

// The code point starting at `pos` (U+FFFD for a malformed one); it only steers boundary choice.
char32_t decode(std::string_view s, std::size_t pos) {
  auto b = static_cast<unsigned char>(s[pos]);
  int len = b < 0x80 ? 1 : (b >> 5) == 0x6 ? 2 : (b >> 4) == 0xE ? 3 : (b >> 3) == 0x1E ? 4 : 0;
  if (len == 0) return 0xFFFD;
  if (len == 1) return b;
  if (pos + len > s.size()) return 0xFFFD;
  char32_t cp = b & (0x7F >> len);
  for (int i = 1; i < len; ++i) {
    if (!continuation(s[pos + i])) return 0xFFFD;
    cp = (cp << 6) | (static_cast<unsigned char>(s[pos + i]) & 0x3F);
  }
  return cp;
}

// Code points that belong to the one before them: cutting in front of one would leave a bare
// base letter or half an emoji.
bool joins_previous(char32_t c) {
  return (c >= 0x0300 && c <= 0x036F) || (c >= 0x1AB0 && c <= 0x1AFF) || (c >= 0x1DC0 && c <= 0x1DFF) ||
         (c >= 0x20D0 && c <= 0x20FF) || (c >= 0xFE00 && c <= 0xFE0F) || c == 0x200D ||
         (c >= 0x1F3FB && c <= 0x1F3FF) || (c >= 0xE0020 && c <= 0xE007F) || (c >= 0xE0100 && c <= 0xE01EF);
}

bool is_space(char32_t c) { return c == ' ' || c == '\t' || c == '\r' || c == 0x3000 || c == 0xA0; }

// A cut just after one of these ends a clause: Latin and CJK (full-width) punctuation.
bool ends_clause(char32_t c) {
  switch (c) {
    case '.': case ',': case ';': case ':': case '!': case '?':
    case 0x3002: case 0xFF0C: case 0x3001: case 0xFF1B: case 0xFF1A: case 0xFF01: case 0xFF1F:
    case 0x2026: case 0xFF09: case 0x300D: case 0x300F: case 0x3011:
      return true;
    default:
      return false;
  }
}

bool trailing_blank(char32_t c) { return is_space(c) || c == '\n'; }

}  // namespace

std::size_t code_points(std::string_view text) {
  std::size_t n = 0;
  for (char c : text) n += continuation(c) ? 0 : 1;
  return n;
}

std::string cut_text(std::string_view text, std::size_t limit) {
  // Byte offsets of the first limit+1 code points: enough to know whether a cut is needed and
  // to walk back from the limit.
  std::vector<std::size_t> starts;
  starts.reserve(std::min(limit + 1, text.size()) + 1);
  for (std::size_t i = 0; i < text.size() && starts.size() <= limit; ++i)
    if (!continuation(text[i])) starts.push_back(i);
  if (starts.size() <= limit) return std::string(text);
  if (limit == 0) return {};

  std::size_t keep = limit - 1;  // code points before the ellipsis
  // Never before a code point that belongs to the previous one.
  while (keep > 0 && (joins_previous(decode(text, starts[keep])) || decode(text, starts[keep - 1]) == 0x200D)) --keep;

  // A nicer boundary within the last quarter (at most 80 code points) before the limit: a line
  // break first, else a space or the end of a clause.
  std::size_t window = std::min<std::size_t>(keep / 4, 80);
  std::size_t line = 0, soft = 0;
  for (std::size_t k = keep; k > 0 && k + window >= keep; --k) {
    char32_t before = decode(text, starts[k - 1]);
    char32_t at = decode(text, starts[k]);
    if (joins_previous(at)) continue;
    if (!line && at == '\n') line = k;
    if (!soft && (is_space(at) || ends_clause(before))) soft = k;
    if (line) break;
  }
  if (line) keep = line;
  else if (soft) keep = soft;

  while (keep > 0 && trailing_blank(decode(text, starts[keep - 1]))) --keep;
  std::string out(text.substr(0, keep == 0 ? 0 : starts[keep]));
  out += kEllipsis;
  return out;
}

}  // namespace gather::theme
