// The feeds platform's endpoints: /feeds/{i}, /posts/{i}/{k}, /media/{i}/{k}.jpg. Faults queued
// for a feed are applied here, because only the platform knows what "malformed" looks like.
#include <algorithm>

#include "core/time_text.h"
#include "sim/conditional.h"
#include "sim/reply.h"
#include "sim/sim_core.h"

namespace gather::sim {

namespace {

SimReply fault_status_reply(const Fault& f) {
  SimReply r;
  r.response.status = f.status;
  r.response.headers.emplace_back("Content-Type", "text/plain; charset=utf-8");
  if (f.status == 429) r.response.headers.emplace_back("Retry-After", std::to_string(f.retry_after_s));
  r.response.body = "simulated " + std::to_string(f.status) + "\n";
  return r;
}

}  // namespace

SimReply SimCore::serve_feed(const ServerRequest& req, int feed) {
  stats_.request(feed);
  FeedTimeline& tl = timeline(feed);
  int count = tl.count();
  TimePoint last_modified = count > 0 ? tl.times().back() : start_;
  std::string etag = "\"f" + std::to_string(feed) + "-" + std::to_string(count) + "\"";

  std::optional<Fault> fault = faults_.take("feed:" + std::to_string(feed));
  if (fault) stats_.fault(feed);
  if (fault && fault->kind == FaultKind::status) return fault_status_reply(*fault);
  if (fault && fault->kind == FaultKind::reset) {
    // The server interface cannot drop a connection silently; headers followed by a close
    // before any body byte is the closest a client can observe.
    SimReply r;
    r.response.body = "connection reset by the simulator\n";
    r.response.truncate_at = 0;
    return r;
  }

  SimReply r;
  r.response.headers.emplace_back("ETag", etag);
  r.response.headers.emplace_back("Last-Modified", format_http_date(last_modified));
  if (fault && fault->kind == FaultKind::slow) r.delay = fault->delay;
  // A damaged body is always a full 200: a 304 would hide the damage from the test.
  bool damaged = fault && (fault->kind == FaultKind::truncated || fault->kind == FaultKind::malformed);
  if (!damaged && not_modified(req, etag, last_modified)) {
    stats_.not_modified(feed);
    r.response.status = 304;
    return r;
  }

  FeedDoc doc;
  doc.feed = feed;
  doc.base_url = base_url_;
  doc.updated = last_modified;
  int shown = std::min(count, options_.page_size);
  for (int k = count - 1; k >= count - shown; --k) doc.posts.push_back(post_at(feed, k));
  FeedFormat format = feed_format_of(feed);
  r.response.status = 200;
  r.response.headers.emplace_back("Content-Type", std::string(feed_content_type(format)));
  r.response.body = render_feed(doc);
  if (fault && fault->kind == FaultKind::malformed) r.response.body = malform_feed(format, r.response.body);
  if (fault && fault->kind == FaultKind::truncated) r.response.truncate_at = r.response.body.size() / 2;
  return r;
}

SimReply SimCore::serve_post_page(int feed, int k) {
  if (!valid_feed(feed) || k < 0 || k >= timeline(feed).count()) return error_reply(404, "no such post");
  SimReply r;
  r.response.headers.emplace_back("Content-Type", "text/html; charset=utf-8");
  r.response.body = render_post_page(post_at(feed, k));
  return r;
}

SimReply SimCore::serve_media(int feed, int k) {
  if (!valid_feed(feed) || k < 0 || k >= timeline(feed).count() || !post_at(feed, k).image_url)
    return error_reply(404, "no such media");
  SimReply r;
  r.response.headers.emplace_back("Content-Type", "image/jpeg");
  // JPEG start/end markers only: enough for MIME sniffing, and matches length="4" in the feeds.
  r.response.body = std::string("\xFF\xD8\xFF\xD9", 4);
  return r;
}

}  // namespace gather::sim
