#include "platforms/telegram/preview_message.h"

#include <boost/url.hpp>

#include <algorithm>
#include <array>
#include <bitset>
#include <cctype>
#include <charconv>

#include "platforms/text/dates.h"
#include "platforms/text/html_text.h"
#include "platforms/text/trim.h"
#include "platforms/text/urls.h"

namespace gather::telegram {
namespace {

using text::has_class;

// What a message carries, by the class of the element that shows it; the order is the order of
// Post.categories.
constexpr std::array<std::string_view, 6> kKinds{"photo", "video", "document", "voice", "poll", "sticker"};
struct KindClass {
  std::string_view css_class;
  std::size_t kind;
};
constexpr std::array<KindClass, 9> kKindClasses{{
    {"tgme_widget_message_photo_wrap", 0},
    {"tgme_widget_message_video_player", 1},
    {"tgme_widget_message_roundvideo", 1},
    {"tgme_widget_message_document", 2},
    {"tgme_widget_message_voice", 3},
    {"tgme_widget_message_poll", 4},
    {"tgme_widget_message_sticker", 5},
    {"tgme_widget_message_tgsticker", 5},
    {"tgme_widget_message_videosticker", 5},
}};

// The elements of one message this parser reads, found in one walk that skips the parts quoting
// other messages (a reply's preview, a link's preview card): their text, photos and authors are
// not this message's.
struct Parts {
  const GumboNode* text = nullptr;
  const GumboNode* date = nullptr;
  const GumboNode* views = nullptr;
  const GumboNode* meta = nullptr;
  const GumboNode* from_author = nullptr;
  const GumboNode* owner_name = nullptr;
  const GumboNode* forwarded_name = nullptr;
  bool service = false;
  bool error = false;             // "post not found": deleted
  bool not_supported = false;     // "media is not supported" in the browser...
  bool partly_supported = false;  // ...for part of the message only
  std::bitset<kKinds.size()> kinds;
  std::vector<Media> media;  // URLs as written
};

void add_media(std::vector<Media>& media, std::string url, std::string_view type) {
  if (url.empty()) return;
  if (std::any_of(media.begin(), media.end(), [&](const Media& m) { return m.url == url; })) return;
  media.push_back({std::move(url), std::string(type), ""});
}

void set_first(const GumboNode*& slot, const GumboNode* n) {
  if (slot == nullptr) slot = n;
}

void note_element(Parts& p, const GumboNode* n) {
  if (has_class(n, "service_message")) p.service = true;
  if (has_class(n, "tgme_widget_message_error")) p.error = true;
  if (has_class(n, "message_media_not_supported")) p.not_supported = true;
  if (has_class(n, "media_supported_cont")) p.partly_supported = true;
  if (has_class(n, "tgme_widget_message_text")) set_first(p.text, n);
  if (has_class(n, "tgme_widget_message_date")) set_first(p.date, n);
  if (has_class(n, "tgme_widget_message_views")) set_first(p.views, n);
  if (has_class(n, "tgme_widget_message_meta")) set_first(p.meta, n);
  if (has_class(n, "tgme_widget_message_from_author")) set_first(p.from_author, n);
  if (has_class(n, "tgme_widget_message_owner_name")) set_first(p.owner_name, n);
  if (has_class(n, "tgme_widget_message_forwarded_from_name")) set_first(p.forwarded_name, n);
  for (const auto& kc : kKindClasses) {
    if (has_class(n, kc.css_class)) p.kinds.set(kc.kind);
  }
  if (has_class(n, "tgme_widget_message_photo_wrap") || has_class(n, "tgme_widget_message_video_thumb")) {
    const auto url = text::css_background_image(text::attribute(n, "style").value_or(""));
    if (url) add_media(p.media, *url, "image");
  }
  if (n->v.element.tag == GUMBO_TAG_VIDEO) {
    add_media(p.media, std::string(text::attribute(n, "src").value_or("")), "video");
  }
}

Parts scan(const GumboNode* message) {
  Parts p;
  text::walk(
      message,
      [&](const GumboNode* n) {
        if (n->type == GUMBO_NODE_DOCUMENT) return true;
        if (!text::is_element(n)) return false;
        if (has_class(n, "tgme_widget_message_reply") || has_class(n, "tgme_widget_message_link_preview")) return false;
        note_element(p, n);
        return true;
      },
      [](const GumboNode*) {});
  return p;
}

// The meta line reads "Signature, edited 12:00": "edited" outside the signature and the date.
bool says_edited(const GumboNode* meta) {
  if (meta == nullptr) return false;
  const auto skip = [](const GumboNode* n) {
    return has_class(n, "tgme_widget_message_from_author") || has_class(n, "tgme_widget_message_date");
  };
  std::string words;
  for (const GumboNode* t : text::find_all(meta, [](const GumboNode* n) { return n->type == GUMBO_NODE_TEXT; })) {
    if (!text::inside(t, meta, skip)) words += std::string(" ") + t->v.text.text;
  }
  return words.find("edited") != std::string::npos;
}

std::optional<TimePoint> published_at(const GumboNode* date) {
  if (date == nullptr) return std::nullopt;
  const GumboNode* time = text::find_first(date, text::with_tag(GUMBO_TAG_TIME));
  const auto value = text::attribute(time, "datetime");
  return value ? text::parse_date(*value) : std::nullopt;
}

std::vector<std::string> hashtags(const GumboNode* body) {
  std::vector<std::string> tags;
  if (body == nullptr) return tags;
  for (const GumboNode* a : text::find_all(body, text::with_tag(GUMBO_TAG_A))) {
    // t.me links a hashtag to a search of the channel ("?q=%23tag"); a link to elsewhere whose
    // text happens to start with '#' is no tag.
    if (!text::attribute(a, "href").value_or("").starts_with("?q=")) continue;
    std::string t = text::node_text(a);
    if (t.size() < 2 || t.front() != '#') continue;
    t.erase(0, 1);
    if (std::find(tags.begin(), tags.end(), t) == tags.end()) tags.push_back(std::move(t));
  }
  return tags;
}

// "NAME/ID" when `url` links a post on t.me (https://t.me/NAME/ID or t.me/s/NAME/ID).
std::string t_me_post_id(std::string_view url) {
  auto parsed = boost::urls::parse_uri(url);
  if (!parsed) return {};
  std::string host = parsed->host();
  if (host != "t.me" && host != "telegram.me") return {};
  std::vector<std::string> segs;
  for (auto s : parsed->segments()) {
    if (!s.empty()) segs.push_back(s);
  }
  if (segs.size() == 3 && segs[0] == "s") segs.erase(segs.begin());
  const auto is_digit = [](char c) { return std::isdigit(static_cast<unsigned char>(c)) != 0; };
  if (segs.size() != 2 || segs[1].empty() || !std::all_of(segs[1].begin(), segs[1].end(), is_digit)) return {};
  return segs[0] + "/" + segs[1];
}

Post forwarded_from(const GumboNode* name, std::string_view base) {
  Post source;
  source.author = text::node_text(name);
  // The name is the link itself, or a span inside the link.
  const GumboNode* link = name;
  while (link != nullptr && !(text::is_element(link) && link->v.element.tag == GUMBO_TAG_A)) link = link->parent;
  if (const auto href = text::attribute(link, "href"); href && !href->empty()) {
    source.url = text::resolve_url(base, *href);
    source.id = t_me_post_id(source.url);
  }
  return source;
}

}  // namespace

std::optional<MessageRef> message_ref(const GumboNode* message) {
  const auto post = text::attribute(message, "data-post");
  if (!post) return std::nullopt;
  const auto slash = post->rfind('/');
  if (slash == std::string_view::npos || slash == 0) return std::nullopt;
  const std::string_view digits = post->substr(slash + 1);
  MessageRef ref;
  const auto [end, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), ref.id);
  if (ec != std::errc{} || end != digits.data() + digits.size() || ref.id <= 0) return std::nullopt;
  ref.channel = std::string(post->substr(0, slash));
  return ref;
}

std::optional<Post> read_message(const text::HtmlDoc& doc, const GumboNode* message, const MessageRef& ref,
                                 std::string_view base_url) {
  const Parts parts = scan(message);
  if (parts.service || parts.error) return std::nullopt;
  const std::string base = base_url.empty() ? "https://t.me/" : std::string(base_url);

  Post post;
  post.id = ref.channel + "/" + std::to_string(ref.id);
  post.url = "https://t.me/" + post.id;
  if (parts.text) {
    post.html = std::string(doc.inner_html(parts.text));
    // An element the page never closed has no source slice; its words are still the message.
    post.text = post.html.empty() ? text::node_text(parts.text) : text::html_to_text(post.html);
    post.tags = hashtags(parts.text);
  }
  for (const Media& m : parts.media) post.media.push_back({text::resolve_url(base, m.url), m.type, m.mime});
  // Nothing the preview can show: t.me says "media is not supported" and offers the app.
  if (parts.not_supported && !parts.partly_supported && post.text.empty() && post.media.empty()) return std::nullopt;

  if (parts.from_author) post.author = text::node_text(parts.from_author);
  if (post.author.empty() && parts.owner_name) post.author = text::node_text(parts.owner_name);
  post.published = published_at(parts.date);
  post.edited = says_edited(parts.meta);
  if (parts.views) post.views = parse_view_count(text::node_text(parts.views));

  for (std::size_t k = 0; k < kKinds.size(); ++k) {
    if (parts.kinds.test(k)) post.categories.emplace_back(kKinds[k]);
  }
  if (post.categories.empty()) post.categories.emplace_back("text");
  if (parts.forwarded_name) {
    post.categories.emplace_back("forward");
    post.repost.push_back(forwarded_from(parts.forwarded_name, base));
  }
  return post;
}

std::optional<std::int64_t> parse_view_count(std::string_view t) {
  t = text::trim(t);
  if (t.empty()) return std::nullopt;
  std::int64_t scale = 1;
  switch (std::toupper(static_cast<unsigned char>(t.back()))) {
    case 'K': scale = 1'000; break;
    case 'M': scale = 1'000'000; break;
    case 'B': scale = 1'000'000'000; break;
    default: break;
  }
  if (scale != 1) t.remove_suffix(1);
  const auto dot = t.find('.');
  const std::string_view whole = t.substr(0, dot);
  const std::string_view frac = dot == std::string_view::npos ? std::string_view{} : t.substr(dot + 1);
  const auto digits = [](std::string_view s) {
    return !s.empty() && std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
  };
  // A fraction only ever comes with a suffix, and never finer than the unit it scales.
  if (!digits(whole) || whole.size() > 9) return std::nullopt;  // larger counts are written 1B
  if (dot != std::string_view::npos && (scale == 1 || !digits(frac) || frac.size() > 3)) return std::nullopt;
  std::int64_t w = 0;
  std::from_chars(whole.data(), whole.data() + whole.size(), w);
  std::int64_t value = w * scale;
  std::int64_t unit = scale;
  for (char c : frac) {
    unit /= 10;
    value += (c - '0') * unit;
  }
  return value;
}

}  // namespace gather::telegram
