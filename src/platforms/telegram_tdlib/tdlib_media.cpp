#include "platforms/telegram_tdlib/tdlib_media.h"

#include "platforms/text/json_fields.h"

namespace gather::telegram_tdlib {

namespace json = boost::json;

std::string file_ref(const json::object* file) {
  const std::string unique = text::str(text::obj(file, "remote"), "unique_id");
  return unique.empty() ? std::string() : "tg:" + unique;
}

std::optional<Media> file_media(const json::object* file, std::string_view type, std::string_view mime) {
  const std::string ref = file_ref(file);
  if (ref.empty()) return std::nullopt;
  Media m{ref, std::string(type), std::string(mime)};
  m.ref = ref;
  // size is 0 while TDLib knows only an estimate.
  const auto size = text::integer(file, "size").value_or(0);
  const auto expected = text::integer(file, "expected_size").value_or(0);
  if (size > 0) m.size = size;
  else if (expected > 0) m.size = expected;
  if (const auto id = text::integer(file, "id")) m.internal_id = std::to_string(*id);
  return m;
}

std::optional<Media> photo_media(const json::object* photo) {
  const json::array* sizes = text::arr(photo, "sizes");
  if (sizes == nullptr) return std::nullopt;
  const json::object* best = nullptr;
  std::int64_t best_area = -1;
  for (const auto& v : *sizes) {
    const json::object* s = v.if_object();
    if (s == nullptr || file_ref(text::obj(s, "photo")).empty()) continue;
    const std::int64_t area = text::integer(s, "width").value_or(0) * text::integer(s, "height").value_or(0);
    if (area > best_area) {
      best = s;
      best_area = area;
    }
  }
  if (best == nullptr) return std::nullopt;
  // photoSize "describes an image in JPEG format".
  auto m = file_media(text::obj(best, "photo"), "image", "image/jpeg");
  if (m) {
    m->width = text::integer(best, "width");
    m->height = text::integer(best, "height");
  }
  return m;
}

}  // namespace gather::telegram_tdlib
