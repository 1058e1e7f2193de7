#include "jobs/job_store_factory.h"

#include <filesystem>

#include "absl/strings/str_cat.h"
#include "jobs/redis_job_store.h"

namespace gg {

absl::StatusOr<std::unique_ptr<JobStore>> OpenJobStore(
    const std::string& spool_dir, const std::string& redis_url,
    const std::string& key_prefix, const std::string& replica_id) {
  absl::StatusOr<std::unique_ptr<FileJobStore>> files =
      FileJobStore::Open(spool_dir);
  if (!files.ok()) return files.status();
  if (redis_url.empty()) return std::unique_ptr<JobStore>(*std::move(files));
  absl::StatusOr<RedisAddress> address = ParseRedisUrl(redis_url);
  if (!address.ok()) return address.status();
  RedisJobStore::Options options;
  options.address = *address;
  options.key_prefix = key_prefix;
  options.replica_id = replica_id;
  return std::unique_ptr<JobStore>(
      std::make_unique<RedisJobStore>(std::move(options)));
}

}  // namespace gg
