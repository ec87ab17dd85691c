// A Bilibili user as a target: what people paste (a space URL, a mobile URL, the mid itself) to
// the mid.
#pragma once

#include <string>
#include <string_view>

namespace gather::bilibili {

// "161775300", "https://space.bilibili.com/161775300", "space.bilibili.com/161775300/dynamic",
// "https://m.bilibili.com/space/161775300" (query and fragment ignored) -> "161775300".
// Throws std::invalid_argument naming what is wrong.
std::string mid_of(std::string_view input);

}  // namespace gather::bilibili
