// Job state in Redis, shared by every replica. Keys under `key_prefix`
// ("…:bulk:"):
//   job:<id>        the serialized Job (expires `retention` after it ends)
//   jobs            sorted set of job ids by creation time
//   unfinished      set of the ids of jobs not yet terminal
//   lease:<id>      the replica holding the job (PX expiry)
//   cancel:<id>     CancelJob was called on some replica
//   rows:<id>:<n>   the rows of part n, handed over by a stopping replica
// Writes of a job run as one Lua script that checks the writer still holds
// the lease. Give this Redis persistence (AOF) and no eviction.
#ifndef GAINSIGHT_GATEWAY_SERVER_JOBS_REDIS_JOB_STORE_H_
#define GAINSIGHT_GATEWAY_SERVER_JOBS_REDIS_JOB_STORE_H_

#include <string>
#include <vector>

#include "absl/time/time.h"
#include "common/redis_connection.h"
#include "jobs/job_store.h"

struct redisReply;

namespace gg {

class RedisJobStore : public JobStore {
 public:
  struct Options {
    RedisAddress address;
    std::string key_prefix = "gainsight-gateway";
    // Ended jobs are kept this long, then Redis drops them.
    absl::Duration retention = absl::Hours(7 * 24);
    absl::Duration timeout = absl::Seconds(1);
  };
  explicit RedisJobStore(Options options);

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
  void ForgetExpired(absl::Time now) override { (void)now; }
  bool shared() const override { return true; }

 private:
  // Runs one command; the reply (caller frees) or UNAVAILABLE.
  absl::StatusOr<redisReply*> Command(const std::vector<std::string>& argv);
  // A command whose reply is an integer.
  absl::StatusOr<long long> Integer(const std::vector<std::string>& argv);
  // A command whose reply is a string or nil ("" then).
  absl::StatusOr<std::string> String(const std::vector<std::string>& argv);
  std::string Key(absl::string_view kind, absl::string_view id = "") const;
  absl::StatusOr<std::vector<gainsight::v1::Job>> Load(
      const std::vector<std::string>& ids);

  const Options options_;
  RedisSession redis_;
};

}  // namespace gg

#endif  // GAINSIGHT_GATEWAY_SERVER_JOBS_REDIS_JOB_STORE_H_
