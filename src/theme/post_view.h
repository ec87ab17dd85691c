// What a template sees of a post: the variables, built once per render. This is the contract
// with template authors (README.md lists it); add to it, never rename.
#pragma once

#include <kainjow/mustache.hpp>

#include <cstddef>
#include <string_view>

#include "core/post.h"
#include "core/records.h"

namespace gather::theme {

struct ViewOptions {
  std::size_t text_limit = 600;  // code points of `text` (each of the post's and the repost's)
};

// Top level, and the same inside {{#repost}} (which has no platform, target, repost of its own):
//   title, text (cut to the limit, "…" when cut), url, href (url as a link target: the format's
//   URL escaping), author, time ("2026-11-21 02:00 UTC"), source ("author · platform · time",
//   empty parts left out), lines (text split at line breaks, for quoting: {{#lines}}> {{.}}{{/lines}}),
//   images (list of {url, href}), first_image ({url, href}, false without pictures),
//   media (list of {url, href, type}), categories and tags (lists of strings: {{.}}),
//   truncated and edited (true/false), views (false unless the platform shows a count).
// Every name is always there: an empty field is `false`, so {{#title}}...{{/title}} works.
// Top level only: platform, target (the target's name, or its key when unnamed), repost.
// For error messages: the names above.
inline constexpr std::string_view kViewNames =
    "title, text, url, href, author, time, source, lines, images, first_image, media, categories, tags, "
    "truncated, edited, views, platform, target, repost";

kainjow::mustache::data make_view(const Post& post, const Target& target, const ViewOptions& options);

}  // namespace gather::theme
