#include "platforms/text/html_dom.h"

#include <algorithm>
#include <cctype>

#include "platforms/text/trim.h"

namespace gather::text {
namespace {

// Gumbo copies the open-element stack into every parse error it records, which makes
// malformed deep markup quadratic in memory; we never read the errors.
const GumboOptions kOptions = [] {
  GumboOptions o = kGumboDefaultOptions;
  o.max_errors = 0;
  return o;
}();

bool ieq(std::string_view a, std::string_view b) {
  return std::equal(a.begin(), a.end(), b.begin(), b.end(), [](char x, char y) {
    return std::tolower(static_cast<unsigned char>(x)) == std::tolower(static_cast<unsigned char>(y));
  });
}

}  // namespace

HtmlDoc::HtmlDoc(std::string_view html)
    : source_(html), out_(gumbo_parse_with_options(&kOptions, html.data(), html.size())) {}

HtmlDoc::~HtmlDoc() { gumbo_destroy_output(&kOptions, out_); }

std::string_view HtmlDoc::inner_html(const GumboNode* element) const {
  if (!is_element(element)) return {};
  const GumboElement& e = element->v.element;
  if (e.original_tag.data == nullptr || e.original_end_tag.data == nullptr) return {};
  const std::size_t begin = e.start_pos.offset + e.original_tag.length;
  const std::size_t end = e.end_pos.offset;
  if (begin > end || end > source_.size()) return {};
  return source_.substr(begin, end - begin);
}

bool is_element(const GumboNode* node) {
  return node != nullptr && (node->type == GUMBO_NODE_ELEMENT || node->type == GUMBO_NODE_TEMPLATE);
}

std::string node_text(const GumboNode* node) {
  std::string out;
  bool space = false;
  walk(
      node,
      [&](const GumboNode* n) {
        if (n->type == GUMBO_NODE_TEXT || n->type == GUMBO_NODE_WHITESPACE || n->type == GUMBO_NODE_CDATA) {
          const std::string_view t = n->v.text.text;
          for (std::size_t i = 0; i < t.size(); ++i) {
            const unsigned char c = static_cast<unsigned char>(t[i]);
            if (c == 0xC2 && i + 1 < t.size() && static_cast<unsigned char>(t[i + 1]) == 0xA0) {
              space = true;
              ++i;
            } else if (std::isspace(c)) {
              space = true;
            } else {
              if (space && !out.empty()) out += ' ';
              space = false;
              out += static_cast<char>(c);
            }
          }
          return false;
        }
        return n->type == GUMBO_NODE_DOCUMENT || is_element(n);
      },
      [](const GumboNode*) {});
  return out;
}

bool has_class(const GumboNode* node, std::string_view name) {
  const auto value = attribute(node, "class");
  if (!value || name.empty()) return false;
  std::string_view rest = *value;
  while (!rest.empty()) {
    const auto start = rest.find_first_not_of(" \t\n\r\f");
    if (start == std::string_view::npos) break;
    rest.remove_prefix(start);
    const auto stop = std::min(rest.find_first_of(" \t\n\r\f"), rest.size());
    if (rest.substr(0, stop) == name) return true;
    rest.remove_prefix(stop);
  }
  return false;
}

std::optional<std::string_view> attribute(const GumboNode* node, std::string_view name) {
  if (!is_element(node)) return std::nullopt;
  const GumboVector& attrs = node->v.element.attributes;
  for (unsigned i = 0; i < attrs.length; ++i) {
    const auto* a = static_cast<const GumboAttribute*>(attrs.data[i]);
    if (ieq(a->name, name)) return std::string_view(a->value);
  }
  return std::nullopt;
}

NodeTest with_class(std::string_view name) {
  return [name = std::string(name)](const GumboNode* n) { return has_class(n, name); };
}

NodeTest with_tag(GumboTag tag) {
  return [tag](const GumboNode* n) { return is_element(n) && n->v.element.tag == tag; };
}

std::vector<const GumboNode*> find_all(const GumboNode* root, const NodeTest& test) {
  std::vector<const GumboNode*> out;
  walk(
      root,
      [&](const GumboNode* n) {
        if (n != root && test(n)) out.push_back(n);
        return n->type == GUMBO_NODE_DOCUMENT || is_element(n);
      },
      [](const GumboNode*) {});
  return out;
}

const GumboNode* find_first(const GumboNode* root, const NodeTest& test) {
  const GumboNode* found = nullptr;
  walk(
      root,
      [&](const GumboNode* n) {
        if (found) return false;
        if (n != root && test(n)) {
          found = n;
          return false;
        }
        return n->type == GUMBO_NODE_DOCUMENT || is_element(n);
      },
      [](const GumboNode*) {});
  return found;
}

bool inside(const GumboNode* node, const GumboNode* top, const NodeTest& test) {
  for (const GumboNode* p = node ? node->parent : nullptr; p != nullptr && p != top; p = p->parent) {
    if (test(p)) return true;
  }
  return false;
}

std::optional<std::string> css_background_image(std::string_view style) {
  // Declarations are `name: value` separated by ';'. A URL may itself hold ';' only inside
  // quotes, so split by hand rather than on every ';'.
  std::size_t i = 0;
  while (i < style.size()) {
    const auto colon = style.find(':', i);
    if (colon == std::string_view::npos) return std::nullopt;
    const std::string_view prop = trim(style.substr(i, colon - i));
    std::size_t j = colon + 1;
    char quote = 0;
    int depth = 0;
    while (j < style.size()) {
      const char c = style[j];
      if (quote) {
        if (c == quote) quote = 0;
      } else if (c == '\'' || c == '"') {
        quote = c;
      } else if (c == '(') {
        ++depth;
      } else if (c == ')') {
        --depth;
      } else if (c == ';' && depth <= 0) {
        break;
      }
      ++j;
    }
    const std::string_view value = trim(style.substr(colon + 1, j - colon - 1));
    if (ieq(prop, "background-image") || ieq(prop, "background")) {
      const auto open = value.find("url(");
      if (open != std::string_view::npos) {
        std::string_view rest = trim(value.substr(open + 4));
        std::string_view url;
        if (!rest.empty() && (rest.front() == '\'' || rest.front() == '"')) {
          const auto end = rest.find(rest.front(), 1);
          if (end != std::string_view::npos) url = rest.substr(1, end - 1);
        } else {
          url = trim(rest.substr(0, rest.find(')')));
        }
        if (!url.empty()) return std::string(url);
      }
    }
    i = j + 1;
  }
  return std::nullopt;
}

}  // namespace gather::text
