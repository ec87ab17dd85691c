// Where TDLib's text positions fall in our UTF-8 strings. TDLib counts entity offsets and lengths
// in UTF-16 code units: a character outside the Basic Multilingual Plane (most emoji) is two
// units, and every other character one, whatever its UTF-8 length.
#pragma once

#include <cstddef>
#include <string_view>
#include <vector>

namespace gather::telegram_tdlib {

class Utf16Index {
 public:
  // A byte that is not valid UTF-8 counts as one unit of its own (Boost.JSON never hands us one,
  // but a caller might).
  explicit Utf16Index(std::string_view utf8);
  // How many UTF-16 units the whole string is.
  std::size_t units() const { return starts_.size() - 1; }
  // The byte offset of UTF-16 position `pos`. A position inside a surrogate pair (a malformed
  // entity) rounds down to the character's first byte (floor) or past its last byte (ceil), so a
  // range never splits a character. Positions past the end give the string's size.
  std::size_t byte_floor(std::size_t pos) const;
  std::size_t byte_ceil(std::size_t pos) const;

 private:
  std::vector<std::size_t> starts_;  // per unit: the first byte of its character; then the size
  std::vector<bool> second_half_;    // per unit: the low surrogate of a pair
};

}  // namespace gather::telegram_tdlib
