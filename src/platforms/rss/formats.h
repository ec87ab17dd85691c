// One reader per feed format; feed_parser.cpp picks among them.
#pragma once

#include <pugixml.hpp>

#include <string_view>

#include "core/post.h"
#include "platforms/rss/xml_doc.h"

namespace gather::rss {

// RSS 0.9x/2.0 (root <rss>) and RSS 0.90/1.0 (root <rdf:RDF>, items beside the channel).
Page read_rss(const XmlDoc& doc, std::string_view base_url);
// Atom 1.0 (and the 0.3 names that still circulate).
Page read_atom(const XmlDoc& doc, std::string_view base_url);
// JSON Feed 1.0/1.1.
Page read_json_feed(std::string_view body, std::string_view base_url);

// Media RSS elements (media:content, media:thumbnail, media:group) into post.media.
void read_media_rss(pugi::xml_node element, Post& post);

}  // namespace gather::rss
