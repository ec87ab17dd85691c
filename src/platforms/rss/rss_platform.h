// The `rss` platform: any RSS/Atom/JSON Feed URL, fetched with conditional GET.
#pragma once

#include "platforms/platform.h"

namespace gather::rss {

class RssPlatform final : public Platform {
 public:
  std::string_view name() const override { return "rss"; }
  // The URL normalised (scheme and host lower-cased, fragment dropped); only http(s).
  std::string canonical_key(std::string_view input) const override;
  HttpRequest request_for(std::string_view key, const Validators& validators) const override;
  Classified classify(const HttpResponse& response) const override;
  Page parse(std::string_view body, std::string_view base_url) const override;
};

}  // namespace gather::rss
