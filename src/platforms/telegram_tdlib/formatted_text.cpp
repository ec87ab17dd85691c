#include "platforms/telegram_tdlib/formatted_text.h"

#include "core/html_escape.h"

#include <boost/url/encode.hpp>
#include <boost/url/rfc/unreserved_chars.hpp>

#include <algorithm>
#include <cctype>

#include "platforms/telegram_tdlib/utf16_index.h"
#include "platforms/text/json_fields.h"

namespace gather::telegram_tdlib {
namespace {

namespace json = boost::json;

// An entity placed on the text: bytes [begin, end), and the markup around it.
struct Span {
  std::size_t begin = 0;
  std::size_t end = 0;
  std::string open;
  std::string close;
};

std::string link_open(std::string_view href) {
  return "<a href=\"" + escape_html(href) + "\" target=\"_blank\" rel=\"noopener\">";
}

// Schemes a link may carry into our HTML; anything else (javascript:, data:) becomes plain text.
bool safe_href(std::string_view url) {
  const auto colon = url.find(':');
  if (colon == std::string_view::npos) return false;
  std::string scheme(url.substr(0, colon));
  std::transform(scheme.begin(), scheme.end(), scheme.begin(), [](unsigned char c) { return std::tolower(c); });
  return scheme == "http" || scheme == "https" || scheme == "tg" || scheme == "mailto" || scheme == "ton" ||
         scheme == "ftp";
}

std::string search_link(const RenderOptions& options, char sigil, std::string_view word) {
  std::string q(1, sigil);
  q += word;
  return options.search_base + "?q=" + boost::urls::encode(q, boost::urls::unreserved_chars);
}

// The markup of one entity over `covered` (its text), or empty tags for kinds shown as text.
Span markup(const TextEntity& e, std::string_view covered, const RenderOptions& options) {
  Span s;
  const auto tag = [&](std::string_view name) {
    s.open = "<" + std::string(name) + ">";
    s.close = "</" + std::string(name) + ">";
  };
  const auto link = [&](std::string_view href) {
    if (!safe_href(href)) return;
    s.open = link_open(href);
    s.close = "</a>";
  };
  const std::string_view t = e.type;
  if (t == "textEntityTypeBold") tag("b");
  else if (t == "textEntityTypeItalic") tag("i");
  else if (t == "textEntityTypeUnderline") tag("u");
  else if (t == "textEntityTypeStrikethrough") tag("s");
  else if (t == "textEntityTypeSpoiler") tag("tg-spoiler");
  else if (t == "textEntityTypeCode") tag("code");
  else if (t == "textEntityTypePre") tag("pre");
  else if (t == "textEntityTypeBlockQuote") tag("blockquote");
  else if (t == "textEntityTypeExpandableBlockQuote") {
    s.open = "<blockquote expandable>";
    s.close = "</blockquote>";
  } else if (t == "textEntityTypePreCode") {
    s.open = e.language.empty() ? "<pre><code>" : "<pre><code class=\"language-" + escape_html(e.language) + "\">";
    s.close = "</code></pre>";
  } else if (t == "textEntityTypeTextUrl") {
    link(e.url);
  } else if (t == "textEntityTypeUrl") {
    std::string href(covered);
    if (href.find("://") == std::string::npos) href = "http://" + href;
    link(href);
  } else if (t == "textEntityTypeEmailAddress") {
    link("mailto:" + std::string(covered));
  } else if (t == "textEntityTypeMention") {
    if (covered.size() > 1 && covered.front() == '@') link("https://t.me/" + std::string(covered.substr(1)));
  } else if (t == "textEntityTypeMentionName") {
    if (e.user_id != 0) link("tg://user?id=" + std::to_string(e.user_id));
  } else if (t == "textEntityTypeHashtag" || t == "textEntityTypeCashtag") {
    // Our own link, relative when there is no channel to search: no scheme to check.
    if (covered.size() > 1) {
      s.open = link_open(search_link(options, covered.front(), covered.substr(1)));
      s.close = "</a>";
    }
  }
  // botCommand, customEmoji (its text is the emoji's plain fallback), phone numbers, bank cards,
  // media timestamps, dates: their text says it all.
  return s;
}

void append_text(std::string& html, std::string_view text) {
  for (char c : text) {
    switch (c) {
      case '&': html += "&amp;"; break;
      case '<': html += "&lt;"; break;
      case '>': html += "&gt;"; break;
      case '"': html += "&quot;"; break;
      case '\n': html += "<br/>"; break;
      default: html += c;
    }
  }
}

std::string html_of(std::string_view text, std::vector<Span> spans) {
  // Outer spans first: by start, then the longer first; equal ones in the order given.
  std::stable_sort(spans.begin(), spans.end(), [](const Span& a, const Span& b) {
    return a.begin != b.begin ? a.begin < b.begin : a.end > b.end;
  });
  std::vector<std::size_t> cuts{0, text.size()};
  for (const auto& s : spans) {
    cuts.push_back(s.begin);
    cuts.push_back(s.end);
  }
  std::sort(cuts.begin(), cuts.end());
  cuts.erase(std::unique(cuts.begin(), cuts.end()), cuts.end());

  std::string html;
  std::vector<std::size_t> open;  // indexes into spans, outermost first
  std::size_t next = 0;           // the next span to open
  for (std::size_t c = 0; c < cuts.size(); ++c) {
    const std::size_t at = cuts[c];
    // Close what ends here. A span that ends under one still open (crossing entities) closes
    // those above it first; they reopen right after, so tags always nest.
    const auto ends_here = [&](std::size_t i) { return spans[i].end <= at; };
    const auto deepest = std::find_if(open.begin(), open.end(), ends_here);
    if (deepest != open.end()) {
      std::vector<std::size_t> reopen;
      while (open.end() != deepest) {
        const std::size_t i = open.back();
        open.pop_back();
        html += spans[i].close;
        if (!ends_here(i)) reopen.push_back(i);
      }
      for (auto it = reopen.rbegin(); it != reopen.rend(); ++it) {
        html += spans[*it].open;
        open.push_back(*it);
      }
    }
    while (next < spans.size() && spans[next].begin == at) {
      html += spans[next].open;
      open.push_back(next++);
    }
    if (c + 1 < cuts.size()) append_text(html, text.substr(at, cuts[c + 1] - at));
  }
  return html;
}

}  // namespace

std::string escape_html(std::string_view text) { return html_escape(text); }

std::vector<TextEntity> read_entities(const json::object* formatted_text) {
  std::vector<TextEntity> out;
  const json::array* entities = text::arr(formatted_text, "entities");
  if (entities == nullptr) return out;
  for (const auto& v : *entities) {
    const json::object* e = v.if_object();
    if (e == nullptr || text::str(e, "@type") != "textEntity") continue;
    const auto offset = text::integer(e, "offset");
    const auto length = text::integer(e, "length");
    const json::object* type = text::obj(e, "type");
    if (!offset || !length || *offset < 0 || *length <= 0 || type == nullptr) continue;
    TextEntity te;
    te.offset = static_cast<std::size_t>(*offset);
    te.length = static_cast<std::size_t>(*length);
    te.type = text::str(type, "@type");
    te.url = text::str(type, "url");
    te.language = text::str(type, "language");
    te.user_id = text::integer(type, "user_id").value_or(0);
    out.push_back(std::move(te));
  }
  return out;
}

RenderedText render_text(std::string_view text, const std::vector<TextEntity>& entities,
                         const RenderOptions& options) {
  RenderedText out;
  out.text = std::string(text);
  const Utf16Index index(text);
  std::vector<Span> spans;
  for (const auto& e : entities) {
    const std::size_t begin = index.byte_floor(e.offset);
    const std::size_t end = index.byte_ceil(e.offset + e.length);
    if (begin >= end) continue;
    const std::string_view covered = text.substr(begin, end - begin);
    if (e.type == "textEntityTypeHashtag" && covered.size() > 1 && covered.front() == '#') {
      std::string tag(covered.substr(1));
      if (std::find(out.hashtags.begin(), out.hashtags.end(), tag) == out.hashtags.end())
        out.hashtags.push_back(std::move(tag));
    }
    Span s = markup(e, covered, options);
    if (s.open.empty()) continue;
    s.begin = begin;
    s.end = end;
    spans.push_back(std::move(s));
  }
  out.html = html_of(text, std::move(spans));
  return out;
}

RenderedText render_formatted_text(const json::object* formatted_text, const RenderOptions& options) {
  if (formatted_text == nullptr) return {};
  return render_text(text::str(formatted_text, "text"), read_entities(formatted_text), options);
}

}  // namespace gather::telegram_tdlib
