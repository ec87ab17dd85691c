#include "platforms/weibo/profile.h"

#include "platforms/weibo/weibo_api.h"

namespace gather::weibo {

Feed read_user(const json::object& user) {
  Feed feed;
  feed.title = field_text(user, "screen_name");
  feed.description = field_text(user, "description");
  feed.image = field_text(user, "avatar_hd");
  if (feed.image.empty()) feed.image = field_text(user, "profile_image_url");
  const std::string uid = field_text(user, "id");
  if (!uid.empty()) feed.link = "https://weibo.com/u/" + uid;
  return feed;
}

Feed parse_profile(std::string_view body) {
  const json::object root = parse_object(body);
  const json::object* data = field_object(root, "data");
  const json::object* user = data ? field_object(*data, "userInfo") : nullptr;
  if (!user) {
    const std::string msg = field_text(root, "msg");
    throw ParseError("no data.userInfo: not a Weibo profile response" + (msg.empty() ? "" : " (msg: " + msg + ")"));
  }
  return read_user(*user);
}

}  // namespace gather::weibo
