#include "platforms/rss/formats.h"
#include "platforms/rss/post_finish.h"
#include "platforms/rss/xml_names.h"

namespace gather::rss {

void read_media_rss(pugi::xml_node element, Post& post) {
  const QName q = qname(element);
  if (q.is(ns::kMedia, "content")) {
    add_media(post, attr(element, "url"), attr(element, "type"), attr(element, "medium"));
    // A media:content may carry its own thumbnail; the content itself comes first.
    for (pugi::xml_node c = element.first_child(); c; c = c.next_sibling()) {
      if (c.type() == pugi::node_element && qname(c).is(ns::kMedia, "thumbnail")) read_media_rss(c, post);
    }
  } else if (q.is(ns::kMedia, "thumbnail")) {
    add_media(post, attr(element, "url"), {}, "image");
  } else if (q.is(ns::kMedia, "group")) {
    for (pugi::xml_node c = element.first_child(); c; c = c.next_sibling()) {
      if (c.type() == pugi::node_element) read_media_rss(c, post);
    }
  }
}

}  // namespace gather::rss
