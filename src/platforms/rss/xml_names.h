// Namespace-aware element names over pugixml (which keeps prefixes as written), and the text of
// elements as feeds put it there.
#pragma once

#include <pugixml.hpp>

#include <string>
#include <string_view>

namespace gather::rss {

namespace ns {
inline constexpr std::string_view kAtom = "http://www.w3.org/2005/Atom";
inline constexpr std::string_view kAtom03 = "http://purl.org/atom/ns#";
inline constexpr std::string_view kContent = "http://purl.org/rss/1.0/modules/content/";
inline constexpr std::string_view kDc = "http://purl.org/dc/elements/1.1/";
inline constexpr std::string_view kDcTerms = "http://purl.org/dc/terms/";
inline constexpr std::string_view kMedia = "http://search.yahoo.com/mrss/";
inline constexpr std::string_view kRdf = "http://www.w3.org/1999/02/22-rdf-syntax-ns#";
inline constexpr std::string_view kRss1 = "http://purl.org/rss/1.0/";
inline constexpr std::string_view kRss090 = "http://my.netscape.com/rdf/simple/0.9/";
}  // namespace ns

// An element's name split into namespace URI and local part.
struct QName {
  std::string_view ns;
  std::string_view local;
  bool is(std::string_view n, std::string_view l) const;
};

// Resolves the prefix through the xmlns declarations in scope. An undeclared prefix that feeds
// conventionally use (dc, content, media, atom, rdf) maps to its usual namespace, since feeds
// forget to declare them.
QName qname(pugi::xml_node element);

// The first child element with this namespace and local name.
pugi::xml_node child(pugi::xml_node parent, std::string_view ns, std::string_view local);

// Value of an attribute by local name, ignoring any prefix ("rdf:about" matches "about").
std::string_view attr(pugi::xml_node element, std::string_view local);

// Concatenated text and CDATA of the element's children (elements' text included), as is.
std::string text_of(pugi::xml_node element);

// The element's content as markup: its text when it has only text, else its children serialised
// (for XHTML content and for feeds that put raw HTML tags in a description).
std::string markup_of(pugi::xml_node element);

// Surrounding whitespace trimmed, inner runs of whitespace made one space.
std::string squash(std::string_view s);

}  // namespace gather::rss
