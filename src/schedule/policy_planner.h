// The daemon's planner: the store's targets, credentials and audiences turned into a policy
// World (policy.h), driven by the same `gather` policy object `gather sim` runs. It owns the
// mapping between store ids and the policy's indices, which move whenever the world is rebuilt;
// fetches in flight are remembered by id so their results land on the right target even then.
#pragma once

#include <map>
#include <memory>
#include <unordered_map>

#include "schedule/fetch_planner.h"
#include "schedule/policy.h"

namespace gather {

class PolicyPlanner final : public FetchPlanner {
 public:
  explicit PolicyPlanner(ScheduleOptions options);
  ~PolicyPlanner() override;

  void sync(const ScheduleInputs& inputs, TimePoint now) override;
  std::optional<TimePoint> next_due(TimePoint now) override;
  std::vector<PlannedFetch> take_due(TimePoint now, std::size_t limit) override;
  void on_result(const PlannedFetch& fetch, const FetchReport& report, TimePoint now) override;
  bool reserve_extra(const PlannedFetch& fetch, TimePoint now) override;
  void extra_refused(const PlannedFetch& fetch, const FetchReport& report, TimePoint now) override;
  std::vector<PlannedFetch> take_riders(const PlannedFetch& lead, std::size_t limit, TimePoint now) override;
  std::optional<TimePoint> due(Id target) const override;
  std::optional<TimePoint> resting_until(const PlannedFetch& fetch) const override;
  std::size_t size() const override { return target_ids_.size(); }

  // The credentials the plan uses now (store ids), for tests and status.
  std::vector<Id> credentials_in_use() const;

 private:
  struct Sent {
    std::string credential;  // the policy's credential id ("c<id>" or "anon:<platform>")
    TimePoint at;
    int page;
  };
  void give_back_stale(TimePoint now);
  std::optional<PlannedFetch> to_planned(const policy::Fetch& f) const;
  void report(Id target, const Sent& sent, policy::FetchStatus status, const FetchReport& r, TimePoint reported_at);

  ScheduleOptions options_;
  std::unique_ptr<policy::Policy> policy_;
  bool started_ = false;
  policy::World world_;
  std::vector<Id> target_ids_;                    // policy index → store id
  std::unordered_map<Id, int> target_index_;
  std::vector<std::optional<Id>> credential_ids_;  // policy index → store id (nullopt: anonymous)
  std::unordered_map<std::string, int> credential_index_;
  std::optional<policy::Fetch> held_;  // decided for a later instant; handed out when due
  std::map<Id, Sent> out_;             // handed out, not yet reported
};

}  // namespace gather
