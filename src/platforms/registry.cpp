#include <array>
#include <map>
#include <mutex>
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

namespace {
struct BaseUrls {
  std::mutex mutex;
  std::map<std::string, std::string, std::less<>> urls;
};
BaseUrls& base_urls() {
  static BaseUrls b;
  return b;
}
}  // namespace

void set_platform_base_url(std::string_view platform, std::string base_url) {
  while (!base_url.empty() && base_url.back() == '/') base_url.pop_back();
  auto& b = base_urls();
  std::lock_guard lock(b.mutex);
  b.urls[std::string(platform)] = std::move(base_url);
}

std::string platform_base_url(std::string_view platform, std::string_view real) {
  auto& b = base_urls();
  std::lock_guard lock(b.mutex);
  auto it = b.urls.find(platform);
  return it != b.urls.end() ? it->second : std::string(real);
}

std::vector<std::string> platform_names() {
  std::vector<std::string> names;
  for (const auto& p : platforms()) names.emplace_back(p->name());
  return names;
}

}  // namespace gather
