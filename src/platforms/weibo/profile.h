// A Weibo account (a `user` or `userInfo` object) as the Feed of its target.
#pragma once

#include "core/post.h"
#include "platforms/weibo/json_fields.h"

namespace gather::weibo {

// title = screen_name, link = https://weibo.com/u/{id}, description, image = avatar_hd (the
// largest) or profile_image_url.
Feed read_user(const json::object& user);

}  // namespace gather::weibo
