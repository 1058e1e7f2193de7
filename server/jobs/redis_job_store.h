// Job state in Redis, so that every replica answers for every job: one key
// per job (the serialized Job), a sorted set of job ids by creation time, and
// a hash naming the replica that runs each job (its spool is on that
// replica's volume, so only it resumes the job).
#ifndef GAINSIGHT_GATEWAY_SERVER_JOBS_REDIS_JOB_STORE_H_
#define GAINSIGHT_GATEWAY_SERVER_JOBS_REDIS_JOB_STORE_H_

#include <string>
#include <vector>

#include "absl/base/thread_annotations.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/time.h"
#include "common/redis_connection.h"
#include "jobs/job_store.h"

struct redisContext;
struct redisReply;

namespace gg {

class RedisJobStore : public JobStore {
 public:
  struct Options {
    RedisAddress address;
    std::string key_prefix = "gainsight-gateway";
    // The replica this process is (jobs it stores are its own).
    std::string replica_id;
    absl::Duration timeout = absl::Seconds(1);
  };
  explicit RedisJobStore(Options options);
  ~RedisJobStore() override;

  absl::Status Put(const gainsight::v1::Job& job) override;
  absl::StatusOr<gainsight::v1::Job> Get(absl::string_view id) override;
  absl::StatusOr<std::vector<gainsight::v1::Job>> List() override;
  absl::StatusOr<std::vector<gainsight::v1::Job>> ListOwn() override;

 private:
  // Runs one command; the reply (caller frees) or UNAVAILABLE.
  absl::StatusOr<redisReply*> Command(const std::vector<std::string>& argv);
  absl::StatusOr<redisReply*> CommandLocked(
      const std::vector<std::string>& argv) ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_);
  absl::Status ConnectLocked() ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_);
  std::string JobKey(absl::string_view id) const;
  absl::StatusOr<std::vector<gainsight::v1::Job>> Load(
      const std::vector<std::string>& ids);

  const Options options_;
  absl::Mutex mu_;
  redisContext* context_ ABSL_GUARDED_BY(mu_) = nullptr;
};

}  // namespace gg

#endif  // GAINSIGHT_GATEWAY_SERVER_JOBS_REDIS_JOB_STORE_H_
