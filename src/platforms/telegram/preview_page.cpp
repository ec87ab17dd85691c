#include "platforms/telegram/preview_page.h"

#include <boost/url.hpp>

#include <algorithm>

#include "platforms/platform.h"
#include "platforms/telegram/preview_message.h"
#include "platforms/text/html_text.h"
#include "platforms/text/urls.h"

namespace gather::telegram {
namespace {

// The channel's username as the page spells it: the header's "@name", else the messages' data-post,
// else the /s/NAME of the address it was fetched from.
std::string username(const GumboNode* header_username, const std::vector<MessageRef>& refs,
                     std::string_view base_url) {
  if (header_username) {
    std::string at = text::node_text(header_username);
    if (at.starts_with('@')) at.erase(0, 1);
    if (!at.empty()) return at;
  }
  if (!refs.empty()) return refs.front().channel;
  if (auto parsed = boost::urls::parse_uri(base_url)) {
    std::vector<std::string> segs;
    for (auto s : parsed->segments()) segs.push_back(s);
    if (segs.size() >= 2 && segs[0] == "s") return segs[1];
  }
  return {};
}

// The avatar is an <img class="tgme_page_photo_image"> on some pages and an <i> of that class
// holding the <img> on others.
std::string avatar(const GumboNode* photo) {
  if (photo == nullptr) return {};
  const GumboNode* img =
      photo->v.element.tag == GUMBO_TAG_IMG ? photo : text::find_first(photo, text::with_tag(GUMBO_TAG_IMG));
  return std::string(text::attribute(img, "src").value_or(""));
}

}  // namespace

Page parse_preview(std::string_view html, std::string_view base_url) {
  const text::HtmlDoc doc(html);
  const GumboNode* info = text::find_first(doc.root(), text::with_class("tgme_channel_info"));
  std::vector<const GumboNode*> messages;
  std::vector<MessageRef> refs;
  for (const GumboNode* m : text::find_all(doc.root(), text::with_class("tgme_widget_message"))) {
    if (auto ref = message_ref(m)) {
      messages.push_back(m);
      refs.push_back(std::move(*ref));
    }
  }
  if (info == nullptr && messages.empty()) {
    throw ParseError("not a Telegram channel preview: no channel header (tgme_channel_info) and no messages");
  }
  const std::string base = base_url.empty() ? "https://t.me/" : std::string(base_url);

  Page page;
  const GumboNode* scope = info ? info : doc.root();
  if (const GumboNode* t = text::find_first(scope, text::with_class("tgme_channel_info_header_title"))) {
    page.feed.title = text::node_text(t);
  }
  if (const GumboNode* d = text::find_first(scope, text::with_class("tgme_channel_info_description"))) {
    page.feed.description = text::html_to_text(doc.inner_html(d));
  }
  if (std::string img = avatar(text::find_first(scope, text::with_class("tgme_page_photo_image"))); !img.empty()) {
    page.feed.image = text::resolve_url(base, img);
  }
  const std::string name =
      username(text::find_first(scope, text::with_class("tgme_channel_info_header_username")), refs, base_url);
  if (!name.empty()) page.feed.link = "https://t.me/" + name;

  // The page lists oldest first; ids grow with time, so ordering on them gives newest first
  // even if a page ever came out of order.
  std::vector<std::size_t> order(messages.size());
  for (std::size_t i = 0; i < order.size(); ++i) order[i] = i;
  std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) { return refs[a].id > refs[b].id; });
  for (std::size_t i : order) {
    if (auto post = read_message(doc, messages[i], refs[i], base_url)) page.posts.push_back(std::move(*post));
  }
  // A page without the header (a bare ?before= fragment) still names the owner in each message.
  if (page.feed.title.empty()) {
    if (const GumboNode* owner = text::find_first(doc.root(), text::with_class("tgme_widget_message_owner_name"))) {
      page.feed.title = text::node_text(owner);
    }
  }
  for (Post& p : page.posts) {
    if (p.author.empty()) p.author = page.feed.title;
  }
  // Service messages count: paging from the oldest message of any kind skips nothing.
  const std::int64_t oldest = order.empty() ? 0 : refs[order.back()].id;
  if (oldest > 0) page.older_cursor = std::to_string(oldest);
  return page;
}

}  // namespace gather::telegram
