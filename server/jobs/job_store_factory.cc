#include "jobs/job_store_factory.h"

#include "jobs/redis_job_store.h"

namespace gg {

absl::StatusOr<std::unique_ptr<JobStore>> OpenJobStore(
    const std::string& spool_dir, const std::string& redis_url,
    const std::string& key_prefix, absl::Duration retention) {
  absl::StatusOr<std::unique_ptr<FileJobStore>> files =
      FileJobStore::Open(spool_dir, retention);
  if (!files.ok()) return files.status();
  if (redis_url.empty()) return std::unique_ptr<JobStore>(*std::move(files));
  absl::StatusOr<RedisAddress> address = ParseRedisUrl(redis_url);
  if (!address.ok()) return address.status();
  RedisJobStore::Options options;
  options.address = *address;
  options.key_prefix = key_prefix;
  options.retention = retention;
  // Handed-over rows can be tens of MB.
  options.timeout = absl::Seconds(10);
  return std::unique_ptr<JobStore>(
      std::make_unique<RedisJobStore>(std::move(options)));
}

}  // namespace gg
