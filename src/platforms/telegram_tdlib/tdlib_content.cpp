#include "platforms/telegram_tdlib/tdlib_content.h"

#include <charconv>
#include <string_view>

#include "platforms/telegram_tdlib/tdlib_media.h"
#include "platforms/text/json_fields.h"

namespace gather::telegram_tdlib {
namespace {

namespace json = boost::json;

// A file described by its owner object (video, audio...): `file_key` names the file inside it.
std::optional<Media> described_file(const json::object* owner, std::string_view file_key, std::string_view type,
                                    std::string_view fallback_mime = "") {
  if (owner == nullptr) return std::nullopt;
  std::string mime = text::str(owner, "mime_type");
  if (mime.empty()) mime = std::string(fallback_mime);
  auto m = file_media(text::obj(owner, file_key), type, mime);
  if (!m) return m;
  m->width = text::integer(owner, "width");
  m->height = text::integer(owner, "height");
  m->duration = text::integer(owner, "duration");
  if (const std::string name = text::str(owner, "file_name"); !name.empty()) m->file_name = name;
  return m;
}

std::string sticker_mime(const json::object* sticker) {
  const std::string format = text::str(text::obj(sticker, "format"), "@type");
  if (format == "stickerFormatWebp") return "image/webp";
  if (format == "stickerFormatTgs") return "application/x-tgsticker";  // gzipped Lottie
  if (format == "stickerFormatWebm") return "video/webm";
  return "";
}

// Text without entities, as RenderedText.
RenderedText plain(std::string text) { return render_text(text, {}); }

std::string number(double v) {
  char buf[32];
  const auto [end, ec] = std::to_chars(buf, buf + sizeof buf, v);
  return ec == std::errc{} ? std::string(buf, end) : std::string("?");
}

// A poll's question is a formattedText (a plain string before TDLib 1.8.30).
std::string text_of(const json::object* o, std::string_view key) {
  if (const json::object* ft = text::obj(o, key)) return text::str(ft, "text");
  return text::str(o, key);
}

RenderedText poll_text(const json::object* poll) {
  std::string t = text_of(poll, "question");
  if (const json::array* options = text::arr(poll, "options")) {
    for (const auto& v : *options) t += "\n- " + text_of(v.if_object(), "text");
  }
  return plain(std::move(t));
}

void add(std::vector<Media>& media, std::optional<Media> m) {
  if (m) media.push_back(std::move(*m));
}

}  // namespace

std::optional<Content> read_content(const json::object& content, const RenderOptions& options) {
  const json::object* c = &content;
  const std::string type = text::str(c, "@type");
  const auto caption = [&] { return render_formatted_text(text::obj(c, "caption"), options); };
  Content out;
  if (type == "messageText") {
    out.kind = "text";
    out.text = render_formatted_text(text::obj(c, "text"), options);
  } else if (type == "messagePhoto") {
    out.kind = "photo";
    out.text = caption();
    add(out.media, photo_media(text::obj(c, "photo")));
  } else if (type == "messageVideo") {
    out.kind = "video";
    out.text = caption();
    add(out.media, described_file(text::obj(c, "video"), "video", "video"));
  } else if (type == "messageAnimation") {
    out.kind = "video";
    out.text = caption();
    add(out.media, described_file(text::obj(c, "animation"), "animation", "video"));
  } else if (type == "messageVideoNote") {
    out.kind = "video";
    const json::object* note = text::obj(c, "video_note");
    auto m = described_file(note, "video", "video", "video/mp4");
    if (m) {
      m->width = m->height = text::integer(note, "length");
    }
    add(out.media, std::move(m));
  } else if (type == "messageDocument") {
    out.kind = "document";
    out.text = caption();
    add(out.media, described_file(text::obj(c, "document"), "document", "file"));
  } else if (type == "messageAudio") {
    out.kind = "document";
    out.text = caption();
    add(out.media, described_file(text::obj(c, "audio"), "audio", "audio"));
  } else if (type == "messageVoiceNote") {
    out.kind = "voice";
    out.text = caption();
    add(out.media, described_file(text::obj(c, "voice_note"), "voice", "audio", "audio/ogg"));
  } else if (type == "messageSticker") {
    out.kind = "sticker";
    const json::object* sticker = text::obj(c, "sticker");
    auto m = file_media(text::obj(sticker, "sticker"), "image", sticker_mime(sticker));
    if (m) {
      m->width = text::integer(sticker, "width");
      m->height = text::integer(sticker, "height");
    }
    add(out.media, std::move(m));
  } else if (type == "messagePoll") {
    out.kind = "poll";
    out.text = poll_text(text::obj(c, "poll"));
  } else if (type == "messageLocation") {
    out.kind = "text";
    const json::object* at = text::obj(c, "location");
    double lat = 0, lon = 0;
    if (const json::value* v = at ? at->if_contains("latitude") : nullptr; v && v->is_number()) lat = v->to_number<double>();
    if (const json::value* v = at ? at->if_contains("longitude") : nullptr; v && v->is_number()) lon = v->to_number<double>();
    out.text = plain("Location: " + number(lat) + ", " + number(lon));
  } else if (type == "messageContact") {
    out.kind = "text";
    const json::object* who = text::obj(c, "contact");
    std::string name = text::str(who, "first_name");
    if (const std::string last = text::str(who, "last_name"); !last.empty()) name += (name.empty() ? "" : " ") + last;
    std::string line = "Contact: " + name;
    if (const std::string phone = text::str(who, "phone_number"); !phone.empty()) line += ", " + phone;
    out.text = plain(std::move(line));
  } else {
    return std::nullopt;
  }
  return out;
}

}  // namespace gather::telegram_tdlib
