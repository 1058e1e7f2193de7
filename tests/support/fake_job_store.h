// An in-memory JobStore for unit tests of the job runner: leases expire by a
// FakeClock, and the test can take a lease away, make writes fail, and read
// every version that was stored. Shared by several runners as Redis is.
#ifndef GAINSIGHT_GATEWAY_TESTS_SUPPORT_FAKE_JOB_STORE_H_
#define GAINSIGHT_GATEWAY_TESTS_SUPPORT_FAKE_JOB_STORE_H_

#include <map>
#include <string>
#include <utility>
#include <vector>

#include "absl/base/thread_annotations.h"
#include "absl/synchronization/mutex.h"
#include "common/clock.h"
#include "jobs/job_state.h"
#include "jobs/job_store.h"

namespace gg::testing {

class FakeJobStore : public JobStore {
 public:
  explicit FakeJobStore(const Clock* clock) : clock_(clock) {}

  absl::Status Put(const gainsight::v1::Job& job,
                   absl::string_view holder) override {
    absl::MutexLock lock(&mu_);
    if (passing_puts_ > 0) {
      passing_puts_--;
    } else if (failing_puts_ > 0) {
      failing_puts_--;
      return absl::UnavailableError("job store: injected failure");
    }
    if (!holder.empty() && HolderLocked(job.id()) != holder) {
      return absl::FailedPreconditionError("the lease is not held");
    }
    jobs_[job.id()] = job;
    history_[job.id()].push_back(job);
    if (IsTerminal(job.state())) {
      leases_.erase(job.id());
      cancels_.erase(job.id());
    }
    return absl::OkStatus();
  }
  absl::StatusOr<gainsight::v1::Job> Get(absl::string_view id) override {
    absl::MutexLock lock(&mu_);
    auto it = jobs_.find(std::string(id));
    if (it == jobs_.end()) return absl::NotFoundError("no such job");
    return it->second;
  }
  absl::StatusOr<std::vector<gainsight::v1::Job>> List() override {
    absl::MutexLock lock(&mu_);
    std::vector<gainsight::v1::Job> out;
    for (const auto& [id, job] : jobs_) out.push_back(job);
    return out;
  }
  absl::StatusOr<std::vector<std::string>> UnfinishedIds() override {
    absl::MutexLock lock(&mu_);
    std::vector<std::string> out;
    for (const auto& [id, job] : jobs_) {
      if (!IsTerminal(job.state())) out.push_back(id);
    }
    return out;
  }
  absl::StatusOr<bool> AcquireLease(absl::string_view id,
                                    absl::string_view holder,
                                    absl::Duration ttl) override {
    absl::MutexLock lock(&mu_);
    const std::string current = HolderLocked(id);
    if (!current.empty() && current != holder) return false;
    leases_[std::string(id)] = {std::string(holder), clock_->Now() + ttl};
    acquisitions_[std::string(id)]++;
    return true;
  }
  absl::StatusOr<LeaseRenewal> RenewLease(absl::string_view id,
                                          absl::string_view holder,
                                          absl::Duration ttl) override {
    absl::MutexLock lock(&mu_);
    if (failing_renewals_ > 0) {
      failing_renewals_--;
      return absl::UnavailableError("job store: injected renewal failure");
    }
    LeaseRenewal renewal;
    if (HolderLocked(id) != holder) return renewal;
    leases_[std::string(id)].second = clock_->Now() + ttl;
    renewal.held = true;
    renewal.cancel_requested = cancels_.count(std::string(id)) > 0;
    return renewal;
  }
  absl::Status ReleaseLease(absl::string_view id,
                            absl::string_view holder) override {
    absl::MutexLock lock(&mu_);
    if (HolderLocked(id) == holder) leases_.erase(std::string(id));
    return absl::OkStatus();
  }
  absl::StatusOr<std::string> LeaseHolder(absl::string_view id) override {
    absl::MutexLock lock(&mu_);
    return HolderLocked(id);
  }
  absl::Status RequestCancel(absl::string_view id) override {
    absl::MutexLock lock(&mu_);
    cancels_[std::string(id)] = true;
    return absl::OkStatus();
  }
  absl::Status SavePartRows(absl::string_view id, int part,
                            const std::string& csv) override {
    absl::MutexLock lock(&mu_);
    rows_[{std::string(id), part}] = csv;
    return absl::OkStatus();
  }
  absl::StatusOr<std::string> LoadPartRows(absl::string_view id,
                                           int part) override {
    absl::MutexLock lock(&mu_);
    auto it = rows_.find({std::string(id), part});
    if (it == rows_.end()) return absl::NotFoundError("no rows");
    return it->second;
  }
  void DropPartRows(absl::string_view id, int parts) override {
    absl::MutexLock lock(&mu_);
    for (int i = 0; i < parts; ++i) rows_.erase({std::string(id), i});
  }
  void ForgetExpired(absl::Time) override {}
  bool shared() const override { return true; }

  // Test controls.
  void SetLeaseHolder(const std::string& id, const std::string& holder,
                      absl::Duration ttl) {
    absl::MutexLock lock(&mu_);
    leases_[id] = {holder, clock_->Now() + ttl};
  }
  void FailNextPuts(int n) { FailPuts(0, n); }
  // After `skip` more puts succeed, the next `count` fail.
  void FailPuts(int skip, int count) {
    absl::MutexLock lock(&mu_);
    passing_puts_ = skip;
    failing_puts_ = count;
  }
  void FailNextRenewals(int n) {
    absl::MutexLock lock(&mu_);
    failing_renewals_ = n;
  }
  // How often a lease on `id` was acquired (a job taken up again counts).
  int Acquisitions(const std::string& id) {
    absl::MutexLock lock(&mu_);
    return acquisitions_[id];
  }
  int failing_renewals() {
    absl::MutexLock lock(&mu_);
    return failing_renewals_;
  }
  void Seed(const gainsight::v1::Job& job) {
    absl::MutexLock lock(&mu_);
    jobs_[job.id()] = job;
  }
  std::vector<gainsight::v1::Job> History(const std::string& id) {
    absl::MutexLock lock(&mu_);
    return history_[id];
  }
  bool HasRows(const std::string& id, int part) {
    absl::MutexLock lock(&mu_);
    return rows_.count({id, part}) > 0;
  }

 private:
  std::string HolderLocked(absl::string_view id)
      ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_) {
    auto it = leases_.find(std::string(id));
    if (it == leases_.end() || it->second.second <= clock_->Now()) return "";
    return it->second.first;
  }

  const Clock* const clock_;
  absl::Mutex mu_;
  std::map<std::string, gainsight::v1::Job> jobs_ ABSL_GUARDED_BY(mu_);
  std::map<std::string, std::vector<gainsight::v1::Job>> history_
      ABSL_GUARDED_BY(mu_);
  std::map<std::string, std::pair<std::string, absl::Time>> leases_
      ABSL_GUARDED_BY(mu_);
  std::map<std::string, bool> cancels_ ABSL_GUARDED_BY(mu_);
  std::map<std::pair<std::string, int>, std::string> rows_ ABSL_GUARDED_BY(mu_);
  int passing_puts_ ABSL_GUARDED_BY(mu_) = 0;
  int failing_puts_ ABSL_GUARDED_BY(mu_) = 0;
  int failing_renewals_ ABSL_GUARDED_BY(mu_) = 0;
  std::map<std::string, int> acquisitions_ ABSL_GUARDED_BY(mu_);
};

}  // namespace gg::testing

#endif  // GAINSIGHT_GATEWAY_TESTS_SUPPORT_FAKE_JOB_STORE_H_
