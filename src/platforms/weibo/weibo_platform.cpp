#include "platforms/weibo/weibo_platform.h"

#include "platforms/weibo/weibo_api.h"

namespace gather::weibo {

std::string WeiboPlatform::canonical_key(std::string_view input) const { return uid_from(input); }

HttpRequest WeiboPlatform::request_for(std::string_view key, const Validators& validators) const {
  (void)validators;
  return timeline_request(key);
}

Classified WeiboPlatform::classify(const HttpResponse& response) const { return classify_response(response); }

Page WeiboPlatform::parse(std::string_view body, std::string_view base_url) const {
  return parse_timeline(body, base_url);
}

std::optional<HttpRequest> WeiboPlatform::request_older(std::string_view key, const Page& newer) const {
  if (newer.older_cursor.empty()) return std::nullopt;
  return timeline_request(key, newer.older_cursor);
}

std::optional<HttpRequest> WeiboPlatform::detail_request(std::string_view key, const Post& post) const {
  (void)key;
  if (!post.truncated || post.id.empty()) return std::nullopt;
  return long_text_request(post.id);
}

void WeiboPlatform::complete(Post& post, std::string_view body) const { apply_long_text(post, parse_long_text(body)); }

}  // namespace gather::weibo
