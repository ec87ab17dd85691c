// Reading the public web preview of a channel, https://t.me/s/NAME. telegram_platform.h says
// where each field comes from.
#pragma once

#include <string_view>

#include "core/post.h"

namespace gather::telegram {

// The channel's profile and its messages, newest first. `base_url` resolves relative media
// links. Throws ParseError when the page is not a channel preview (no channel header and no
// messages).
Page parse_preview(std::string_view html, std::string_view base_url);

}  // namespace gather::telegram
