// The HTTP fetch, step by step. Each step is a member that starts a request and hands its answer
// to the next; the job keeps itself alive through the callbacks it has outstanding.
#include <algorithm>
#include <spdlog/spdlog.h>

#include "platforms/fetch_job.h"

namespace gather {
namespace {

class HttpFetchJob : public FetchJob, public std::enable_shared_from_this<HttpFetchJob> {
 public:
  HttpFetchJob(const Platform& platform, std::vector<JobTarget> targets)
      : platform_(platform), targets_(std::move(targets)) {}

  void run(const FetchContext& context, Done done) override {
    ctx_ = &context;
    done_ = std::move(done);
    result_.targets.resize(targets_.size());
    for (std::size_t i = 0; i < targets_.size(); ++i) result_.targets[i].target_id = targets_[i].target.id;
    if (auto setup = platform_.setup_request(ctx_->now)) return fetch_setup(std::move(*setup));
    send();
  }

 private:
  // Once per rotation of what the platform needs (signing keys): fetched before this fetch,
  // which then goes on whatever the answer (unsigned, it meets risk control and rests).
  void fetch_setup(HttpRequest setup) {
    HttpRequest request = std::move(setup);
    ctx_->decorate(request);
    request.cookie.clear();  // what a platform publishes to everyone needs no session
    ctx_->transports->http().fetch(std::move(request), [self = shared_from_this()](HttpResponse r) {
      try {
        if (r.status != 200) throw ParseError("HTTP " + std::to_string(r.status) + " " + r.error);
        self->platform_.accept_setup(r.body, self->ctx_->now);
        spdlog::info("{}: refreshed what its requests need (signing keys)", self->platform_.name());
      } catch (const std::exception& e) {
        spdlog::warn("{}: cannot refresh what requests need: {}", self->platform_.name(), e.what());
      }
      self->send();
    });
  }

  void send() {
    const JobTarget& lead = targets_.front();
    std::optional<HttpRequest> request;
    if (ctx_->page > 0) {
      if (ctx_->newer) request = platform_.request_older(lead.target.key, *ctx_->newer);
      if (!request) {
        // Nothing to page back from (a restart lost the page, or the platform cannot): the
        // chain ends as if the page had nothing new.
        result_.targets.front().classified.outcome = Outcome::kNotModified;
        return finish();
      }
    } else if (targets_.size() > 1) {
      std::vector<std::string> keys;
      for (const auto& t : targets_) keys.push_back(t.target.key);
      request = platform_.batch_request(keys);
    } else {
      request = platform_.request_for(lead.target.key, Validators{lead.state.etag, lead.state.last_modified});
    }
    ctx_->decorate(*request);
    ctx_->transports->http().fetch(std::move(*request), [self = shared_from_this()](HttpResponse r) {
      self->on_response(std::move(r));
    });
  }

  // One answer for every target of the job: a page is parsed for each (a batching platform's
  // riders included); anything else is the lead's outcome and the riders were not fetched.
  void on_response(HttpResponse response) {
    Classified c = platform_.classify(response);
    if (c.outcome != Outcome::kPage) {
      result_.targets.front().classified = c;
      for (std::size_t i = 1; i < result_.targets.size(); ++i) result_.targets[i].fetched = false;
      return finish();
    }
    for (auto& t : result_.targets) t.classified = c;
    // Parsing is CPU work: off the io thread, then back to it.
    std::string base = response.effective_url.empty() ? targets_.front().target.key : response.effective_url;
    auto body = std::make_shared<std::string>(std::move(response.body));
    ctx_->off_io(
        [self = shared_from_this(), body, base] {
          for (std::size_t i = 0; i < self->targets_.size(); ++i) {
            const JobTarget& t = self->targets_[i];
            TargetOutcome& out = self->result_.targets[i];
            out.platform_state = t.state.platform_state;
            try {
              out.page = self->platform_.parse_target(*body, base, t.target.key,
                                                      out.platform_state, self->ctx_->now);
            } catch (const std::exception& e) {
              out.classified = Classified{Outcome::kFailed, std::string("parse: ") + e.what(), std::nullopt, {}};
              out.page.reset();
            }
          }
        },
        [self = shared_from_this()] { self->complete_truncated(); });
  }

  // A subscriber should get a post whole, not the platform's "…全文" stub: before the page is
  // stored, the posts new to this audience that the platform cut short are completed, one detail
  // request each, within the credential's budget. What the budget cannot cover stays truncated
  // (and says so).
  void complete_truncated() {
    const JobTarget& lead = targets_.front();
    TargetOutcome& out = result_.targets.front();
    if (!out.page || !lead.state.initialized || !ctx_->complete_truncated || targets_.size() > 1) return finish();
    std::vector<std::string> ids;
    std::vector<std::size_t> index;
    for (std::size_t i = 0; i < out.page->posts.size(); ++i)
      if (out.page->posts[i].truncated && platform_.detail_request(lead.target.key, out.page->posts[i])) {
        ids.push_back(out.page->posts[i].id);
        index.push_back(i);
      }
    if (ids.empty()) return finish();
    std::vector<std::string> fresh;
    try {
      fresh = ctx_->unseen(lead.target.id, ids);
    } catch (const std::exception& e) {
      spdlog::warn("target {}: cannot tell which posts are new ({}); no whole texts fetched", lead.target.id,
                   e.what());
    }
    for (std::size_t k = 0; k < ids.size(); ++k)
      if (std::find(fresh.begin(), fresh.end(), ids[k]) != fresh.end()) wanted_.push_back(index[k]);
    next_detail();
  }

  void next_detail() {
    const JobTarget& lead = targets_.front();
    Page& page = *result_.targets.front().page;
    while (next_ < wanted_.size()) {
      const std::size_t i = wanted_[next_++];
      auto request = platform_.detail_request(lead.target.key, page.posts[i]);
      if (!request) continue;
      if (!ctx_->reserve_extra()) break;  // no budget left now
      ctx_->decorate(*request);
      ctx_->transports->http().fetch(std::move(*request), [self = shared_from_this(), i](HttpResponse r) {
        self->on_detail(i, r);
      });
      return;
    }
    finish();
  }

  void on_detail(std::size_t i, const HttpResponse& r) {
    Classified c = platform_.classify(r);
    Post& post = result_.targets.front().page->posts[i];
    if (c.outcome == Outcome::kPage) {
      try {
        platform_.complete(post, r.body);
      } catch (const std::exception& e) {
        spdlog::warn("target {}: whole text of {}: {}", targets_.front().target.id, post.id, e.what());
      }
    } else if (c.outcome == Outcome::kSlowDown || c.outcome == Outcome::kLoggedOut) {
      // Risk control answered the detail request: the credential rests (or is gone) like after
      // a refused fetch, and nothing more is asked of it for this page.
      result_.extra_refused = c;
      next_ = wanted_.size();
    } else {
      spdlog::warn("target {}: whole text of {}: {}", targets_.front().target.id, post.id, c.reason);
    }
    next_detail();
  }

  void finish() {
    if (done_) std::exchange(done_, nullptr)(std::move(result_));
  }

  const Platform& platform_;
  std::vector<JobTarget> targets_;
  const FetchContext* ctx_ = nullptr;
  Done done_;
  JobResult result_;
  std::vector<std::size_t> wanted_;  // indices of the lead's posts to complete
  std::size_t next_ = 0;
};

// The job object the conveyor holds: it owns the shared state, so callbacks outstanding after
// the caller's handle went away still find it alive.
}  // namespace

std::unique_ptr<FetchJob> make_http_job(const Platform& platform, std::vector<JobTarget> targets) {
  return share_job(std::make_shared<HttpFetchJob>(platform, std::move(targets)));
}

}  // namespace gather
