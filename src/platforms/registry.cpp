#include <map>
#include <mutex>
#include <memory>
#include <vector>

#include "platforms/bilibili/bilibili_platform.h"
#include "platforms/bilibili/live_platform.h"
#include "platforms/platform.h"
#include "platforms/rss/rss_platform.h"
#include "platforms/telegram/telegram_platform.h"
#include "platforms/telegram_tdlib/tdlib_platform.h"
#include "platforms/weibo/weibo_platform.h"

namespace gather {
namespace {

// One line per platform. One shared instance each: platforms keep no per-target state (a
// platform may cache something of its own, like Bilibili's signing keys, behind a lock).
const std::vector<std::unique_ptr<const Platform>>& platforms() {
  static const auto kAll = [] {
    std::vector<std::unique_ptr<const Platform>> all;
    all.push_back(std::make_unique<rss::RssPlatform>());
    all.push_back(std::make_unique<weibo::WeiboPlatform>());
    all.push_back(std::make_unique<bilibili::BilibiliPlatform>());
    all.push_back(std::make_unique<bilibili::BilibiliLivePlatform>());
    all.push_back(std::make_unique<telegram::TelegramPlatform>());
    all.push_back(std::make_unique<telegram_tdlib::TelegramTdlibPlatform>());
    return all;
  }();
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
