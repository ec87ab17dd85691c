// The telegram platform's endpoint, GET /s/{NAME}: a channel's public web preview (see
// telegram_format.h), behind t.me's anonymous rate limit.
#include <algorithm>

#include "sim/reply.h"
#include "sim/sim_core.h"
#include "sim/telegram_format.h"

namespace gather::sim {

SimReply SimCore::serve_telegram(const ServerRequest& req, std::string_view name) {
  // The budget belongs to the caller's address, so every /s/ request counts, whatever channel.
  const SlidingWindow::Verdict verdict = telegram_budget_.admit(clock_.now());
  if (!verdict.admitted) {
    SimReply r;
    r.response.status = 429;
    r.response.headers.emplace_back("Content-Type", "text/plain; charset=utf-8");
    r.response.headers.emplace_back("Retry-After", std::to_string(verdict.retry_after.count()));
    r.response.body = "Too Many Requests: retry after " + std::to_string(verdict.retry_after.count()) + "\n";
    return r;
  }

  const std::optional<int> feed = telegram_channel_feed(name, options_.feeds);
  if (!feed) {
    // What t.me does for a name without a public preview: send the browser to its card.
    SimReply r;
    r.response.status = 302;
    r.response.headers.emplace_back("Location", base_url_ + "/" + std::string(name));
    return r;
  }

  const long long before = int_param(req, "before", 0);  // 0: the newest page
  if (before < 0) throw BadRequest("before must be a message id, not negative");
  const int count = timeline(*feed).count();
  // Message id = post index + 1; the page shows ids < before, the newest kTelegramPageSize.
  const int end = before > 0 ? static_cast<int>(std::min<long long>(count, before - 1)) : count;
  const int first = std::max(0, end - kTelegramPageSize);

  ChannelPage page;
  page.feed = *feed;
  // post_at, as the feed shows it: the ground truth (/_sim/posts) then holds for the channel too.
  for (int k = first; k < end; ++k) page.posts.push_back(post_at(*feed, k));
  if (first > 0) page.older_before = first + 1;

  SimReply r;
  r.response.status = 200;
  r.response.headers.emplace_back("Content-Type", "text/html; charset=utf-8");
  r.response.body = render_channel_page(page);
  return r;
}

}  // namespace gather::sim
