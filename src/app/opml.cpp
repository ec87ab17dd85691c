#include "app/opml.h"

#include <pugixml.hpp>

#include <sstream>
#include <stdexcept>

namespace gather {

std::vector<OpmlFeed> read_opml(std::string_view text) {
  pugi::xml_document doc;
  auto result = doc.load_buffer(text.data(), text.size());
  if (!result)
    throw std::invalid_argument("OPML is not well-formed XML at byte " + std::to_string(result.offset) + ": " +
                                result.description());
  if (!doc.child("opml")) throw std::invalid_argument("not an OPML file: no <opml> root element");
  std::vector<OpmlFeed> feeds;
  for (const auto& node : doc.select_nodes("//outline[@xmlUrl]")) {
    auto outline = node.node();
    std::string title = outline.attribute("title").as_string();
    if (title.empty()) title = outline.attribute("text").as_string();
    feeds.push_back(OpmlFeed{title, outline.attribute("xmlUrl").as_string()});
  }
  return feeds;
}

std::string write_opml(const std::vector<OpmlFeed>& feeds) {
  pugi::xml_document doc;
  auto decl = doc.append_child(pugi::node_declaration);
  decl.append_attribute("version") = "1.0";
  decl.append_attribute("encoding") = "UTF-8";
  auto opml = doc.append_child("opml");
  opml.append_attribute("version") = "2.0";
  opml.append_child("head").append_child("title").text() = "gather targets";
  auto body = opml.append_child("body");
  for (const auto& f : feeds) {
    auto o = body.append_child("outline");
    o.append_attribute("type") = "rss";
    o.append_attribute("text") = f.title.c_str();
    o.append_attribute("title") = f.title.c_str();
    o.append_attribute("xmlUrl") = f.xml_url.c_str();
  }
  std::ostringstream out;
  doc.save(out, "  ");
  return out.str();
}

}  // namespace gather
