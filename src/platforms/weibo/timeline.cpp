// A getIndex container (the account's timeline) to a Page.
#include <boost/url/parse.hpp>

#include <algorithm>
#include <vector>

#include "platforms/weibo/mblog.h"
#include "platforms/weibo/profile.h"
#include "platforms/weibo/weibo_api.h"

namespace gather::weibo {
namespace {

constexpr long long kMblogCard = 9;
constexpr long long kGroupCard = 11;

// The mblogs of the cards, in order: type-9 cards, and type-9 cards inside a type-11 group.
std::vector<const json::object*> mblogs_of(const json::array& cards) {
  std::vector<const json::object*> out;
  auto take = [&out](const json::object& card) {
    if (field_int(card, "card_type") != kMblogCard) return;
    if (const json::object* m = field_object(card, "mblog")) out.push_back(m);
  };
  for (const json::value& v : cards) {
    const json::object* card = v.if_object();
    if (!card) continue;
    if (field_int(*card, "card_type") == kGroupCard) {
      if (const json::array* group = field_array(*card, "card_group")) {
        for (const json::value& g : *group) {
          if (const json::object* inner = g.if_object()) take(*inner);
        }
      }
    } else {
      take(*card);
    }
  }
  return out;
}

// Media URLs are absolute in practice; anything else resolves against where the page came from,
// or the API's real address when that is not an http(s) URL (a file given to `gather parse`).
std::string media_base(std::string_view base_url) {
  auto u = boost::urls::parse_uri(base_url);
  if (u && (u->scheme() == "http" || u->scheme() == "https") && u->has_authority()) return std::string(base_url);
  return "https://m.weibo.cn/";
}

// Newest first by time: the timeline lists pinned posts first whatever their age. Posts without
// a date keep their order after the dated ones.
void newest_first(std::vector<Post>& posts) {
  std::stable_sort(posts.begin(), posts.end(), [](const Post& a, const Post& b) {
    if (!a.published || !b.published) return a.published.has_value() && !b.published.has_value();
    return *a.published > *b.published;
  });
}

}  // namespace

Page parse_timeline(std::string_view body, std::string_view base_url) {
  const json::object root = parse_object(body);
  const json::object* data = field_object(root, "data");
  const json::array* cards = data ? field_array(*data, "cards") : nullptr;
  const json::object* user_info = data ? field_object(*data, "userInfo") : nullptr;
  if (!cards && !user_info) {
    const std::string msg = field_text(root, "msg");
    throw ParseError("no data.cards: not a Weibo getIndex container" + (msg.empty() ? "" : " (msg: " + msg + ")"));
  }

  Page page;
  const json::object* first_user = nullptr;
  if (cards) {
    const std::string base = media_base(base_url);
    for (const json::object* mblog : mblogs_of(*cards)) {
      page.posts.push_back(read_mblog(*mblog, base));
      if (!first_user) first_user = field_object(*mblog, "user");
    }
    newest_first(page.posts);
  }
  if (user_info) {
    page.feed = read_user(*user_info);
  } else if (first_user) {
    page.feed = read_user(*first_user);
  }
  if (const json::object* info = field_object(*data, "cardlistInfo")) {
    page.older_cursor = field_text(*info, "since_id");
    if (page.older_cursor == "0") page.older_cursor.clear();  // the last page
  }
  return page;
}

}  // namespace gather::weibo
