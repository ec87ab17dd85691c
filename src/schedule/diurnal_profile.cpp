#include "schedule/diurnal_profile.h"

#include <algorithm>
#include <cmath>

namespace gather::policy {

namespace {
constexpr double kHour = 3600;
constexpr double kDay = 86400;
// Longer spans are spread evenly over the day: every hour got its share of them anyway.
constexpr int kMaxPieces = 48;
}  // namespace

template <typename F>
void DiurnalProfile::for_each_hour(double a, double b, F&& f) {
  double x = a;
  for (int i = 0; x < b && i < kMaxPieces; ++i) {
    const double end = std::min(b, (std::floor(x / kHour) + 1) * kHour);
    const int h = static_cast<int>(std::fmod(std::floor(x / kHour), 24.0) + 24) % 24;
    f(h, end - x);
    x = end;
  }
  if (x < b)
    for (int h = 0; h < 24; ++h) f(h, (b - x) / 24);
}

void DiurnalProfile::observe(double a, double b, double posts) {
  if (!(b > a) || !(posts >= 0)) return;
  if (b > updated_) {
    const double decay = std::exp(-(b - updated_) / forget_s_);
    for (int h = 0; h < 24; ++h) {
      posts_[h] *= decay;
      exposure_[h] *= decay;
    }
    total_posts_ *= decay;
    total_exposure_ *= decay;
    updated_ = b;
  }
  const double span = b - a;
  for_each_hour(a, b, [&](int h, double seconds) {
    exposure_[h] += seconds;
    posts_[h] += posts * seconds / span;
  });
  total_posts_ += posts;
  total_exposure_ += span;
}

double DiurnalProfile::hour_factor(int h) const {
  if (total_exposure_ <= 0 || total_posts_ <= 0) return 1;
  const double average = total_posts_ / total_exposure_;
  // Observed over expected at the average rate, both padded with prior_posts of the average.
  const double f = (posts_[h] + prior_posts_) / (exposure_[h] * average + prior_posts_);
  return std::clamp(f, 0.1, 10.0);
}

double DiurnalProfile::factor(double a, double b) const {
  if (!(b > a)) return hour_factor(static_cast<int>(std::fmod(std::floor(a / kHour), 24.0) + 24) % 24);
  if (b - a >= kDay) return 1;
  double weighted = 0;
  for_each_hour(a, b, [&](int h, double seconds) { weighted += hour_factor(h) * seconds; });
  return weighted / (b - a);
}

}  // namespace gather::policy
