// Shortening a post's text for a message.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace gather::theme {

// `text` if it holds at most `limit` code points; otherwise a prefix ending in "…", at most
// `limit` code points in all. The cut is never inside a UTF-8 sequence nor before a combining
// mark, variation selector or zero-width joiner (an emoji or accented letter stays whole), and
// moves back to a line break, a space or a punctuation mark when one is near the limit, so
// words and sentences are not split when that costs little.
std::string cut_text(std::string_view text, std::size_t limit);

// Number of code points (invalid bytes count one each).
std::size_t code_points(std::string_view text);

}  // namespace gather::theme
