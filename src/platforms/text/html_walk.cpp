#include "platforms/text/html_walk.h"

#include <cctype>

#include "platforms/text/html_dom.h"

// The visitor interface over html_dom's document and walk: one parser setup, one iterative
// traversal, one attribute and class reader for every platform.
namespace gather::text {
namespace {

bool is_text(const GumboNode* n) {
  return n->type == GUMBO_NODE_TEXT || n->type == GUMBO_NODE_CDATA || n->type == GUMBO_NODE_WHITESPACE;
}

}  // namespace

std::string HtmlElement::tag() const {
  const GumboElement& e = node_->v.element;
  if (e.tag != GUMBO_TAG_UNKNOWN) return gumbo_normalized_tagname(e.tag);
  GumboStringPiece name = e.original_tag;
  gumbo_tag_from_original_text(&name);  // "<foo bar>" to "foo"
  std::string out(name.data, name.length);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

std::optional<std::string_view> HtmlElement::attribute(std::string_view name) const {
  return text::attribute(node_, name);
}

bool HtmlElement::has_class(std::string_view name) const { return text::has_class(node_, name); }

std::string HtmlElement::text() const {
  std::string out;
  walk(
      node_,
      [&](const GumboNode* n) {
        if (is_text(n)) out += n->v.text.text;
        return true;
      },
      [](const GumboNode*) {});
  return out;
}

void walk_html(std::string_view html, HtmlVisitor& visitor) {
  HtmlDoc doc(html);
  walk(
      doc.root(),
      [&](const GumboNode* n) {
        if (is_text(n)) {
          visitor.text(n->v.text.text);
          return false;
        }
        if (n->type == GUMBO_NODE_DOCUMENT) return true;
        if (!is_element(n)) return false;  // comments
        if (visitor.enter(HtmlElement(n))) return true;
        visitor.leave(HtmlElement(n));  // skipped children, but every entered element is left
        return false;
      },
      [&](const GumboNode* n) {
        if (is_element(n)) visitor.leave(HtmlElement(n));
      });
}

}  // namespace gather::text
