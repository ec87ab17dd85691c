// Which subscriptions a post goes to. Tag semantics follow shared/fixtures/platforms/
// tag_cases.json (a `~tag` bans and always wins; listed tags need one in common); categories must
// contain one of the post's; keywords match title or text, case-insensitively for ASCII.
#pragma once

#include <string>
#include <vector>

#include "core/post.h"
#include "core/records.h"

namespace gather {

// The post's tags as filters see them. Feeds carry only categories, so for now those are tags.
std::vector<std::string> post_tags(const Post& post);

// True when the tag filter drops the post (the truth table's `result`).
bool tags_drop(const std::vector<std::string>& post_tags, const std::vector<std::string>& wanted,
               const std::vector<std::string>& banned);

bool matches(const Filters& filters, const Post& post);

}  // namespace gather
