#include "common/cancellation.h"

#include <utility>

namespace gg {

void CancellationToken::Cancel() {
  std::map<int64_t, Callback> callbacks;
  {
    absl::MutexLock lock(&mu_);
    if (cancelled_) return;
    cancelled_ = true;
    callbacks.swap(callbacks_);
  }
  for (auto& [id, callback] : callbacks) callback();
}

bool CancellationToken::cancelled() const {
  absl::MutexLock lock(&mu_);
  return cancelled_;
}

int64_t CancellationToken::OnCancel(Callback callback) {
  {
    absl::MutexLock lock(&mu_);
    if (!cancelled_) {
      int64_t id = next_id_++;
      callbacks_.emplace(id, std::move(callback));
      return id;
    }
  }
  callback();
  return 0;
}

void CancellationToken::Unregister(int64_t id) {
  absl::MutexLock lock(&mu_);
  callbacks_.erase(id);
}

}  // namespace gg
