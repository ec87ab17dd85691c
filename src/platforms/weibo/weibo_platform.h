// The `weibo` platform: an account's timeline on m.weibo.cn, keyed by uid (see weibo_api.h for
// the endpoints and the post conventions).
#pragma once

#include "platforms/platform.h"

namespace gather::weibo {

class WeiboPlatform final : public Platform {
 public:
  std::string_view name() const override { return "weibo"; }
  // The uid (digits) from a uid or a profile URL.
  std::string canonical_key(std::string_view input) const override;
  // The timeline; Weibo sends no validators, so they are not used.
  HttpRequest request_for(std::string_view key, const Validators& validators) const override;
  Classified classify(const HttpResponse& response) const override;
  Page parse(std::string_view body, std::string_view base_url) const override;
  bool pages_back() const override { return true; }
  bool sessions_see_more() const override { return true; }  // fans-only / charge-only posts
  // The timeline after `newer.older_cursor` (since_id); nullopt without one (the last page).
  std::optional<HttpRequest> request_older(std::string_view key, const Page& newer) const override;
  // statuses/extend for the post's mid; complete() puts the whole text in.
  std::optional<HttpRequest> detail_request(std::string_view key, const Post& post) const override;
  void complete(Post& post, std::string_view body) const override;
};

}  // namespace gather::weibo
