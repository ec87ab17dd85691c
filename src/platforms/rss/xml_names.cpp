#include "platforms/rss/xml_names.h"

#include <array>
#include <sstream>

namespace gather::rss {
namespace {

std::string_view strip_slash(std::string_view s) {
  while (!s.empty() && s.back() == '/') s.remove_suffix(1);
  return s;
}

std::string_view conventional(std::string_view prefix) {
  struct Entry {
    std::string_view prefix, uri;
  };
  static constexpr std::array<Entry, 7> kKnown{{{"dc", ns::kDc},
                                                {"dcterms", ns::kDcTerms},
                                                {"content", ns::kContent},
                                                {"media", ns::kMedia},
                                                {"atom", ns::kAtom},
                                                {"atom10", ns::kAtom},
                                                {"rdf", ns::kRdf}}};
  for (const auto& e : kKnown) {
    if (e.prefix == prefix) return e.uri;
  }
  return {};
}

bool is_ws(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f'; }

// Iterative: a hostile feed can nest elements deeper than the stack allows.
void append_text(pugi::xml_node root, std::string& out) {
  pugi::xml_node n = root.first_child();
  while (n) {
    if (n.type() == pugi::node_pcdata || n.type() == pugi::node_cdata) {
      out += n.value();
    } else if (n.type() == pugi::node_element && n.first_child()) {
      n = n.first_child();
      continue;
    }
    while (n != root && !n.next_sibling()) n = n.parent();
    if (n == root) break;
    n = n.next_sibling();
  }
}

}  // namespace

bool QName::is(std::string_view n, std::string_view l) const {
  // Media RSS is declared both with and without its trailing slash.
  return local == l && strip_slash(ns) == strip_slash(n);
}

QName qname(pugi::xml_node element) {
  const std::string_view name = element.name();
  const std::size_t colon = name.find(':');
  const std::string_view prefix = colon == std::string_view::npos ? std::string_view{} : name.substr(0, colon);
  const std::string_view local = colon == std::string_view::npos ? name : name.substr(colon + 1);
  // Prefixes are short; build the attribute name once on the stack.
  std::array<char, 64> attr_name{};
  std::string_view wanted = "xmlns";
  if (!prefix.empty()) {
    if (prefix.size() + 6 > attr_name.size()) return {prefix, local};
    std::copy(std::begin("xmlns:"), std::begin("xmlns:") + 6, attr_name.begin());
    std::copy(prefix.begin(), prefix.end(), attr_name.begin() + 6);
    wanted = std::string_view(attr_name.data(), prefix.size() + 6);
  }
  for (pugi::xml_node n = element; n && n.type() == pugi::node_element; n = n.parent()) {
    for (pugi::xml_attribute a = n.first_attribute(); a; a = a.next_attribute()) {
      if (wanted == a.name()) return {a.value(), local};
    }
  }
  if (prefix.empty()) return {{}, local};
  // An unknown undeclared prefix still must not pass for the default namespace.
  const std::string_view known = conventional(prefix);
  return {known.empty() ? prefix : known, local};
}

pugi::xml_node child(pugi::xml_node parent, std::string_view ns, std::string_view local) {
  for (pugi::xml_node c = parent.first_child(); c; c = c.next_sibling()) {
    if (c.type() == pugi::node_element && qname(c).is(ns, local)) return c;
  }
  return {};
}

std::string_view attr(pugi::xml_node element, std::string_view local) {
  for (pugi::xml_attribute a = element.first_attribute(); a; a = a.next_attribute()) {
    std::string_view name = a.name();
    const std::size_t colon = name.find(':');
    if (colon != std::string_view::npos) {
      if (name.substr(0, colon) == "xmlns") continue;
      name = name.substr(colon + 1);
    }
    if (name == local) return a.value();
  }
  return {};
}

std::string text_of(pugi::xml_node element) {
  std::string out;
  append_text(element, out);
  return out;
}

std::string markup_of(pugi::xml_node element) {
  bool has_elements = false;
  for (pugi::xml_node c = element.first_child(); c; c = c.next_sibling()) {
    if (c.type() == pugi::node_element) {
      has_elements = true;
      break;
    }
  }
  if (!has_elements) return text_of(element);
  std::ostringstream out;
  for (pugi::xml_node c = element.first_child(); c; c = c.next_sibling()) {
    c.print(out, "", pugi::format_raw | pugi::format_no_declaration);
  }
  return out.str();
}

std::string squash(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  bool space = false;
  for (char c : s) {
    if (is_ws(c)) {
      space = !out.empty();
    } else {
      if (space) out += ' ';
      space = false;
      out += c;
    }
  }
  return out;
}

}  // namespace gather::rss
