// Atom 1.0, honouring xml:base, with the Atom 0.3 names (issued, modified, tagline) accepted.
#include <string>
#include <vector>

#include "platforms/rss/formats.h"
#include "platforms/rss/post_finish.h"
#include "platforms/rss/xml_names.h"
#include "platforms/text/dates.h"
#include "platforms/text/html_text.h"
#include "platforms/text/urls.h"

namespace gather::rss {
namespace {

// The base URI in effect at `element`: the document's, then each xml:base from the root down.
std::string base_of(pugi::xml_node element, std::string_view doc_base) {
  std::vector<std::string_view> chain;
  for (pugi::xml_node n = element; n && n.type() == pugi::node_element; n = n.parent()) {
    if (pugi::xml_attribute a = n.attribute("xml:base")) chain.push_back(a.value());
  }
  std::string base(doc_base);
  for (auto it = chain.rbegin(); it != chain.rend(); ++it) base = text::resolve_url(base, *it);
  return base;
}

std::string_view type_of(pugi::xml_node construct) {
  const std::string_view t = attr(construct, "type");
  return t.empty() ? std::string_view("text") : t;
}

bool is_html_type(std::string_view t) { return t == "html" || t == "text/html"; }
bool is_xhtml_type(std::string_view t) { return t == "xhtml" || t == "application/xhtml+xml"; }
bool is_text_type(std::string_view t) { return t == "text" || t == "text/plain"; }

// XHTML constructs wrap their content in one xhtml:div, which is not part of the content.
std::string xhtml_of(pugi::xml_node construct) {
  for (pugi::xml_node c = construct.first_child(); c; c = c.next_sibling()) {
    if (c.type() == pugi::node_element && qname(c).local == "div") return markup_of(c);
  }
  return markup_of(construct);
}

// A title or subtitle as plain text.
std::string plain_text(pugi::xml_node construct) {
  if (!construct) return {};
  const std::string_view t = type_of(construct);
  if (is_html_type(t)) return squash(text::html_to_text(text_of(construct)));
  if (is_xhtml_type(t)) return squash(text::html_to_text(xhtml_of(construct)));
  return squash(text_of(construct));
}

// Content or summary: sets html (or plain text) and returns whether it found something usable.
bool read_body(pugi::xml_node construct, Post& post, RawItem& raw) {
  if (!construct || !attr(construct, "src").empty()) return false;  // out-of-line content
  const std::string_view t = type_of(construct);
  std::string body;
  if (is_html_type(t)) {
    body = text_of(construct);
    raw.html_is_text = false;
  } else if (is_xhtml_type(t)) {
    body = xhtml_of(construct);
    raw.html_is_text = false;
  } else if (is_text_type(t)) {
    body = text_of(construct);
    raw.html_is_text = true;
  } else {
    return false;  // other media types are base64 or XML we do not render
  }
  if (body.find_first_not_of(" \t\r\n") == std::string::npos) return false;
  post.html = std::move(body);
  return true;
}

// The href of the best link of a relation: text/html preferred, resolved against its xml:base.
std::string link_href(pugi::xml_node parent, std::string_view core, std::string_view doc_base) {
  std::string best;
  for (pugi::xml_node c = parent.first_child(); c; c = c.next_sibling()) {
    if (c.type() != pugi::node_element || !qname(c).is(core, "link")) continue;
    const std::string_view rel = attr(c, "rel");
    if (!rel.empty() && rel != "alternate") continue;
    const std::string_view type = attr(c, "type");
    std::string href = squash(attr(c, "href"));
    if (href.empty()) href = squash(text_of(c));  // Atom 0.3 and RSS-minded generators
    if (href.empty()) continue;
    href = text::resolve_url(base_of(c, doc_base), href);
    if (type.empty() || type == "text/html" || type == "application/xhtml+xml") return href;
    if (best.empty()) best = std::move(href);
  }
  return best;
}

std::string author_of(pugi::xml_node parent, std::string_view core) {
  for (pugi::xml_node c = parent.first_child(); c; c = c.next_sibling()) {
    if (c.type() != pugi::node_element || !qname(c).is(core, "author")) continue;
    std::string name = squash(text_of(child(c, core, "name")));
    if (!name.empty()) return name;
  }
  return {};
}

Post read_entry(pugi::xml_node entry, std::string_view core, std::string_view doc_base,
                const std::string& feed_author) {
  Post post;
  RawItem raw;
  const std::string base = base_of(entry, doc_base);
  pugi::xml_node content, summary;
  for (pugi::xml_node c = entry.first_child(); c; c = c.next_sibling()) {
    if (c.type() != pugi::node_element) continue;
    const QName q = qname(c);
    if (q.ns == core) {
      if (q.local == "id") {
        raw.guid = squash(text_of(c));
      } else if (q.local == "title") {
        post.title = plain_text(c);
      } else if (q.local == "content") {
        content = c;
      } else if (q.local == "summary") {
        summary = c;
      } else if (q.local == "published" || q.local == "issued") {
        if (!post.published) post.published = text::parse_date(text_of(c));
      } else if (q.local == "updated" || q.local == "modified") {
        if (!post.updated) post.updated = text::parse_date(text_of(c));
      } else if (q.local == "category") {
        std::string_view term = attr(c, "term");
        post.categories.emplace_back(term.empty() ? attr(c, "label") : term);
      } else if (q.local == "link" && attr(c, "rel") == "enclosure") {
        add_media(post, text::resolve_url(base_of(c, doc_base), attr(c, "href")), attr(c, "type"));
      }
    } else if (q.ns.starts_with("http://search.yahoo.com/mrss")) {
      read_media_rss(c, post);
    } else if (q.is(ns::kDc, "subject")) {
      post.categories.push_back(text_of(c));
    }
  }
  post.url = link_href(entry, core, doc_base);
  post.author = author_of(entry, core);
  if (post.author.empty()) {
    if (pugi::xml_node source = child(entry, core, "source")) post.author = author_of(source, core);
  }
  if (post.author.empty()) post.author = feed_author;
  if (!read_body(content, post, raw)) read_body(summary, post, raw);
  raw.description = post.html;
  finish_post(post, raw, base);
  return post;
}

}  // namespace

Page read_atom(const XmlDoc& doc, std::string_view base_url) {
  Page page;
  const pugi::xml_node root = doc.root();
  const std::string_view core = qname(root).ns;
  page.feed.title = plain_text(child(root, core, "title"));
  page.feed.link = link_href(root, core, base_url);
  pugi::xml_node subtitle = child(root, core, "subtitle");
  if (!subtitle) subtitle = child(root, core, "tagline");
  page.feed.description = plain_text(subtitle);
  // <logo> is the wide image, <icon> the square one; either stands for the feed.
  pugi::xml_node logo = child(root, core, "logo");
  if (!logo) logo = child(root, core, "icon");
  if (const std::string url = plain_text(logo); !url.empty()) page.feed.image = text::resolve_url(base_url, url);
  const std::string feed_author = author_of(root, core);
  // Without a base URI from the fetch or the document, relative links resolve against the page.
  const std::string doc_base = !base_url.empty() || root.attribute("xml:base") ? std::string(base_url) : page.feed.link;
  for (pugi::xml_node c = root.first_child(); c; c = c.next_sibling()) {
    if (c.type() != pugi::node_element || !qname(c).is(core, "entry")) continue;
    if (!doc.complete(c)) continue;
    page.posts.push_back(read_entry(c, core, doc_base, feed_author));
  }
  return page;
}

}  // namespace gather::rss
