#include "sim/weibo_format.h"

#include <boost/json.hpp>
#include <date/date.h>

#include <algorithm>
#include <charconv>

namespace gather::sim {

namespace json = boost::json;

namespace {

constexpr long long kUidBase = 100'000;
constexpr long long kMidBase = 5'000'000'000;
constexpr long long kMidsPerFeed = 1'000'000;
// getIndex's container of a user's posts is this prefix + uid (Weibo's own numbering).
constexpr std::string_view kTimelineContainer = "107603";

std::string uid_text(int feed) { return std::to_string(weibo_uid(feed)); }
std::string container_of(int feed) { return std::string(kTimelineContainer) + uid_text(feed); }

// A #topic# as m.weibo.cn links it: a search for the topic, the visible text in a surl-text span.
std::string topic_link(std::string_view topic, int feed) {
  return "<a  href=\"https://m.weibo.cn/search?containerid=231522type%3D1%26t%3D10%26q%3D%23" + std::string(topic) +
         "%23&luicode=10000011&lfid=" + container_of(feed) + "\" data-hide=\"\"><span class=\"surl-text\">#" +
         std::string(topic) + "#</span></a>";
}

// Weibo writes emoji as images whose (unquoted) alt is the emoji's name; parsers read the alt.
constexpr std::string_view kEmoji =
    "<span class=\"url-icon\"><img alt=[笑cry] src=\"https://h5.sinaimg.cn/m/emoticon/icon/default/"
    "d_xiaoku-f2bd11b506.png\" style=\"width:1em; height:1em;\" /></span>";

// The lines every post has: topics (when it has categories), title, body with entities and emoji.
std::string head_html(const SimPost& p) {
  std::string x;
  for (std::size_t i = 0; i < p.categories.size(); ++i) x += (i ? " " : "") + topic_link(p.categories[i], p.feed);
  if (!p.categories.empty()) x += "<br />";
  x += p.title + "<br />";
  x += "Post " + std::to_string(p.index) + " of feed " + std::to_string(p.feed) +
       ": fish &amp; chips, 3 &lt; 4, &quot;quoted&quot; " + std::string(kEmoji);
  return x;
}

constexpr int kLongLines = 4;
std::string long_line(const SimPost& p, int n) {
  return "Line " + std::to_string(n) + " of the long text of post " + std::to_string(p.index) +
         ", which the timeline cuts short.";
}
// Where the timeline cuts a long post: inside its first extra line, after these many bytes (ASCII).
constexpr std::size_t kCutAt = 18;

json::object user_json(int feed, std::string_view base_url) {
  const std::string uid = uid_text(feed);
  const std::string avatar = std::string(base_url) + "/media/avatar/" + uid + ".jpg";  // not served
  return json::object{{"id", weibo_uid(feed)},
                      {"screen_name", "Sim user " + std::to_string(feed)},
                      {"profile_image_url", avatar},
                      {"profile_url", "https://m.weibo.cn/u/" + uid + "?uid=" + uid + "&luicode=10000011&lfid=" + container_of(feed)},
                      {"verified", false},
                      {"description", "The posts of simulated feed " + std::to_string(feed)},
                      {"gender", "f"},
                      {"follow_count", 7},
                      {"followers_count", 1000 + feed},
                      {"avatar_hd", avatar}};
}

json::object mblog_json(const SimPost& p, std::string_view base_url) {
  const long long mid = weibo_mid(p.feed, p.index);
  const std::string mid_text = std::to_string(mid);
  const std::string bid = weibo_bid(mid);
  json::array pics, pic_ids;
  if (p.image_url) {
    const std::string pid = "sim" + mid_text;
    pic_ids.emplace_back(pid);
    pics.emplace_back(json::object{
        {"pid", pid},
        {"url", *p.image_url + "?size=orj360"},
        {"size", "orj360"},
        {"geo", json::object{{"width", 360}, {"height", 270}, {"croped", false}}},
        {"large", json::object{{"size", "large"},
                               {"url", *p.image_url},
                               {"geo", json::object{{"width", "1920"}, {"height", "1440"}, {"croped", false}}}}}});
  }
  json::object m{{"visible", json::object{{"type", weibo_fans_only(p.index) ? 10 : 0}, {"list_id", 0}}},
                 {"created_at", weibo_created_at(p.published)},
                 {"id", mid_text},
                 {"mid", mid_text},
                 {"bid", bid},
                 {"text", weibo_timeline_html(p)},
                 {"source", "gather simulator"},
                 {"favorited", false},
                 {"pic_ids", std::move(pic_ids)},
                 {"user", user_json(p.feed, base_url)},
                 {"reposts_count", 3 * p.index},
                 {"comments_count", 5 * p.index},
                 {"attitudes_count", 11 * p.index},
                 {"isLongText", weibo_long_text(p.index)},
                 {"pic_num", p.image_url ? 1 : 0}};
  if (!pics.empty()) m["pics"] = std::move(pics);
  return m;
}

}  // namespace

long long weibo_uid(int feed) { return kUidBase + feed; }

std::optional<int> weibo_uid_feed(std::string_view uid, int feeds) {
  long long v = 0;
  const auto [end, ec] = std::from_chars(uid.data(), uid.data() + uid.size(), v);
  if (ec != std::errc{} || end != uid.data() + uid.size() || uid.front() == '0') return std::nullopt;
  if (v < kUidBase || v - kUidBase >= feeds) return std::nullopt;
  return static_cast<int>(v - kUidBase);
}

long long weibo_mid(int feed, int k) { return kMidBase + feed * kMidsPerFeed + k; }

long long weibo_mid_index(int feed, long long mid) { return mid - weibo_mid(feed, 0); }

std::optional<int> weibo_mid_feed(long long mid, int feeds) {
  if (mid < kMidBase) return std::nullopt;
  const long long feed = (mid - kMidBase) / kMidsPerFeed;
  if (feed >= feeds) return std::nullopt;
  return static_cast<int>(feed);
}

std::string weibo_bid(long long mid) {
  // Weibo's scheme: the decimal mid in groups of 7 digits from the right, each group in base 62
  // (4 characters, unpadded for the leading group).
  static constexpr std::string_view kDigits = "0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ";
  const std::string dec = std::to_string(mid);
  std::string out;
  for (std::ptrdiff_t end = static_cast<std::ptrdiff_t>(dec.size()); end > 0; end -= 7) {
    const std::ptrdiff_t begin = std::max<std::ptrdiff_t>(0, end - 7);
    long long group = std::stoll(dec.substr(static_cast<std::size_t>(begin), static_cast<std::size_t>(end - begin)));
    std::string chunk;
    while (group > 0) {
      chunk.insert(chunk.begin(), kDigits[static_cast<std::size_t>(group % 62)]);
      group /= 62;
    }
    if (begin > 0) chunk.insert(0, 4 - chunk.size(), '0');
    out.insert(0, chunk);
  }
  return out;
}

bool weibo_long_text(int k) { return k % 3 == 2; }
bool weibo_fans_only(int k) { return k % 7 == 6; }

std::string weibo_created_at(TimePoint t) {
  const auto beijing = std::chrono::floor<std::chrono::seconds>(t) + std::chrono::hours{8};
  return date::format("%a %b %d %H:%M:%S +0800 %Y", beijing);
}

std::string weibo_full_html(const SimPost& p) {
  std::string x = head_html(p);
  if (weibo_long_text(p.index))
    for (int n = 1; n <= kLongLines; ++n) x += "<br />" + long_line(p, n);
  return x;
}

std::string weibo_timeline_html(const SimPost& p) {
  if (!weibo_long_text(p.index)) return weibo_full_html(p);
  return head_html(p) + "<br />" + long_line(p, 1).substr(0, kCutAt) + " ...<a href=\"/status/" +
         std::to_string(weibo_mid(p.feed, p.index)) + "\">全文</a>";
}

std::string render_weibo_timeline(const WeiboTimelinePage& page, std::string_view base_url) {
  if (page.posts.empty()) {
    return json::serialize(json::object{{"ok", 0},
                                        {"msg", "这里还没有内容"},
                                        {"data", json::object{{"cards", json::array{}}}}});
  }
  const std::string container = container_of(page.feed);
  json::array cards;
  for (const SimPost& p : page.posts) {
    const std::string mid = std::to_string(weibo_mid(p.feed, p.index));
    const std::string bid = weibo_bid(weibo_mid(p.feed, p.index));
    cards.emplace_back(json::object{
        {"card_type", 9},
        {"itemid", container + "_-_" + mid},
        {"scheme", "https://m.weibo.cn/status/" + bid + "?mblogid=" + bid + "&luicode=10000011&lfid=" + container},
        {"mblog", mblog_json(p, base_url)}});
  }
  json::object info{{"containerid", container}, {"v_p", 42}, {"show_style", 1}};
  if (page.since_id) info["since_id"] = *page.since_id;
  return json::serialize(json::object{
      {"ok", 1},
      {"data", json::object{{"cardlistInfo", std::move(info)},
                            {"cards", std::move(cards)},
                            {"scheme", "sinaweibo://cardlist?containerid=" + container}}}});
}

std::string render_weibo_profile(int feed, int statuses, std::string_view base_url) {
  json::object user = user_json(feed, base_url);
  user["statuses_count"] = statuses;
  json::array tabs{json::object{{"id", 1}, {"tabKey", "weibo"}, {"title", "微博"}, {"containerid", container_of(feed)}}};
  return json::serialize(json::object{
      {"ok", 1},
      {"data", json::object{{"isVideoCoverStyle", 0},
                            {"isStarStyle", 0},
                            {"userInfo", std::move(user)},
                            {"tabsInfo", json::object{{"selectedTab", 1}, {"tabs", std::move(tabs)}}}}}});
}

std::string render_weibo_long_text(const SimPost& p) {
  return json::serialize(json::object{
      {"ok", 1},
      {"data", json::object{{"ok", 1},
                            {"longTextContent", weibo_full_html(p)},
                            {"reposts_count", 3 * p.index},
                            {"comments_count", 5 * p.index},
                            {"attitudes_count", 11 * p.index}}}});
}

std::string render_weibo_refusal(std::string_view msg, std::string_view errno_code) {
  json::object o{{"ok", 0}, {"msg", msg}};
  if (!errno_code.empty()) o["errno"] = errno_code;
  return json::serialize(o);
}

json::object weibo_ground_truth(const SimPost& p) {
  const long long mid = weibo_mid(p.feed, p.index);
  return json::object{{"uid", uid_text(p.feed)},
                      {"mid", std::to_string(mid)},
                      {"bid", weibo_bid(mid)},
                      {"fans_only", weibo_fans_only(p.index)},
                      {"long_text", weibo_long_text(p.index)}};
}

}  // namespace gather::sim
