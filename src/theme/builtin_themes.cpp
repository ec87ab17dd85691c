#include "theme/builtin_themes.h"

namespace gather::theme {

namespace {

// Layout rules for these templates (kainjow): a section that is false still emits the line
// break after its closing tag, and the engine collapses blank-line runs to one, so paragraphs
// are sections on lines of their own; a conditional line inside a block (the quote) keeps its
// break inside the section instead, or it would leave a gap.

// Plain text for any chat: title, text, the repost quoted, then where it came from.
constexpr const char* kBasic = R"({{#title}}
{{title}}

{{/title}}
{{#text}}
{{text}}
{{/text}}
{{#repost}}

> {{source}}
{{#title}}> {{title}}
{{/title}}{{#lines}}> {{.}}
{{/lines}}{{/repost}}

{{source}}
{{#url}}
{{url}}
{{/url}}
)";

// For busy feeds: headline, link and one picture.
constexpr const char* kBrief = R"({{title}}
{{#url}}
{{url}}
{{/url}}
)";

// Telegram MarkdownV2: the escaping of every variable is the format's (escape.h), so only
// the markup written here is live.
constexpr const char* kMarkdown = R"({{#title}}
*{{title}}*

{{/title}}
{{#text}}
{{text}}
{{/text}}
{{#repost}}

>_{{source}}_
{{#title}}>*{{title}}*
{{/title}}{{#lines}}>{{.}}
{{/lines}}{{/repost}}

{{#url}}
[{{source}}]({{href}})
{{/url}}
{{^url}}
_{{source}}_
{{/url}}
)";

// Telegram HTML: the same layout; newlines are kept as they are in this mode.
constexpr const char* kHtml = R"({{#title}}
<b>{{title}}</b>

{{/title}}
{{#text}}
{{text}}
{{/text}}
{{#repost}}

<blockquote><i>{{source}}</i>
{{#title}}<b>{{title}}</b>
{{/title}}{{text}}</blockquote>
{{/repost}}

{{#url}}
<a href="{{href}}">{{source}}</a>
{{/url}}
{{^url}}
<i>{{source}}</i>
{{/url}}
)";

}  // namespace

const std::vector<ThemeSpec>& builtin_specs() {
  static const std::vector<ThemeSpec> specs{
      {"basic", "plain", kBasic, "built-in theme 'basic'", Pictures::kAll, false},
      {"brief", "plain", kBrief, "built-in theme 'brief'", Pictures::kFirst, true},
      {"markdown", "markdownv2", kMarkdown, "built-in theme 'markdown'", Pictures::kAll, false},
      {"html", "html", kHtml, "built-in theme 'html'", Pictures::kAll, false},
  };
  return specs;
}

}  // namespace gather::theme
