#include <array>
#include <memory>

#include "platforms/platform.h"
#include "platforms/rss/rss_platform.h"

namespace gather {
namespace {

// One line per platform. Platforms are stateless, so one shared instance each suffices.
const std::array<std::unique_ptr<const Platform>, 1>& platforms() {
  static const std::array<std::unique_ptr<const Platform>, 1> kAll{
      std::make_unique<rss::RssPlatform>(),
  };
  return kAll;
}

}  // namespace

const Platform* find_platform(std::string_view name) {
  for (const auto& p : platforms()) {
    if (p->name() == name) return p.get();
  }
  return nullptr;
}

std::vector<std::string> platform_names() {
  std::vector<std::string> names;
  for (const auto& p : platforms()) names.emplace_back(p->name());
  return names;
}

}  // namespace gather
