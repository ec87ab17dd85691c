// A parsed HTML document and the few queries scrapers of web pages need (by class, tag and
// attribute; the markup of an element as the source wrote it), over gumbo. Deliberately no CSS
// selector engine: callers combine these small queries.
#pragma once

#include <gumbo.h>

#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace gather::text {

// gumbo's output for `html`. The text must outlive the document: inner_html() slices it.
class HtmlDoc {
 public:
  explicit HtmlDoc(std::string_view html);
  ~HtmlDoc();
  HtmlDoc(const HtmlDoc&) = delete;
  HtmlDoc& operator=(const HtmlDoc&) = delete;

  const GumboNode* root() const { return out_->document; }
  // The markup between the start and end tags of `element`, exactly as in the source (entities
  // not decoded); empty for void or parser-inserted elements.
  std::string_view inner_html(const GumboNode* element) const;

 private:
  std::string_view source_;
  GumboOutput* out_;
};

// Depth-first walk from `root`. enter(node) returns whether to descend into it; leave(node) runs
// after its children (for every node entered). Iterative: real pages nest deep enough, or
// maliciously deep, to blow a recursive stack.
template <typename Enter, typename Leave>
void walk(const GumboNode* root, Enter enter, Leave leave) {
  struct Frame {
    const GumboNode* node;
    unsigned next;
  };
  if (!enter(root)) return;
  std::vector<Frame> stack{{root, 0}};
  while (!stack.empty()) {
    Frame& f = stack.back();
    if (f.node->type != GUMBO_NODE_ELEMENT && f.node->type != GUMBO_NODE_TEMPLATE &&
        f.node->type != GUMBO_NODE_DOCUMENT) {
      leave(f.node);
      stack.pop_back();
      continue;
    }
    const GumboVector& kids =
        f.node->type == GUMBO_NODE_DOCUMENT ? f.node->v.document.children : f.node->v.element.children;
    if (f.next >= kids.length) {
      leave(f.node);
      stack.pop_back();
      continue;
    }
    const auto* child = static_cast<const GumboNode*>(kids.data[f.next++]);
    if (enter(child)) stack.push_back({child, 0});
  }
}

bool is_element(const GumboNode* node);
// The text inside `node` on one line: entities decoded, runs of whitespace (and no-break
// spaces) collapsed to one space, trimmed. For names and counts, not for bodies with lines.
std::string node_text(const GumboNode* node);
// Whether the element's class attribute lists `name` (whitespace-separated, exact match).
bool has_class(const GumboNode* node, std::string_view name);
// An attribute's value, entities decoded; nullopt when absent or not an element.
std::optional<std::string_view> attribute(const GumboNode* node, std::string_view name);

using NodeTest = std::function<bool(const GumboNode*)>;
NodeTest with_class(std::string_view name);
NodeTest with_tag(GumboTag tag);

// The descendants of `root` (not root itself) that pass `test`, in document order. Matches are
// searched inside matches too.
std::vector<const GumboNode*> find_all(const GumboNode* root, const NodeTest& test);
// The first of those, or null.
const GumboNode* find_first(const GumboNode* root, const NodeTest& test);
// Whether an ancestor of `node` strictly below `top` passes `test`.
bool inside(const GumboNode* node, const GumboNode* top, const NodeTest& test);

// The URL of `background-image:url(...)` in an inline style attribute (quotes removed), or
// nullopt. Pages that lazy-load images put them there instead of in an <img>.
std::optional<std::string> css_background_image(std::string_view style);

}  // namespace gather::text
