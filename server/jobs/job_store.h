// Where import jobs live, so that they outlive the process and any replica
// can finish them: the seam between the job runner and its storage. A job is
// held by one replica at a time through a lease (expiry and renewal); its
// state can only be written by the lease's holder, so a replica that lost
// its lease cannot overwrite what the new holder stored.
#ifndef GAINSIGHT_GATEWAY_SERVER_JOBS_JOB_STORE_H_
#define GAINSIGHT_GATEWAY_SERVER_JOBS_JOB_STORE_H_

#include <memory>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/time/time.h"
#include "gainsight/v1/bulk.pb.h"

namespace gg {

// What renewing a lease found.
struct LeaseRenewal {
  bool held = false;  // still the holder (false: lapsed or taken)
  // CancelJob was called on some replica (RequestCancel).
  bool cancel_requested = false;
};

class JobStore {
 public:
  virtual ~JobStore() = default;

  // Stores `job` under its id, replacing what was there; durable on return.
  // With a non-empty `holder`, only while `holder` holds the job's lease
  // (FAILED_PRECONDITION otherwise, nothing written). A terminal job also
  // gives its lease up, and is kept for the retention time, then forgotten.
  virtual absl::Status Put(const gainsight::v1::Job& job,
                           absl::string_view holder) = 0;
  // NOT_FOUND when there is no such job.
  virtual absl::StatusOr<gainsight::v1::Job> Get(absl::string_view id) = 0;
  // Every job, in no particular order.
  virtual absl::StatusOr<std::vector<gainsight::v1::Job>> List() = 0;
  // Ids of the jobs that are not terminal.
  virtual absl::StatusOr<std::vector<std::string>> UnfinishedIds() = 0;

  // Takes the job's lease for `holder` for `ttl` when nobody (or `holder`)
  // holds it; false when another holder does.
  virtual absl::StatusOr<bool> AcquireLease(absl::string_view id,
                                            absl::string_view holder,
                                            absl::Duration ttl) = 0;
  // Extends `holder`'s lease by `ttl`, if it still holds it.
  virtual absl::StatusOr<LeaseRenewal> RenewLease(absl::string_view id,
                                                  absl::string_view holder,
                                                  absl::Duration ttl) = 0;
  virtual absl::Status ReleaseLease(absl::string_view id,
                                    absl::string_view holder) = 0;
  // The lease's holder, "" when none.
  virtual absl::StatusOr<std::string> LeaseHolder(absl::string_view id) = 0;
  // Asks the job's holder (now or next) to cancel it.
  virtual absl::Status RequestCancel(absl::string_view id) = 0;

  // The rows of a part kept in the store by a replica that stopped (its
  // spool directory was its own). UNIMPLEMENTED where the store cannot.
  virtual absl::Status SavePartRows(absl::string_view id, int part,
                                    const std::string& csv) = 0;
  virtual absl::StatusOr<std::string> LoadPartRows(absl::string_view id,
                                                   int part) = 0;
  virtual void DropPartRows(absl::string_view id, int parts) = 0;

  // Forgets ended jobs older than the retention time (`now` is the caller's
  // clock); stores that expire records themselves do nothing.
  virtual void ForgetExpired(absl::Time now) = 0;
  // Whether several replicas share it (so takeovers can happen).
  virtual bool shared() const = 0;
};

// One file per job (`dir`/<id>.job, the serialized Job), replaced
// atomically (write, fsync, rename). For one replica: leases and cancel
// requests live in this process.
class FileJobStore : public JobStore {
 public:
  // Creates `dir` when missing. Ended jobs are forgotten `retention` after
  // they end (ForgetExpired).
  static absl::StatusOr<std::unique_ptr<FileJobStore>> Open(
      std::string dir, absl::Duration retention);
  ~FileJobStore() override;

  absl::Status Put(const gainsight::v1::Job& job,
                   absl::string_view holder) override;
  absl::StatusOr<gainsight::v1::Job> Get(absl::string_view id) override;
  absl::StatusOr<std::vector<gainsight::v1::Job>> List() override;
  absl::StatusOr<std::vector<std::string>> UnfinishedIds() override;
  absl::StatusOr<bool> AcquireLease(absl::string_view id,
                                    absl::string_view holder,
                                    absl::Duration ttl) override;
  absl::StatusOr<LeaseRenewal> RenewLease(absl::string_view id,
                                          absl::string_view holder,
                                          absl::Duration ttl) override;
  absl::Status ReleaseLease(absl::string_view id,
                            absl::string_view holder) override;
  absl::StatusOr<std::string> LeaseHolder(absl::string_view id) override;
  absl::Status RequestCancel(absl::string_view id) override;
  absl::Status SavePartRows(absl::string_view id, int part,
                            const std::string& csv) override;
  absl::StatusOr<std::string> LoadPartRows(absl::string_view id,
                                           int part) override;
  void DropPartRows(absl::string_view id, int parts) override;
  void ForgetExpired(absl::Time now) override;
  bool shared() const override { return false; }

 private:
  FileJobStore(std::string dir, absl::Duration retention);
  std::string PathOf(absl::string_view id) const;
  struct Local;
  const std::string dir_;
  const absl::Duration retention_;
  std::unique_ptr<Local> local_;
};

}  // namespace gg

#endif  // GAINSIGHT_GATEWAY_SERVER_JOBS_JOB_STORE_H_
