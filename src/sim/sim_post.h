// One simulated post: everything the feed formats render and the ground truth reports.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/post.h"

namespace gather {

struct SimPost {
  int feed = 0;
  int index = 0;         // k: 0, 1, 2... in publication order within the feed
  std::string id;        // "sim-{feed}-{k}" (guid / Atom id / JSON Feed id); the url in RSS 1.0
  std::string url;       // absolute "http://HOST/posts/{feed}/{k}" (some feeds serve it relative)
  std::string title;     // "Feed {feed} post {k}"
  std::string html;      // description with entities and a <br>
  std::vector<std::string> categories;  // 0-2 of a small fixed set
  std::optional<std::string> image_url;  // every 5th post (k % 5 == 4), except in RSS 1.0
  TimePoint published;
};

namespace sim {

// Builds post k of `feed`. Content is a pure function of its arguments so two runs with the
// same seed serve byte-identical feeds.
SimPost make_post(std::uint64_t seed, int feed, int k, TimePoint published, std::string_view base_url);

// The categories the simulator draws from; tests and filters can rely on this set.
const std::vector<std::string>& sim_categories();

}  // namespace sim
}  // namespace gather
