#include "ops/upsert_claims.h"

#include <utility>

namespace gg {

bool UpsertClaims::Claim(const std::string& key, Waiter waiter) {
  absl::MutexLock lock(&mu_);
  auto [it, inserted] = claims_.try_emplace(key);
  if (inserted) return true;
  it->second.push_back(std::move(waiter));
  return false;
}

void UpsertClaims::Finish(const std::string& key, bool exists) {
  Waiter next;
  {
    absl::MutexLock lock(&mu_);
    auto it = claims_.find(key);
    if (it == claims_.end()) return;
    if (it->second.empty()) {
      claims_.erase(it);
      return;
    }
    next = std::move(it->second.front());
    it->second.pop_front();
  }
  next(exists);
}

int UpsertClaims::claimed() const {
  absl::MutexLock lock(&mu_);
  return static_cast<int>(claims_.size());
}

}  // namespace gg
