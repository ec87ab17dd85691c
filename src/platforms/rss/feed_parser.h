// Web feeds: RSS 0.9x/2.0, RSS 1.0 (RDF), Atom 1.0 and JSON Feed 1.x into a Page.
#pragma once

#include <string_view>

#include "core/post.h"

namespace gather::rss {

// Detects the format from the content. Throws gather::ParseError (platforms/platform.h) with a
// one-line reason when the input is not a feed at all; tolerates what real feeds get wrong.
Page parse_feed(std::string_view body, std::string_view base_url);

}  // namespace gather::rss
