// Posts for the theme tests: parsed from the real platform fixtures, so themes are tried on what
// parsers actually produce.
#pragma once

#include <stdexcept>
#include <string>

#include "core/post.h"
#include "core/records.h"
#include "platforms/platform.h"
#include "../platforms/test_util.h"

namespace gather::theme::testing {

using gather::testing::read_file;

// `path` under ../shared/fixtures/platforms, or under tests/fixtures when it has a folder.
inline Page parse_fixture(const std::string& platform, const std::string& path, const std::string& base_url = "") {
  std::string file = path.find('/') == std::string::npos ? std::string(GATHER_SHARED_FIXTURES) + "/platforms/" + path
                                                          : std::string(GATHER_OWN_FIXTURES) + "/" + path;
  return find_platform(platform)->parse(read_file(file), base_url);
}

inline const Post& post_with_id(const Page& page, const std::string& id) {
  for (const auto& p : page.posts)
    if (p.id == id) return p;
  throw std::runtime_error("no post " + id);
}

inline Target target_on(const std::string& platform, const std::string& name = "") {
  Target t;
  t.id = 1;
  t.platform = platform;
  t.key = "key";
  t.name = name;
  return t;
}

// The Weibo timeline in ../shared/fixtures: 11 posts, one of them a repost of a video post.
inline const Page& weibo_page() {
  static const Page page = parse_fixture("weibo", "weibo_ak_list_1.json");
  return page;
}
inline const Post& weibo_repost() { return post_with_id(weibo_page(), "4648806186747944"); }

}  // namespace gather::theme::testing
