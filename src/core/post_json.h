// The JSON form of posts and pages: the `gather parse` contract, the jsonl sink's lines and the
// outbox payload all use it, so a post round-trips through the store unchanged.
#pragma once

#include <boost/json.hpp>

#include "core/post.h"

namespace gather {

boost::json::object to_json(const Post& post);
boost::json::object to_json(const Feed& feed);
boost::json::object to_json(const Page& page);

// Inverse of to_json(Post). Throws std::invalid_argument naming the field that is wrong.
Post post_from_json(const boost::json::value& v);

}  // namespace gather
