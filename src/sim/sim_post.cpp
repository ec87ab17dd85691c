#include "sim/sim_post.h"

#include "sim/rng.h"

namespace gather::sim {

namespace {
constexpr std::uint64_t kCategoryStream = 3;
}

const std::vector<std::string>& sim_categories() {
  static const std::vector<std::string> set{"news", "tech", "sports", "culture"};
  return set;
}

SimPost make_post(std::uint64_t seed, int feed, int k, TimePoint published, std::string_view base_url) {
  SimPost p;
  p.feed = feed;
  p.index = k;
  std::string fk = std::to_string(feed) + "-" + std::to_string(k);
  p.id = "sim-" + fk;
  p.url = std::string(base_url) + "/posts/" + std::to_string(feed) + "/" + std::to_string(k);
  p.title = "Feed " + std::to_string(feed) + " post " + std::to_string(k);
  // Named, numeric and XML-special entities plus a <br>, so parsers must decode and strip.
  p.html = "<p>Post " + std::to_string(k) + " of <b>feed " + std::to_string(feed) +
           "</b>: fish &amp; chips, 3 &lt; 4, &quot;quoted&quot; &#8212; caf&eacute;<br>second line</p>";
  std::uint64_t h = mix64(seed, kCategoryStream, mix64(static_cast<std::uint64_t>(feed), static_cast<std::uint64_t>(k)));
  const auto& set = sim_categories();
  std::size_t n = h % 3;  // 0, 1 or 2 categories
  std::size_t first = (h >> 8) % set.size();
  for (std::size_t c = 0; c < n; ++c) p.categories.push_back(set[(first + c) % set.size()]);
  if ((k + 1) % 5 == 0) p.image_url = std::string(base_url) + "/media/" + std::to_string(feed) + "/" + std::to_string(k) + ".jpg";
  p.published = published;
  return p;
}

}  // namespace gather::sim
