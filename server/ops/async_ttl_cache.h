// A cache of values fetched asynchronously from Gainsight, kept for a TTL
// because every fetch costs quota. Concurrent misses for one key share one
// fetch (which runs with the context of the call that started it). Failed
// fetches leave nothing behind, except "there is no such thing" answers
// (Negatives::is_negative), which are kept for the TTL too, at most
// Negatives::max_entries of them (the oldest go first): callers choose the
// keys, so nothing they send may grow the cache without bound. Time comes
// from the clock seam.
#ifndef GAINSIGHT_GATEWAY_SERVER_OPS_ASYNC_TTL_CACHE_H_
#define GAINSIGHT_GATEWAY_SERVER_OPS_ASYNC_TTL_CACHE_H_

#include <deque>
#include <functional>
#include <map>
#include <memory>
#include <utility>
#include <vector>

#include "absl/base/thread_annotations.h"
#include "absl/container/flat_hash_map.h"
#include "absl/functional/any_invocable.h"
#include "absl/status/statusor.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/time.h"
#include "common/clock.h"
#include "gainsight/client.h"

namespace gg {

template <typename Key, typename Value>
class AsyncTtlCache {
 public:
  using Ptr = std::shared_ptr<const Value>;
  using Callback = absl::AnyInvocable<void(absl::StatusOr<Ptr>)>;
  using FetchCallback = absl::AnyInvocable<void(absl::StatusOr<Value>)>;
  // Fetches one value; `done` runs exactly once, on any thread.
  using Fetcher = absl::AnyInvocable<void(Key key, CallContext context,
                                          FetchCallback done) const>;

  struct Negatives {
    size_t max_entries = 0;
    std::function<bool(const absl::Status&)> is_negative;
  };

  AsyncTtlCache(Fetcher fetch, const Clock* clock, absl::Duration ttl,
                Negatives negatives = {})
      : fetch_(std::move(fetch)),
        clock_(clock),
        ttl_(ttl),
        negatives_(std::move(negatives)) {}

  // The value cached under `cache_key`, fetched with `fetch_key` on a miss.
  // `done` runs exactly once: at once on a hit, else when the fetch ends.
  void Get(const Key& cache_key, Key fetch_key, CallContext context,
           Callback done) {
    Ptr hit;
    absl::Status miss_known;
    {
      absl::MutexLock lock(&mu_);
      Entry& entry = entries_[cache_key];
      if (!entry.error.ok() && clock_->Now() < entry.expires) {
        miss_known = entry.error;
      } else if (entry.value != nullptr && clock_->Now() < entry.expires) {
        hit = entry.value;
      } else {
        entry.waiters.push_back(std::move(done));
        if (entry.fetching) return;  // joins the fetch in flight
        entry.fetching = true;
      }
    }
    if (!miss_known.ok()) {
      done(std::move(miss_known));
      return;
    }
    if (hit != nullptr) {
      done(std::move(hit));
      return;
    }
    fetch_(std::move(fetch_key), std::move(context),
           [this, cache_key](absl::StatusOr<Value> result) {
             Finish(cache_key, std::move(result));
           });
  }

 private:
  struct Entry {
    Ptr value;           // null until fetched
    absl::Status error;  // a remembered negative answer
    absl::Time expires;
    bool fetching = false;
    std::vector<Callback> waiters;
  };

  // Keeps `key`'s negative answer, dropping the oldest past the bound.
  void RememberNegative(const Key& key, Entry& entry, const absl::Status& error)
      ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_) {
    entry.error = error;
    entry.value = nullptr;
    entry.expires = clock_->Now() + ttl_;
    negative_order_.push_back(key);
    while (negative_order_.size() > negatives_.max_entries) {
      const Key oldest = negative_order_.front();
      negative_order_.pop_front();
      auto it = entries_.find(oldest);
      if (it != entries_.end() && !it->second.error.ok() &&
          !it->second.fetching) {
        entries_.erase(it);
      }
    }
  }

  void Finish(const Key& key, absl::StatusOr<Value> result) {
    absl::StatusOr<Ptr> shared =
        result.ok() ? absl::StatusOr<Ptr>(
                          std::make_shared<const Value>(*std::move(result)))
                    : absl::StatusOr<Ptr>(result.status());
    std::vector<Callback> waiters;
    {
      absl::MutexLock lock(&mu_);
      Entry& entry = entries_[key];
      entry.fetching = false;
      waiters.swap(entry.waiters);
      if (shared.ok()) {
        entry.value = *shared;
        entry.error = absl::OkStatus();
        entry.expires = clock_->Now() + ttl_;
      } else if (negatives_.max_entries > 0 && negatives_.is_negative &&
                 negatives_.is_negative(shared.status())) {
        RememberNegative(key, entry, shared.status());
      } else if (entry.value == nullptr) {
        entries_.erase(key);  // nothing worth keeping
      }
    }
    for (Callback& waiter : waiters) waiter(shared);
  }

  const Fetcher fetch_;
  const Clock* const clock_;
  const absl::Duration ttl_;
  const Negatives negatives_;
  absl::Mutex mu_;
  absl::flat_hash_map<Key, Entry> entries_ ABSL_GUARDED_BY(mu_);
  // Keys of remembered negatives, oldest first (may name dropped ones).
  std::deque<Key> negative_order_ ABSL_GUARDED_BY(mu_);
};

// Gets the value of each of `keys` from `cache` (anything with
// `Get(key, context, callback)`), one after the other; `done` gets them by
// key, or the first error.
template <typename Key, typename Ptr, typename Cache>
void GetEach(Cache* cache, std::vector<Key> keys, CallContext context,
             absl::AnyInvocable<void(absl::StatusOr<std::map<Key, Ptr>>)> done,
             std::map<Key, Ptr> got = {}) {
  if (keys.empty()) {
    done(std::move(got));
    return;
  }
  const Key key = keys.back();
  keys.pop_back();
  cache->Get(key, context,
             [cache, keys = std::move(keys), context, got = std::move(got), key,
              done = std::move(done)](absl::StatusOr<Ptr> value) mutable {
               if (!value.ok()) {
                 done(value.status());
                 return;
               }
               got[key] = *std::move(value);
               GetEach<Key, Ptr>(cache, std::move(keys), std::move(context),
                                 std::move(done), std::move(got));
             });
}

}  // namespace gg

#endif  // GAINSIGHT_GATEWAY_SERVER_OPS_ASYNC_TTL_CACHE_H_
