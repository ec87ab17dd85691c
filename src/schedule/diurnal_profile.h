// A platform's time-of-day profile of posting, learned from every fetch of its targets: 24 hourly
// buckets of posts seen and time covered, forgotten over days. A single target posts too rarely
// to learn its own day, but a platform's people share one (they sleep at night); the profile
// lets the planner spend budget where the posts will be, and keeps a quiet night from dragging
// every target's estimate down. Times are seconds on the UTC clock (any origin at a midnight).
#pragma once

#include <array>

namespace gather::policy {

class DiurnalProfile {
 public:
  explicit DiurnalProfile(double forget_s = 3 * 86400.0, double prior_posts = 30)
      : forget_s_(forget_s), prior_posts_(prior_posts) {}

  // `posts` were published over [a, b).
  void observe(double a, double b, double posts);
  // The mean rate multiplier over [a, b): 1 is the platform's average hour; an hour with little
  // evidence stays near 1.
  double factor(double a, double b) const;

 private:
  double hour_factor(int h) const;
  template <typename F>
  static void for_each_hour(double a, double b, F&& f);  // f(hour of day, seconds in it)

  double forget_s_;
  double prior_posts_;
  std::array<double, 24> posts_{};
  std::array<double, 24> exposure_{};
  double total_posts_ = 0;
  double total_exposure_ = 0;
  double updated_ = 0;
};

}  // namespace gather::policy
