// The "weibo" platform of the simulator: user uid 100000+i is simulated feed i, its posts shown
// as mblogs of m.weibo.cn's mobile API (the JSON the real WeiboPlatform parses). Identities and
// the rules of which post is long or fans-only are pure functions of (feed, k), so the ground
// truth (/_sim/posts) and the wire agree without any stored state.
#pragma once

#include <boost/json/object.hpp>

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "sim/sim_post.h"

namespace gather::sim {

// Posts per timeline page, newest first, as m.weibo.cn pages them.
constexpr int kWeiboPageSize = 10;

long long weibo_uid(int feed);  // 100000 + feed
// The feed of a uid as typed in a query ("100003"), when 0 <= feed < feeds.
std::optional<int> weibo_uid_feed(std::string_view uid, int feeds);

// A post's mid: 5000000000 + feed * 1000000 + k. Mids grow with k, as Weibo's grow with time, so
// "older than" is "smaller than" within a feed. (k below a million keeps them apart.)
long long weibo_mid(int feed, int k);
// The k a mid names within `feed`: may be negative or past the timeline; the caller clamps.
long long weibo_mid_index(int feed, long long mid);
// The feed a mid belongs to, if it is a simulator mid of one of `feeds` feeds.
std::optional<int> weibo_mid_feed(long long mid, int feeds);
// The short id of the post URL (weibo.com/{uid}/{bid}): the mid in base 62, like Weibo's.
std::string weibo_bid(long long mid);

// Every 3rd post (k % 3 == 2) is long: the timeline cuts it short with a 全文 link.
bool weibo_long_text(int k);
// Every 7th post (k % 7 == 6) is visible only to logged-in viewers (粉丝可见).
bool weibo_fans_only(int k);

// A time as Weibo writes created_at: Beijing time, "Sat Nov 21 10:00:00 +0800 2026".
std::string weibo_created_at(TimePoint t);

// The whole text of a post as Weibo HTML: its categories as #topic# links, its title and body as
// lines joined by <br />, an emoji image; a long post has more lines after those.
std::string weibo_full_html(const SimPost& p);
// The text the timeline shows: the whole text, or for a long post the head and a " ..." cut
// ending in the <a href="/status/{mid}">全文</a> stub.
std::string weibo_timeline_html(const SimPost& p);

struct WeiboTimelinePage {
  int feed = 0;
  std::vector<SimPost> posts;  // newest first, already cut to one page
  // cardlistInfo.since_id: the mid of the newest post of the next (older) page, if there is one.
  std::optional<long long> since_id;
};

// getIndex with containerid 107603{uid}. A page without posts is Weibo's "no content yet" answer:
// ok 0 with an empty cards array.
std::string render_weibo_timeline(const WeiboTimelinePage& page, std::string_view base_url);
// getIndex without a containerid: data.userInfo. `statuses` is the post count shown.
std::string render_weibo_profile(int feed, int statuses, std::string_view base_url);
// statuses/extend: data.longTextContent.
std::string render_weibo_long_text(const SimPost& p);
// The JSON m.weibo.cn sends with HTTP 200 when it will not answer: ok 0, a msg, maybe an errno.
std::string render_weibo_refusal(std::string_view msg, std::string_view errno_code = {});

// What /_sim/posts reports under "weibo" for a post: mid, bid, uid, fans_only, long_text.
boost::json::object weibo_ground_truth(const SimPost& p);

}  // namespace gather::sim
