// Where import jobs live, so that they outlive the process: the seam between
// the job runner and its storage (a directory on a volume; Redis, so that
// every replica answers for every job, is a later backend).
#ifndef GAINSIGHT_GATEWAY_SERVER_JOBS_JOB_STORE_H_
#define GAINSIGHT_GATEWAY_SERVER_JOBS_JOB_STORE_H_

#include <memory>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "gainsight/v1/bulk.pb.h"

namespace gg {

class JobStore {
 public:
  virtual ~JobStore() = default;
  // Stores `job` under its id, replacing what was there; durable on return.
  virtual absl::Status Put(const gainsight::v1::Job& job) = 0;
  // NOT_FOUND when there is no such job.
  virtual absl::StatusOr<gainsight::v1::Job> Get(absl::string_view id) = 0;
  // Every job, in no particular order.
  virtual absl::StatusOr<std::vector<gainsight::v1::Job>> List() = 0;
  // The jobs this replica runs and resumes (their spool is on its volume).
  virtual absl::StatusOr<std::vector<gainsight::v1::Job>> ListOwn() {
    return List();
  }
};

// One file per job (`dir`/<id>.job, the serialized Job), replaced
// atomically (write, fsync, rename).
class FileJobStore : public JobStore {
 public:
  // Creates `dir` when missing.
  static absl::StatusOr<std::unique_ptr<FileJobStore>> Open(std::string dir);

  absl::Status Put(const gainsight::v1::Job& job) override;
  absl::StatusOr<gainsight::v1::Job> Get(absl::string_view id) override;
  absl::StatusOr<std::vector<gainsight::v1::Job>> List() override;

 private:
  explicit FileJobStore(std::string dir) : dir_(std::move(dir)) {}
  std::string PathOf(absl::string_view id) const;
  const std::string dir_;
};

}  // namespace gg

#endif  // GAINSIGHT_GATEWAY_SERVER_JOBS_JOB_STORE_H_
