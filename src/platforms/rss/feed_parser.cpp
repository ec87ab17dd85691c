#include "platforms/rss/feed_parser.h"

#include <algorithm>
#include <cctype>
#include <new>
#include <string>

#include "platforms/platform.h"
#include "platforms/rss/formats.h"
#include "platforms/rss/xml_names.h"
#include "platforms/text/charset.h"

namespace gather::rss {
namespace {

std::string_view skip_preamble(std::string_view body) {
  body.remove_prefix(text::detect_bom(body).length);
  while (!body.empty() && std::isspace(static_cast<unsigned char>(body.front()))) body.remove_prefix(1);
  return body;
}

bool looks_like_html(std::string_view body) {
  std::string head(body.substr(0, 1024));
  std::transform(head.begin(), head.end(), head.begin(),
                 [](char c) { return static_cast<char>(std::tolower(static_cast<unsigned char>(c))); });
  return head.find("<html") != std::string::npos || head.find("<!doctype html") != std::string::npos;
}

Page read_xml(std::string_view body, std::string_view base_url) {
  const XmlDoc doc(body);
  const pugi::xml_node root = doc.root();
  if (!root) {
    if (looks_like_html(body)) throw ParseError("not a feed: an HTML page");
    throw ParseError(doc.ok() ? "not a feed: no root element" : doc.error());
  }
  const std::string_view local = qname(root).local;
  Page page;
  if (local == "rss" || local == "RDF") {
    page = read_rss(doc, base_url);
  } else if (local == "feed") {
    page = read_atom(doc, base_url);
  } else {
    throw ParseError("not a feed: root element <" + std::string(root.name()) + ">");
  }
  // A broken document still yields the items read in full before the break; with none, the
  // break is the news.
  if (!doc.ok() && page.posts.empty()) throw ParseError(doc.error());
  return page;
}

}  // namespace

Page parse_feed(std::string_view body, std::string_view base_url) {
  const std::string_view start = skip_preamble(body);
  if (start.empty()) throw ParseError("not a feed: empty document");
  try {
    if (start.front() == '{' || start.front() == '[') return read_json_feed(start, base_url);
    return read_xml(body, base_url);
  } catch (const ParseError&) {
    throw;
  } catch (const std::bad_alloc&) {
    throw;
  } catch (const std::exception& e) {
    // The readers use non-throwing APIs; anything else still must not escape as a crash.
    throw ParseError(std::string("feed parse failed: ") + e.what());
  }
}

}  // namespace gather::rss
