// TDLib's formattedText {text, entities[]} to the plain text and HTML a Post carries.
//
// The text is the message's text as sent (line breaks kept, links as their text), which is what
// the web preview's parser gives for the same message. The HTML follows the web preview's
// markup where there is one, so both paths read alike:
//   bold <b>, italic <i>, underline <u>, strikethrough <s>, spoiler <tg-spoiler>, code <code>,
//   pre <pre>, preCode <pre><code class="language-L">, blockQuote <blockquote>,
//   expandableBlockQuote <blockquote expandable>, textUrl <a href="URL">, url <a href> to the
//   text (http:// added when it has no scheme), emailAddress mailto:, mention @name to
//   https://t.me/name, mentionName tg://user?id=N, hashtag and cashtag to the channel's search
//   (the preview's relative "?q=%23tag", or `search_base` + that), links with
//   target="_blank" rel="noopener" as the preview writes them; botCommand, customEmoji and the
//   other kinds as their text. Text is escaped, line breaks become <br/>. Entities that cross
//   (TDLib forbids it, but a client must not emit broken HTML on bad input) are closed and
//   reopened around the crossing, so the HTML is always well formed.
#pragma once

#include <boost/json.hpp>

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace gather::telegram_tdlib {

// One textEntity, as read from TDLib. Offsets and lengths in UTF-16 code units.
struct TextEntity {
  std::size_t offset = 0;
  std::size_t length = 0;
  std::string type;      // the @type of its TextEntityType: "textEntityTypeBold", ...
  std::string url;       // textEntityTypeTextUrl
  std::string language;  // textEntityTypePreCode
  std::int64_t user_id = 0;  // textEntityTypeMentionName
};

struct RenderedText {
  std::string text;
  std::string html;
  std::vector<std::string> hashtags;  // without '#', first occurrence order, no repeats
};

struct RenderOptions {
  // Prefix of hashtag and cashtag search links, e.g. "https://t.me/s/NAME"; empty writes the
  // preview's relative "?q=..." link.
  std::string search_base;
};

// The entities of a formattedText object; entries that are not textEntity objects are skipped.
std::vector<TextEntity> read_entities(const boost::json::object* formatted_text);

RenderedText render_text(std::string_view text, const std::vector<TextEntity>& entities,
                         const RenderOptions& options = {});

// Both steps on a formattedText object (nullptr or no text: all empty).
RenderedText render_formatted_text(const boost::json::object* formatted_text, const RenderOptions& options = {});

// Text with &, <, > and " escaped for HTML.
std::string escape_html(std::string_view text);

}  // namespace gather::telegram_tdlib
