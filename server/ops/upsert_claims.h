// The inserts upserts are about to make, by object, key fields and key
// values, so that two upserts of one key (from two callers, or twice in one
// request) never insert it twice: the second waits for the first's insert
// and then updates the record it created. The writes of one key go one at a
// time, in arrival order (never two records of one key in one call). Within
// one gateway process; two replicas upserting one new key at the same moment
// can still both insert.
#ifndef GAINSIGHT_GATEWAY_SERVER_OPS_UPSERT_CLAIMS_H_
#define GAINSIGHT_GATEWAY_SERVER_OPS_UPSERT_CLAIMS_H_

#include <deque>
#include <map>
#include <string>

#include "absl/base/thread_annotations.h"
#include "absl/functional/any_invocable.h"
#include "absl/synchronization/mutex.h"

namespace gg {

class UpsertClaims {
 public:
  // Runs when the write before it finished, holding the claim: `exists`
  // true when the record exists now (update it), false when it still does
  // not (insert it). Either way it calls Finish when its write is done.
  using Waiter = absl::AnyInvocable<void(bool exists)>;

  // True: nobody writes `key` now; the caller inserts it and calls Finish.
  // False: `waiter` runs once the writes before it finished.
  bool Claim(const std::string& key, Waiter waiter);
  // The claimed write of `key` finished and the record `exists` (or not):
  // the next waiter runs (on this thread, outside the lock) and holds the
  // claim, or the claim ends.
  void Finish(const std::string& key, bool exists);

  // Keys claimed, for tests.
  int claimed() const;

 private:
  mutable absl::Mutex mu_;
  std::map<std::string, std::deque<Waiter>> claims_ ABSL_GUARDED_BY(mu_);
};

}  // namespace gg

#endif  // GAINSIGHT_GATEWAY_SERVER_OPS_UPSERT_CLAIMS_H_
