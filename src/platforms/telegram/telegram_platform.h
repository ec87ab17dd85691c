// The `telegram` platform: public channels read through their web preview, https://t.me/s/NAME,
// without an account. The preview shows a channel's newest 20 messages, oldest first;
// ?before=ID shows the 20 before message ID.
//
// Target key: the channel username, lower case ("durov"); see channel_name.h for what users may
// type. Requests go to platform_base_url("telegram", "https://t.me") (the simulator in tests).
//
// How the preview becomes a Page (posts newest first):
//   Post.id          "NAME/ID", the message's data-post as Telegram writes it
//   Post.url         https://t.me/NAME/ID, always on t.me (never the base URL)
//   Post.title       empty: Telegram messages have no titles
//   Post.text/html   the message's .tgme_widget_message_text (not the one quoted in a reply):
//                    html as served, text with line breaks kept and links as their text
//   Post.author      the signature .tgme_widget_message_from_author, else the owner's name
//                    .tgme_widget_message_owner_name, else the channel title
//   Post.published   <time datetime> in .tgme_widget_message_date; `updated` stays empty (the
//                    preview says a message was edited, not when)
//   Post.edited      the footer's .tgme_widget_message_meta says "edited"
//   Post.views       .tgme_widget_message_views, "1.2K" -> 1200, "3.4M" -> 3400000
//   Post.media       in page order: photos (.tgme_widget_message_photo_wrap) and video
//                    thumbnails (.tgme_widget_message_video_thumb) as "image" from their
//                    background-image, videos (<video src>) as "video"; never reply thumbnails
//                    or link previews. No MIME type: the preview declares none.
//   Post.tags        hashtag links (#tag) in the text, without '#', first occurrence order
//   Post.categories  the kinds of content, in this order: "photo", "video", "document",
//                    "voice", "poll", "sticker" for what the message carries, "text" when it
//                    carries none of those; then "forward" when it is forwarded
//   Post.repost      a forwarded message: one nested Post whose author is the source's name
//                    (.tgme_widget_message_forwarded_from_name), url its link when it has one,
//                    id "NAME/ID" when that link is a t.me post link. The forwarded content stays
//                    on the outer post, which is what subscribers filter and read.
//   Page.feed        title .tgme_channel_info_header_title, description
//                    .tgme_channel_info_description (lines kept), image the avatar
//                    (.tgme_page_photo_image, an <img> or holding one), link https://t.me/NAME
//   Page.older_cursor the smallest message id on the page (service messages included)
// Skipped: service messages (pinned, photo changed...), deleted posts, and messages t.me cannot
// show at all (media not supported, no text).
#pragma once

#include "platforms/platform.h"

namespace gather::telegram {

class TelegramPlatform final : public Platform {
 public:
  std::string_view name() const override { return "telegram"; }
  std::string canonical_key(std::string_view input) const override;
  // GET {base}/s/NAME, redirects not followed: Telegram answers a channel without a public
  // preview with a redirect to t.me/NAME, and that answer is the whole news.
  HttpRequest request_for(std::string_view key, const Validators& validators) const override;
  // 200 page, 304 not modified, 429 slow down (Retry-After), a redirect off /s/ or 404/410
  // gone, 5xx or no answer transient, anything else failed.
  Classified classify(const HttpResponse& response) const override;
  // Throws ParseError on a page that is not a channel preview.
  Page parse(std::string_view body, std::string_view base_url) const override;
  bool pages_back() const override { return true; }
  // The web preview reads public usernames only; invite links and chat ids need an account, and
  // a target that says join is read by an account in the chat (live updates).
  bool anonymous_reads(const Target& target) const override;
  // An account credential reads through TDLib (account_job.h); anonymous access through the
  // web preview over HTTP.
  std::unique_ptr<FetchJob> make_job(std::vector<JobTarget> targets, const Credential* credential) const override;
  // {base}/s/NAME?before=ID with ID the smallest message id on `newer`; nullopt when it has
  // none, or it is message 1.
  std::optional<HttpRequest> request_older(std::string_view key, const Page& newer) const override;
};

}  // namespace gather::telegram
