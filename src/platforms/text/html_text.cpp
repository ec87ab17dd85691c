#include "platforms/text/html_text.h"

#include <algorithm>

#include "platforms/text/html_dom.h"

namespace gather::text {
namespace {

bool is_block(GumboTag tag) {
  switch (tag) {
    case GUMBO_TAG_P: case GUMBO_TAG_DIV: case GUMBO_TAG_LI: case GUMBO_TAG_UL: case GUMBO_TAG_OL:
    case GUMBO_TAG_DL: case GUMBO_TAG_DT: case GUMBO_TAG_DD:
    case GUMBO_TAG_H1: case GUMBO_TAG_H2: case GUMBO_TAG_H3: case GUMBO_TAG_H4: case GUMBO_TAG_H5:
    case GUMBO_TAG_H6: case GUMBO_TAG_BLOCKQUOTE: case GUMBO_TAG_PRE: case GUMBO_TAG_TABLE:
    case GUMBO_TAG_TR: case GUMBO_TAG_THEAD: case GUMBO_TAG_TBODY: case GUMBO_TAG_TFOOT:
    case GUMBO_TAG_CAPTION: case GUMBO_TAG_SECTION: case GUMBO_TAG_ARTICLE: case GUMBO_TAG_ASIDE:
    case GUMBO_TAG_HEADER: case GUMBO_TAG_FOOTER: case GUMBO_TAG_NAV: case GUMBO_TAG_FIGURE:
    case GUMBO_TAG_FIGCAPTION: case GUMBO_TAG_HR: case GUMBO_TAG_ADDRESS: case GUMBO_TAG_FORM:
    case GUMBO_TAG_FIELDSET: case GUMBO_TAG_MAIN: case GUMBO_TAG_DETAILS: case GUMBO_TAG_SUMMARY:
    case GUMBO_TAG_BODY: case GUMBO_TAG_CENTER:
      return true;
    default:
      return false;
  }
}

bool is_dropped(GumboTag tag) {
  return tag == GUMBO_TAG_SCRIPT || tag == GUMBO_TAG_STYLE || tag == GUMBO_TAG_HEAD ||
         tag == GUMBO_TAG_NOSCRIPT || tag == GUMBO_TAG_TEMPLATE || tag == GUMBO_TAG_IFRAME;
}

// Collects lines. A soft break ends a non-empty line (block edges); a hard break always ends
// one (<br>, newlines in <pre>), so "a<br><br>b" keeps its blank line.
class TextSink {
 public:
  void text(std::string_view s, bool preformatted) {
    std::size_t i = 0;
    while (i < s.size()) {
      const unsigned char c = static_cast<unsigned char>(s[i]);
      if (preformatted && c == '\n') {
        hard_break();
        ++i;
      } else if (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f') {
        pending_space_ = true;
        ++i;
      } else if (c == 0xC2 && i + 1 < s.size() && static_cast<unsigned char>(s[i + 1]) == 0xA0) {
        pending_space_ = true;  // &nbsp; reads as a space in plain text
        i += 2;
      } else {
        if (pending_space_ && !line_.empty()) line_ += ' ';
        pending_space_ = false;
        line_ += static_cast<char>(c);
        ++i;
      }
    }
  }
  void soft_break() {
    if (!line_.empty()) hard_break();
    pending_space_ = false;
  }
  void hard_break() {
    lines_.push_back(std::move(line_));
    line_.clear();
    pending_space_ = false;
  }
  std::string finish() {
    soft_break();
    std::string out;
    bool blank_pending = false;
    for (const auto& l : lines_) {
      if (l.empty()) {
        blank_pending = !out.empty();
        continue;
      }
      if (!out.empty()) out += blank_pending ? "\n\n" : "\n";
      blank_pending = false;
      out += l;
    }
    return out;
  }

 private:
  std::vector<std::string> lines_;
  std::string line_;
  bool pending_space_ = false;
};

}  // namespace

HtmlContent read_html(std::string_view html) {
  HtmlContent out;
  if (html.empty()) return out;
  TextSink sink;
  // Many descriptions are plain text; gumbo would give the same answer far more slowly.
  if (html.find_first_of("<&") == std::string_view::npos) {
    sink.text(html, false);
    out.text = sink.finish();
    return out;
  }
  const HtmlDoc doc(html);
  int pre_depth = 0;
  walk(
      doc.root(),
      [&](const GumboNode* n) {
        switch (n->type) {
          case GUMBO_NODE_TEXT:
          case GUMBO_NODE_CDATA:
          case GUMBO_NODE_WHITESPACE:
            sink.text(n->v.text.text, pre_depth > 0);
            return false;
          case GUMBO_NODE_ELEMENT:
          case GUMBO_NODE_TEMPLATE: {
            const GumboTag tag = n->v.element.tag;
            if (is_dropped(tag)) return false;
            if (tag == GUMBO_TAG_BR) {
              sink.hard_break();
              return false;
            }
            if (tag == GUMBO_TAG_IMG) {
              if (const GumboAttribute* src = gumbo_get_attribute(&n->v.element.attributes, "src")) {
                std::string s = src->value;
                if (!s.empty() && std::find(out.images.begin(), out.images.end(), s) == out.images.end()) {
                  out.images.push_back(std::move(s));
                }
              }
              return false;
            }
            if (is_block(tag)) sink.soft_break();
            if (tag == GUMBO_TAG_PRE) ++pre_depth;
            if (tag == GUMBO_TAG_TD || tag == GUMBO_TAG_TH) sink.text(" ", false);
            return true;
          }
          case GUMBO_NODE_DOCUMENT:
            return true;
          default:
            return false;  // comments
        }
      },
      [&](const GumboNode* n) {
        if (n->type != GUMBO_NODE_ELEMENT) return;
        const GumboTag tag = n->v.element.tag;
        if (tag == GUMBO_TAG_PRE) --pre_depth;
        if (is_block(tag)) sink.soft_break();
      });
  out.text = sink.finish();
  return out;
}

std::string html_to_text(std::string_view html) { return read_html(html).text; }

std::vector<std::string> html_images(std::string_view html) { return read_html(html).images; }

std::optional<std::string> html_entity(std::string_view name) {
  if (name.empty() || name.size() > 40) return std::nullopt;
  for (char c : name) {
    if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9'))) return std::nullopt;
  }
  // Decode "x&name;x" and take what lies between the markers: gumbo exposes no entity lookup.
  const std::string probe = "x&" + std::string(name) + ";x";
  const HtmlDoc doc(probe);
  std::string text;
  walk(
      doc.root(),
      [&](const GumboNode* n) {
        if (n->type == GUMBO_NODE_TEXT) text += n->v.text.text;
        return n->type == GUMBO_NODE_DOCUMENT || n->type == GUMBO_NODE_ELEMENT;
      },
      [](const GumboNode*) {});
  if (text.size() < 2 || text.front() != 'x' || text.back() != 'x') return std::nullopt;
  std::string value = text.substr(1, text.size() - 2);
  // Unknown names come back verbatim; legacy prefixes ("&notit;" -> "¬it;") leave the ';'.
  if (value.empty() || value.back() == ';') return std::nullopt;
  return value;
}

}  // namespace gather::text
