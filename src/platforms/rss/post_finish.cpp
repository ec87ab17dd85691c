#include "platforms/rss/post_finish.h"

#include <algorithm>
#include <array>
#include <cctype>

#include "core/digest.h"
#include "platforms/rss/xml_names.h"
#include "platforms/text/html_text.h"
#include "platforms/text/urls.h"

namespace gather::rss {
namespace {

std::string lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

std::string kind_from_extension(std::string_view url) {
  url = url.substr(0, url.find_first_of("?#"));
  const std::size_t dot = url.rfind('.');
  if (dot == std::string_view::npos || url.find('/', dot) != std::string_view::npos) return "file";
  const std::string ext = lower(url.substr(dot + 1));
  static constexpr std::array<std::string_view, 9> kImage{"jpg", "jpeg", "png", "gif", "webp", "avif", "bmp", "svg", "heic"};
  static constexpr std::array<std::string_view, 6> kVideo{"mp4", "m4v", "webm", "mov", "mkv", "m3u8"};
  static constexpr std::array<std::string_view, 7> kAudio{"mp3", "m4a", "aac", "ogg", "opus", "wav", "flac"};
  auto in = [&](const auto& list) { return std::find(list.begin(), list.end(), ext) != list.end(); };
  if (in(kImage)) return "image";
  if (in(kVideo)) return "video";
  if (in(kAudio)) return "audio";
  return "file";
}

}  // namespace

std::string media_kind(std::string_view mime, std::string_view medium, std::string_view url) {
  const std::string m = lower(mime);
  if (m.starts_with("image/")) return "image";
  if (m.starts_with("video/")) return "video";
  if (m.starts_with("audio/")) return "audio";
  if (!m.empty() && m != "application/octet-stream") return "file";
  const std::string md = lower(medium);
  if (md == "image" || md == "video" || md == "audio") return md;
  if (!md.empty()) return "file";
  return kind_from_extension(url);
}

void add_media(Post& post, std::string_view url, std::string_view mime, std::string_view medium) {
  std::string u = squash(url);
  if (u.empty()) return;
  if (std::any_of(post.media.begin(), post.media.end(), [&](const Media& m) { return m.url == u; })) return;
  Media m;
  m.type = media_kind(mime, medium, u);
  m.mime = squash(mime);
  m.url = std::move(u);
  post.media.push_back(std::move(m));
}

void finish_post(Post& post, const RawItem& raw, std::string_view base) {
  if (!post.url.empty()) post.url = text::resolve_url(base, post.url);
  post.title = squash(post.title);
  post.author = squash(post.author);

  post.id = squash(raw.guid);
  if (post.id.empty()) post.id = post.url;
  if (post.id.empty()) post.id = sha256_hex(post.title + "\n" + post.url + "\n" + raw.description);

  std::vector<std::string> images;
  if (raw.html_is_text) {
    post.text = std::move(post.html);
    post.html.clear();
    // Plain text keeps its own line structure; only the ends are trimmed.
    const auto first = post.text.find_first_not_of(" \t\r\n");
    const auto last = post.text.find_last_not_of(" \t\r\n");
    post.text = first == std::string::npos ? std::string{} : post.text.substr(first, last - first + 1);
  } else {
    text::HtmlContent content = text::read_html(post.html);
    post.text = std::move(content.text);
    images = std::move(content.images);
  }

  std::vector<std::string> cats;
  for (auto& c : post.categories) {
    std::string s = squash(c);
    if (!s.empty() && std::find(cats.begin(), cats.end(), s) == cats.end()) cats.push_back(std::move(s));
  }
  post.categories = std::move(cats);

  if (post.media.empty()) {
    for (const auto& src : images) {
      if (!src.starts_with("data:")) add_media(post, src, {}, "image");
    }
  }
  for (auto& m : post.media) m.url = text::resolve_url(base, m.url);
  // Resolution can make two spellings of one URL equal.
  std::vector<Media> unique;
  for (auto& m : post.media) {
    if (std::none_of(unique.begin(), unique.end(), [&](const Media& u) { return u.url == m.url; })) {
      unique.push_back(std::move(m));
    }
  }
  post.media = std::move(unique);
}

}  // namespace gather::rss
