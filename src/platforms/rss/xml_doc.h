// Loading a feed's XML with pugixml the way real feeds need: any encoding to UTF-8, HTML named
// entities that XML does not define, and salvage of the complete items of a truncated document.
#pragma once

#include <pugixml.hpp>

#include <string>
#include <string_view>

namespace gather::rss {

class XmlDoc {
 public:
  // Never throws on bad input: check root() and error().
  explicit XmlDoc(std::string_view bytes);
  XmlDoc(const XmlDoc&) = delete;
  XmlDoc& operator=(const XmlDoc&) = delete;

  // The document element, possibly of a partial tree; null when there is none.
  pugi::xml_node root() const { return doc_.document_element(); }
  bool ok() const { return static_cast<bool>(result_); }
  // "XML error at offset N: ..." (offset into the UTF-8 text), or "" when the parse succeeded.
  std::string error() const;
  // Whether an element's end tag was read. Always true for a document that parsed; in a broken
  // one, false for the elements still open where reading stopped.
  bool complete(pugi::xml_node element) const;

 private:
  std::string text_;  // the UTF-8 text pugixml read; offsets refer to it
  pugi::xml_document doc_;
  pugi::xml_parse_result result_;
};

// Replaces HTML named references that XML lacks (&nbsp; &eacute; ...) by the characters they
// stand for, outside CDATA sections and comments; unknown names become literal text.
// Returns false (and leaves `out` alone) when there is nothing to replace.
bool replace_html_entities(std::string_view xml, std::string& out);

}  // namespace gather::rss
