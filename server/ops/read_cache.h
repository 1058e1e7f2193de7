// An optional cache of Get RPC answers (--read-cache-ttl, off by default):
// the rows a query by GSID returned, kept for a short TTL. The gateway's own
// writes to an object drop every cached answer of that object, and an answer
// read while such a write was under way is not kept. Writes the gateway does
// not see (other replicas, bulk imports finishing, other integrations) show
// only after the TTL.
#ifndef GAINSIGHT_GATEWAY_SERVER_OPS_READ_CACHE_H_
#define GAINSIGHT_GATEWAY_SERVER_OPS_READ_CACHE_H_

#include <cstdint>
#include <deque>
#include <map>
#include <optional>
#include <string>

#include "absl/base/thread_annotations.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/time.h"
#include "common/clock.h"
#include "gainsight/envelope.h"

namespace gg {

class ReadCache {
 public:
  ReadCache(const Clock* clock, absl::Duration ttl, size_t max_entries = 10000)
      : clock_(clock), ttl_(ttl), max_entries_(max_entries) {}

  // Taken before a read is sent, handed to Put with its answer.
  uint64_t Generation(const std::string& object);
  // The `data` of an answer to `key` younger than the TTL.
  std::optional<Json> Get(const std::string& object, const std::string& key);
  // Keeps `data` unless `object` was written since `generation`.
  void Put(const std::string& object, const std::string& key,
           uint64_t generation, Json data);
  // The gateway wrote to `object` (or tried to).
  void Invalidate(const std::string& object);

 private:
  struct Entry {
    Json data;
    absl::Time stored;
  };
  struct ObjectCache {
    uint64_t generation = 0;
    std::map<std::string, Entry> entries;
  };

  const Clock* const clock_;
  const absl::Duration ttl_;
  const size_t max_entries_;
  absl::Mutex mu_;
  std::map<std::string, ObjectCache> objects_ ABSL_GUARDED_BY(mu_);
  // Every entry, oldest first (object, key), to bound the cache.
  std::deque<std::pair<std::string, std::string>> order_ ABSL_GUARDED_BY(mu_);
  size_t size_ ABSL_GUARDED_BY(mu_) = 0;
};

}  // namespace gg

#endif  // GAINSIGHT_GATEWAY_SERVER_OPS_READ_CACHE_H_
