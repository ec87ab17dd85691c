// RSS 0.9x/2.0 and RSS 1.0: the same item vocabulary, differently placed.
#include <string>

#include "platforms/rss/formats.h"
#include "platforms/rss/post_finish.h"
#include "platforms/rss/xml_names.h"
#include "platforms/text/dates.h"
#include "platforms/text/urls.h"

namespace gather::rss {
namespace {

// RSS <author> is an e-mail address, often "joe@example.com (Joe)": the name is what people read.
std::string author_name(std::string_view s) {
  const std::string t = squash(s);
  const auto open = t.find('(');
  if (open != std::string::npos && t.back() == ')') {
    std::string inner = squash(std::string_view(t).substr(open + 1, t.size() - open - 2));
    if (!inner.empty()) return inner;
  }
  return t;
}

Post read_item(pugi::xml_node item, std::string_view base) {
  Post post;
  RawItem raw;
  // Core elements share the item's namespace: none for RSS 2.0, RSS 1.0's or 0.90's for RDF.
  const std::string_view core = qname(item).ns;
  std::string rss_author, dc_creator, content, guid_link;
  for (pugi::xml_node c = item.first_child(); c; c = c.next_sibling()) {
    if (c.type() != pugi::node_element) continue;
    const QName q = qname(c);
    if (q.ns == core) {
      if (q.local == "title") {
        post.title = text_of(c);
      } else if (q.local == "link") {
        if (post.url.empty()) post.url = squash(text_of(c));
      } else if (q.local == "description") {
        raw.description = markup_of(c);
      } else if (q.local == "guid") {
        raw.guid = squash(text_of(c));
        if (attr(c, "isPermaLink") != "false") guid_link = raw.guid;
      } else if (q.local == "author") {
        rss_author = author_name(text_of(c));
      } else if (q.local == "category") {
        post.categories.push_back(text_of(c));
      } else if (q.local == "pubDate") {
        post.published = text::parse_date(text_of(c));
      } else if (q.local == "enclosure") {
        add_media(post, attr(c, "url"), attr(c, "type"));
      }
    } else if (q.is(ns::kContent, "encoded")) {
      content = text_of(c);
    } else if (q.ns == ns::kDc) {
      if (q.local == "creator" && dc_creator.empty()) dc_creator = squash(text_of(c));
      else if (q.local == "date" && !post.published) post.published = text::parse_date(text_of(c));
      else if (q.local == "subject") post.categories.push_back(text_of(c));
    } else if (q.is(ns::kDcTerms, "modified") || q.is(ns::kAtom, "updated")) {
      post.updated = text::parse_date(text_of(c));
    } else if (q.is(ns::kAtom, "link") && attr(c, "rel") == "enclosure") {
      add_media(post, attr(c, "href"), attr(c, "type"));
    } else if (q.ns.starts_with("http://search.yahoo.com/mrss")) {
      read_media_rss(c, post);
    }
  }
  if (raw.guid.empty()) raw.guid = squash(attr(item, "about"));  // RDF names its items
  if (post.url.empty() && (guid_link.starts_with("http://") || guid_link.starts_with("https://"))) {
    post.url = guid_link;
  }
  post.author = !rss_author.empty() ? rss_author : dc_creator;
  const bool has_content = content.find_first_not_of(" \t\r\n") != std::string::npos;
  post.html = has_content ? std::move(content) : raw.description;
  finish_post(post, raw, base);
  return post;
}

pugi::xml_node find_local(pugi::xml_node parent, std::string_view local) {
  for (pugi::xml_node c = parent.first_child(); c; c = c.next_sibling()) {
    if (c.type() == pugi::node_element && qname(c).local == local) return c;
  }
  return {};
}

}  // namespace

Page read_rss(const XmlDoc& doc, std::string_view base_url) {
  Page page;
  const pugi::xml_node root = doc.root();
  const pugi::xml_node channel = find_local(root, "channel");
  if (channel) {
    const std::string_view core = qname(channel).ns;
    page.feed.title = squash(text_of(child(channel, core, "title")));
    page.feed.link = text::resolve_url(base_url, squash(text_of(child(channel, core, "link"))));
    page.feed.description = squash(text_of(child(channel, core, "description")));
    // The channel's logo: <image><url> (RSS 2.0, and RSS 1.0's image element beside the channel).
    pugi::xml_node image = child(channel, core, "image");
    if (!child(image, core, "url")) image = child(root, core, "image");
    const std::string url = squash(text_of(child(image, core, "url")));
    if (!url.empty()) page.feed.image = text::resolve_url(base_url, url);
  }
  const std::string base = !base_url.empty() ? std::string(base_url) : page.feed.link;
  // RSS 2.0 nests items in the channel; RSS 1.0 and 0.90 put them beside it.
  for (pugi::xml_node parent : {channel, root}) {
    if (!parent) continue;
    for (pugi::xml_node c = parent.first_child(); c; c = c.next_sibling()) {
      if (c.type() != pugi::node_element || qname(c).local != "item") continue;
      if (!doc.complete(c)) continue;
      page.posts.push_back(read_item(c, base));
    }
  }
  return page;
}

}  // namespace gather::rss
