// The "bilibili" platform of the simulator: user mid 200000+i ("Sim up i") is simulated feed i,
// its posts shown as dynamics of the web space feed (x/polymer/web-dynamic/v1/feed/space), in
// the JSON the site serves: a post with an image is a DYNAMIC_TYPE_DRAW (major.draw.items[].src),
// one without a DYNAMIC_TYPE_WORD; the text is the post's title and body followed by its
// categories as #topic# nodes. Also the nav answer that publishes the WBI keys, and the envelope
// of an error code.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "sim/sim_post.h"

namespace gather::sim {

// Dynamics per space-feed page, newest first, as on the site.
constexpr int kBilibiliPageSize = 12;
constexpr std::int64_t kBilibiliFirstMid = 200000;

std::int64_t bilibili_mid(int feed);  // 200000 + feed
// The feed of a host_mid ("200003" -> 3) with 0 <= feed < feeds; nullopt otherwise.
std::optional<int> bilibili_feed_of_mid(std::string_view mid, int feeds);
std::string bilibili_up_name(int feed);  // "Sim up i"

// A dynamic's id_str: an 18-digit number growing with k within a feed (the site's ids grow with
// time, and the feed's offset is the id of the last item shown).
std::string bilibili_dynamic_id(int feed, int k);
// k for a dynamic id of `feed`; nullopt when the id is not one of that feed's.
std::optional<int> bilibili_dynamic_index(std::string_view id, int feed);

// The text of the dynamic for post p, as the reader sees it: title, body, then " #cat#" each.
std::string bilibili_dynamic_text(const SimPost& p);

struct WbiKeyPair {
  std::string img;  // 32 hex characters each
  std::string sub;
};
// Fixed for a run: a function of the seed, so that a client must ask nav to learn them.
WbiKeyPair bilibili_wbi_keys(std::uint64_t seed);

// GET /x/web-interface/nav, not logged in: code -101 and the keys as image URLs.
std::string render_nav(const WbiKeyPair& keys);

struct SpacePage {
  int feed = 0;
  std::vector<SimPost> posts;  // newest first, already cut to one page
  bool has_more = false;       // older posts exist below the last one shown
};
std::string render_space_page(const SpacePage& page);

// {"code":CODE,"message":MESSAGE,"ttl":1}, and `data` when given (as a JSON text).
std::string render_api_error(int code, std::string_view message, std::string_view data_json = {});

}  // namespace gather::sim
