// Element-by-element walking of HTML (gumbo), for parsers that need tags and attributes, not only
// the text html_text.h gives: which link is a super-topic, what an emoji <img> says in its alt.
#pragma once

#include <optional>
#include <string>
#include <string_view>

struct GumboInternalNode;

namespace gather::text {

// A view of one element, valid only during the callback that receives it.
class HtmlElement {
 public:
  explicit HtmlElement(const GumboInternalNode* node) : node_(node) {}
  // Lower-case tag name ("a", "img"); an unknown tag's name as written, lower-cased.
  std::string tag() const;
  // An attribute's value (entities decoded), or nullopt when absent.
  std::optional<std::string_view> attribute(std::string_view name) const;
  // Whether the class attribute lists `name` among its space-separated classes.
  bool has_class(std::string_view name) const;
  // All text beneath the element, concatenated as written (no whitespace folding).
  std::string text() const;

 private:
  const GumboInternalNode* node_;
};

class HtmlVisitor {
 public:
  virtual ~HtmlVisitor() = default;
  // Called before the element's children; false skips them (leave is still called).
  virtual bool enter(const HtmlElement& element) {
    (void)element;
    return true;
  }
  virtual void leave(const HtmlElement& element) { (void)element; }
  // A run of character data (entities decoded), in document order.
  virtual void text(std::string_view chars) { (void)chars; }
};

// Parses `html` (a document or a fragment) and walks it in document order, iteratively (deep or
// hostile nesting cannot exhaust the stack). Comments are not reported; the html/head/body
// elements gumbo implies around a fragment are, like any other element.
void walk_html(std::string_view html, HtmlVisitor& visitor);

}  // namespace gather::text
