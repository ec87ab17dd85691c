// One message of a channel preview (a .tgme_widget_message element) to a Post.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "core/post.h"
#include "platforms/text/html_dom.h"

namespace gather::telegram {

// What data-post="NAME/ID" says.
struct MessageRef {
  std::string channel;
  std::int64_t id = 0;
};
std::optional<MessageRef> message_ref(const GumboNode* message);

// The post, or nullopt for what is not one: service messages, deleted posts, messages the
// preview cannot show. `author` is left empty when the message names nobody (the page fills in
// the channel title). `base_url` resolves relative media links.
std::optional<Post> read_message(const text::HtmlDoc& doc, const GumboNode* message, const MessageRef& ref,
                                 std::string_view base_url);

// A view counter as the preview writes it: "950", "1.2K", "3.4M", "1B"; nullopt otherwise.
std::optional<std::int64_t> parse_view_count(std::string_view text);

}  // namespace gather::telegram
