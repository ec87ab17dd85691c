// Bilibili's JSON: the shared tolerant readers (text/json_fields.h), and its links.
#pragma once

#include <boost/json.hpp>

#include "platforms/text/json_fields.h"

#include <string>
#include <string_view>

namespace gather::bilibili {

namespace json = boost::json;

using text::arr;
using text::boolean;
using text::integer;
using text::obj;
using text::str;

// Bilibili writes many links protocol-relative ("//www.bilibili.com/video/BV..."); they are
// served over https.
inline std::string absolute(std::string url) {
  if (url.starts_with("//")) url.insert(0, "https:");
  return url;
}

}  // namespace gather::bilibili
