// OPML, the subscription list format of feed readers (pugixml on both ways).
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace gather {

struct OpmlFeed {
  std::string title;
  std::string xml_url;
};

// Every outline with an xmlUrl, at any depth (readers nest feeds in folders).
// Throws std::invalid_argument with the XML error's offset on a malformed file.
std::vector<OpmlFeed> read_opml(std::string_view text);
std::string write_opml(const std::vector<OpmlFeed>& feeds);

}  // namespace gather
