#include "platforms/telegram_tdlib/tdlib_page.h"

#include <algorithm>
#include <limits>

#include "platforms/platform.h"
#include "platforms/text/json_fields.h"

namespace gather::telegram_tdlib {
namespace {

namespace json = boost::json;

struct Read {
  std::string album;  // "" when in none
  Post post;
};

// Merges one album's posts, given oldest first, into the first.
Post merge_album(std::vector<Post> members) {
  Post album = std::move(members.front());
  for (std::size_t i = 1; i < members.size(); ++i) {
    Post& m = members[i];
    for (auto& media : m.media) album.media.push_back(std::move(media));
    if (album.text.empty() && !m.text.empty()) {
      album.text = std::move(m.text);
      album.html = std::move(m.html);
      album.tags = std::move(m.tags);
    }
    for (auto& c : m.categories) {
      if (std::find(album.categories.begin(), album.categories.end(), c) == album.categories.end())
        album.categories.push_back(std::move(c));
    }
    // "forward" belongs after the content kinds, as on a single message.
    const auto fwd = std::find(album.categories.begin(), album.categories.end(), "forward");
    if (fwd != album.categories.end()) std::rotate(fwd, fwd + 1, album.categories.end());
    if (m.views && (!album.views || *m.views > *album.views)) album.views = m.views;
    if (m.edited) {
      album.edited = true;
      if (m.updated && (!album.updated || *m.updated > *album.updated)) album.updated = m.updated;
    }
    if (album.author.empty()) album.author = std::move(m.author);
    if (!album.reply_to) album.reply_to = std::move(m.reply_to);
    if (album.repost.empty()) album.repost = std::move(m.repost);
  }
  return album;
}

}  // namespace

Page read_messages(const json::object& messages, const Names& names) {
  if (text::str(&messages, "@type") != "messages") throw ParseError("not a TDLib messages object (no \"@type\":\"messages\")");
  const json::array* list = text::arr(&messages, "messages");
  if (list == nullptr) throw ParseError("TDLib messages object without a messages array");

  std::vector<Read> read;
  std::int64_t oldest = std::numeric_limits<std::int64_t>::max();
  for (const auto& v : *list) {
    const json::object* m = v.if_object();
    if (m == nullptr) continue;
    if (const auto id = text::integer(m, "id"); id && *id > 0) oldest = std::min(oldest, *id);
    auto post = read_message(*m, names);
    if (!post) continue;
    std::string album = text::str(m, "media_album_id");
    if (album == "0") album.clear();
    read.push_back({std::move(album), std::move(*post)});
  }

  Page page;
  if (oldest != std::numeric_limits<std::int64_t>::max()) page.older_cursor = std::to_string(oldest);
  for (std::size_t i = 0; i < read.size();) {
    std::size_t j = i + 1;
    if (!read[i].album.empty()) {
      while (j < read.size() && read[j].album == read[i].album) ++j;
    }
    if (j - i == 1) {
      page.posts.push_back(std::move(read[i].post));
    } else {
      // Newest first on the page: the album's members reversed are oldest first.
      std::vector<Post> members;
      for (std::size_t k = j; k-- > i;) members.push_back(std::move(read[k].post));
      page.posts.push_back(merge_album(std::move(members)));
    }
    i = j;
  }
  return page;
}

}  // namespace gather::telegram_tdlib
