// TDLib's file objects (photos, videos, documents...) to Post media.
//
// Media.url and Media.ref are both "tg:" + the file's remote unique_id: the one name of a file
// that is the same for every account and stays so, which dedup and the media store key on. It
// is no HTTP URL: the media stage downloads the file through the account that saw it, by
// Media.internal_id (TDLib's file id, as text, valid only in that account's session and never
// serialised), and may then point url at the stored copy. A file without a unique_id (one still
// being uploaded, never in a chat's history) gives no media.
#pragma once

#include <boost/json.hpp>

#include <optional>
#include <string>
#include <string_view>

#include "core/post.h"

namespace gather::telegram_tdlib {

// "tg:" + remote.unique_id of a `file` object, or "" when it has none.
std::string file_ref(const boost::json::object* file);

// The media for a `file` object, with type and mime; size from file.size (else expected_size,
// when known); nullopt without a unique_id.
std::optional<Media> file_media(const boost::json::object* file, std::string_view type, std::string_view mime);

// The largest photoSize of a `photo` object (by width x height) as an "image/jpeg" image with
// its dimensions; nullopt when it has none.
std::optional<Media> photo_media(const boost::json::object* photo);

}  // namespace gather::telegram_tdlib
