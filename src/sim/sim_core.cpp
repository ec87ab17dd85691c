#include "sim/sim_core.h"

#include <stdexcept>

namespace gather::sim {

SimCore::SimCore(SimOptions options, const Clock& clock, ManualClock* manual)
    : options_(std::move(options)),
      clock_(clock),
      manual_(manual),
      start_(clock.now()),
      telegram_budget_(options_.telegram_limit, std::chrono::seconds{options_.telegram_window_s}),
      weibo_cookies_(options_.weibo_anon_limit, std::chrono::seconds{options_.weibo_anon_window_s},
                     std::chrono::seconds{options_.weibo_ban_s}),
      bilibili_pools_(options_.bilibili_anon_limit, std::chrono::seconds{options_.bilibili_anon_window_s},
                      std::chrono::seconds{options_.bilibili_ban_s}),
      tdsim_(start_, options_.feeds, options_.tg_download_bytes_per_s) {
  if (options_.feeds < 0) throw std::invalid_argument("feeds must be >= 0");
  if (options_.telegram_window_s < 1) throw std::invalid_argument("telegram_window_s must be >= 1");
  if (options_.weibo_anon_window_s < 1) throw std::invalid_argument("weibo_anon_window_s must be >= 1");
  if (options_.weibo_ban_s < 0) throw std::invalid_argument("weibo_ban_s must be >= 0");
  if (options_.bilibili_anon_window_s < 1 || options_.bilibili_ban_s < 0) {
    throw std::invalid_argument("bilibili_anon_window_s must be >= 1 and bilibili_ban_s >= 0");
  }
  if (options_.page_size < 1) throw std::invalid_argument("page_size must be >= 1");
  base_url_ = "http://" + options_.address + ":" + std::to_string(options_.port);
  timelines_.reserve(static_cast<std::size_t>(options_.feeds));
  for (int i = 0; i < options_.feeds; ++i) {
    timelines_.emplace_back(options_.seed, i, sim::feed_rate_per_hour(options_.seed, i, options_.rate_per_hour), start_);
  }
}

void SimCore::set_base_url(std::string url) {
  std::lock_guard lock(mu_);
  while (!url.empty() && url.back() == '/') url.pop_back();
  base_url_ = std::move(url);
}

std::string SimCore::base_url() const {
  std::lock_guard lock(mu_);
  return base_url_;
}

FeedTimeline& SimCore::timeline(int feed) {
  FeedTimeline& t = timelines_.at(static_cast<std::size_t>(feed));
  t.catch_up(clock_.now());
  return t;
}

SimPost SimCore::post_at(int feed, int k) const {
  SimPost p = make_post(options_.seed, feed, k, timelines_[static_cast<std::size_t>(feed)].times()[static_cast<std::size_t>(k)], base_url_);
  fit_to_format(p);
  return p;
}

std::vector<SimPost> SimCore::posts_locked(std::optional<int> feed) {
  std::vector<SimPost> out;
  int first = feed ? *feed : 0;
  int last = feed ? *feed + 1 : options_.feeds;
  for (int i = first; i < last; ++i) {
    if (!valid_feed(i)) continue;
    int n = timeline(i).count();
    for (int k = 0; k < n; ++k) out.push_back(post_at(i, k));
  }
  return out;
}

std::vector<std::string> SimCore::publish_locked(int feed, int n) {
  std::vector<std::string> ids;
  if (!valid_feed(feed) || n <= 0) return ids;
  int first = timelines_[static_cast<std::size_t>(feed)].publish(clock_.now(), n);
  for (int k = first; k < first + n; ++k) ids.push_back(post_at(feed, k).id);
  return ids;
}

std::vector<SimPost> SimCore::posts(std::optional<int> feed) {
  std::lock_guard lock(mu_);
  return posts_locked(feed);
}

int SimCore::post_count(int feed) {
  std::lock_guard lock(mu_);
  return valid_feed(feed) ? timeline(feed).count() : 0;
}

std::vector<std::string> SimCore::publish(int feed, int n) {
  std::lock_guard lock(mu_);
  return publish_locked(feed, n);
}

bool SimCore::advance(std::chrono::nanoseconds d) {
  if (!manual_) return false;
  manual_->advance(d);  // ManualClock is atomic; no lock needed
  return true;
}

double SimCore::feed_rate_per_hour(int feed) const {
  return valid_feed(feed) ? timelines_[static_cast<std::size_t>(feed)].rate_per_hour() : 0.0;
}

void SimCore::add_fault(const std::string& key, const Fault& fault, int count) {
  std::lock_guard lock(mu_);
  faults_.add(key, fault, count);
}

void SimCore::clear_faults() {
  std::lock_guard lock(mu_);
  faults_.clear();
}

RequestStats SimCore::stats() const {
  std::lock_guard lock(mu_);
  return stats_;
}

std::vector<HookDelivery> SimCore::hook_deliveries(const std::string& name) const {
  std::lock_guard lock(mu_);
  return hooks_.deliveries(name);
}

}  // namespace gather::sim
