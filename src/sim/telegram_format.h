// The "telegram" platform of the simulator: channel chan{i} is simulated feed i, its posts shown
// as messages (id = post index + 1) of the public web preview, the HTML t.me/s/NAME serves.
// A message carries the post's title in bold, its body, its categories as #hashtags, its image
// as a photo, a view count, and its publication time.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "sim/sim_post.h"

namespace gather::sim {

// Messages per preview page, newest last, as on t.me.
constexpr int kTelegramPageSize = 20;

std::string telegram_channel(int feed);  // "chan{i}"
// i for "chan{i}" (any case) with 0 <= i < feeds; nullopt otherwise.
std::optional<int> telegram_channel_feed(std::string_view name, int feeds);
std::string telegram_channel_title(int feed);

// The views a message shows: 100 * (k + 1), a multiple of 100 so that the preview's rounded
// "1.2K" stays exact below a million.
std::int64_t telegram_views(int k);
// A count as the preview writes it: "950", "1.2K", "3.4M" (rounded down to one decimal).
std::string compact_count(std::int64_t n);

struct ChannelPage {
  int feed = 0;
  std::vector<SimPost> posts;  // oldest first, already cut to one page
  // The id the "older messages" link asks for, when older messages exist.
  std::optional<int> older_before;
};

std::string render_channel_page(const ChannelPage& page);

}  // namespace gather::sim
