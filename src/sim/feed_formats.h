// The "feeds" platform: what /feeds/{i} serves. Feed i uses format i % 4 (RSS 2.0, Atom 1.0,
// RSS 1.0/RDF, JSON Feed 1.1), and a few variants exercise what real feeds get wrong or do
// differently: relative links, CDATA bodies and non-UTC date offsets.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "core/post.h"
#include "sim/sim_post.h"

namespace gather::sim {

enum class FeedFormat { rss2, atom, rdf, json_feed };

FeedFormat feed_format_of(int feed);
// "/feeds/{i}.xml", or "/feeds/{i}.json" for JSON Feed.
std::string feed_path(int feed);
std::string_view feed_content_type(FeedFormat format);
std::string_view format_name(FeedFormat format);

// How feed i writes post links in RSS 2.0: absolute, "/posts/i/k" or "../posts/i/k".
enum class LinkStyle { absolute, root_relative, path_relative };
LinkStyle link_style_of(int feed);

struct FeedDoc {
  int feed = 0;
  std::string base_url;  // "http://127.0.0.1:PORT", no trailing slash
  TimePoint updated;     // newest post, or the simulator's start when empty
  std::vector<SimPost> posts;  // newest first, already cut to the page size
};

std::string render_feed(const FeedDoc& doc);

// Makes a post say only what its feed's format can carry, so the ground truth (/_sim/posts)
// equals what a correct parser reads. RSS 1.0 has no guid and no enclosure: its items are named
// by their URL (rdf:about) and carry no image.
void fit_to_format(SimPost& post);

// A 200 body a parser must reject: cut inside a tag, then garbage.
std::string malform_feed(FeedFormat format, std::string_view good_body);

// The small HTML page behind a post's link.
std::string render_post_page(const SimPost& post);

}  // namespace gather::sim
