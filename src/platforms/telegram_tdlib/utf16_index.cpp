#include "platforms/telegram_tdlib/utf16_index.h"

namespace gather::telegram_tdlib {
namespace {

// The length of the well-formed UTF-8 sequence at `s[i]`, or 0 when there is none.
std::size_t sequence_length(std::string_view s, std::size_t i) {
  const auto b = static_cast<unsigned char>(s[i]);
  std::size_t n = 0;
  if (b < 0x80) return 1;
  if (b >= 0xC2 && b <= 0xDF) n = 2;
  else if (b >= 0xE0 && b <= 0xEF) n = 3;
  else if (b >= 0xF0 && b <= 0xF4) n = 4;
  else return 0;
  if (i + n > s.size()) return 0;
  for (std::size_t k = 1; k < n; ++k) {
    if ((static_cast<unsigned char>(s[i + k]) & 0xC0) != 0x80) return 0;
  }
  return n;
}

}  // namespace

Utf16Index::Utf16Index(std::string_view utf8) {
  starts_.reserve(utf8.size() + 1);
  second_half_.reserve(utf8.size() + 1);
  std::size_t i = 0;
  while (i < utf8.size()) {
    std::size_t n = sequence_length(utf8, i);
    if (n == 0) n = 1;
    starts_.push_back(i);
    second_half_.push_back(false);
    // Four UTF-8 bytes encode a code point above U+FFFF: a surrogate pair in UTF-16.
    if (n == 4) {
      starts_.push_back(i);
      second_half_.push_back(true);
    }
    i += n;
  }
  starts_.push_back(utf8.size());
  second_half_.push_back(false);
}

std::size_t Utf16Index::byte_floor(std::size_t pos) const {
  if (pos >= starts_.size()) return starts_.back();
  return starts_[pos];
}

std::size_t Utf16Index::byte_ceil(std::size_t pos) const {
  if (pos >= starts_.size()) return starts_.back();
  return second_half_[pos] ? starts_[pos + 1] : starts_[pos];
}

}  // namespace gather::telegram_tdlib
