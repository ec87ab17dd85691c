// One planned fetch as an object: the platform turns (targets, credential, page) into a job that
// runs its own steps — a setup request, the list, details of what is new, pages back, or a
// TDLib history read — over the transports it is handed, and answers once with an outcome (and
// a page) per target. The conveyor only hands jobs out and books what comes back, so a new
// transport or a platform with new steps never makes it grow.
#pragma once

#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/post.h"
#include "core/records.h"
#include "core/transport.h"
#include "net/http_client.h"
#include "platforms/platform.h"

namespace gather {

class Transports {
 public:
  explicit Transports(HttpClient& http) : http_(http) {}
  HttpClient& http() const { return http_; }
  void add(std::string name, Transport& transport) { others_[std::move(name)] = &transport; }
  // nullptr when nothing of that name and type is registered (TDLib not installed, say).
  template <class T>
  T* find(std::string_view name) const {
    auto it = others_.find(name);
    return it == others_.end() ? nullptr : dynamic_cast<T*>(it->second);
  }

 private:
  HttpClient& http_;
  std::map<std::string, Transport*, std::less<>> others_;
};

// A target as the job sees it: its record and what its last fetch left.
struct JobTarget {
  Target target;
  FetchState state;
};

// What the conveyor gives a job. Everything here outlives the job's run (until it answers).
struct FetchContext {
  const Transports* transports = nullptr;
  // The credential to fetch with; nullptr means the platform's anonymous access.
  const Credential* credential = nullptr;
  // 0: the newest page. k > 0: the page just older than `newer` (the page k-1 returned).
  int page = 0;
  const Page* newer = nullptr;
  // The settings every HTTP request carries (user agent, proxy, timeout, body cap) and the
  // credential's cookie.
  std::function<void(HttpRequest&)> decorate;
  // One more request now with this fetch's credential, beyond the planned one (a truncated post's
  // whole text): true and counted when its budget has room.
  std::function<bool()> reserve_extra;
  // Which of these post ids of `target` this fetch's audience has not seen (read-only).
  std::function<std::vector<std::string>(Id target, const std::vector<std::string>& ids)> unseen;
  // Runs `work` on the worker pool (CPU: parsing), then `then` back on the io thread.
  std::function<void(std::function<void()> work, std::function<void()> then)> off_io;
  // Whether posts cut short may be completed with extra requests (not in a one-shot round).
  bool complete_truncated = true;
  TimePoint now{};
};

// How one target's part of the job went.
struct TargetOutcome {
  Id target_id = 0;
  // False for a target that rode along in a request whose answer was not a page: it was not
  // fetched and goes back to its own time.
  bool fetched = true;
  Classified classified;     // kPage: `page` is set (and `platform_state` is what it left)
  std::optional<Page> page;  // posts, newest first
  std::string platform_state;
};

struct JobResult {
  std::vector<TargetOutcome> targets;  // the lead first, in the order the job was given
  // Risk control answered one of the extra requests (kSlowDown / kLoggedOut): the credential
  // rests or is gone, whatever the outcome of the fetch itself.
  std::optional<Classified> extra_refused;
};

class FetchJob {
 public:
  using Done = std::function<void(JobResult)>;
  virtual ~FetchJob() = default;
  // Starts the job and returns; `done` runs exactly once, on the io thread. The caller keeps the
  // job alive until then.
  virtual void run(const FetchContext& context, Done done) = 0;
};

// A job that keeps itself alive through its callbacks (enable_shared_from_this), behind the
// unique_ptr the conveyor holds.
template <class Job>
std::unique_ptr<FetchJob> share_job(std::shared_ptr<Job> job) {
  class Shared final : public FetchJob {
   public:
    explicit Shared(std::shared_ptr<Job> j) : job_(std::move(j)) {}
    void run(const FetchContext& context, Done done) override { job_->run(context, std::move(done)); }

   private:
    std::shared_ptr<Job> job_;
  };
  return std::make_unique<Shared>(std::move(job));
}

// The steps of a fetch over plain HTTP, driven by the Platform's request/classify/parse hooks:
// setup (signing keys) when the platform asks, one request for the lead and its riders (a
// batching platform), parse on the worker pool, then whole texts of new truncated posts. What
// every HTTP platform does unless it brings a job of its own.
std::unique_ptr<FetchJob> make_http_job(const Platform& platform, std::vector<JobTarget> targets);

}  // namespace gather
