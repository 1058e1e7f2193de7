#include "ops/idempotency_store.h"

#include <algorithm>
#include <utility>
#include <vector>

namespace gg {

LocalIdempotencyStore::LocalIdempotencyStore(Clock* clock, size_t max_records)
    : clock_(clock), max_records_(std::max<size_t>(1, max_records)) {}

LocalIdempotencyStore::Entry* LocalIdempotencyStore::FindLocked(
    absl::string_view key, absl::Time now) {
  auto it = entries_.find(key);
  if (it == entries_.end()) return nullptr;
  if (it->second.expiry <= now) {
    entries_.erase(it);
    return nullptr;
  }
  return &it->second;
}

void LocalIdempotencyStore::MakeRoomLocked(absl::Time now) {
  if (entries_.size() < max_records_) return;
  for (auto it = entries_.begin(); it != entries_.end();) {
    it = it->second.expiry <= now ? entries_.erase(it) : std::next(it);
  }
  if (entries_.size() < max_records_) return;
  std::vector<std::pair<absl::Time, std::string>> done;
  for (const auto& [key, entry] : entries_) {
    if (!entry.record.running) done.emplace_back(entry.expiry, key);
  }
  std::sort(done.begin(), done.end());
  // A tenth at a time, so a full store does not sort on every claim.
  const size_t drop = std::max<size_t>(1, max_records_ / 10);
  for (size_t i = 0; i < done.size() && i < drop; ++i) {
    entries_.erase(done[i].second);
  }
}

absl::StatusOr<std::optional<IdempotencyRecord>> LocalIdempotencyStore::Claim(
    absl::string_view key, absl::string_view fingerprint,
    absl::string_view owner, absl::Duration running_ttl) {
  const absl::Time now = clock_->Now();
  absl::MutexLock lock(&mu_);
  if (const Entry* found = FindLocked(key, now); found != nullptr) {
    return found->record;
  }
  MakeRoomLocked(now);
  if (entries_.size() >= max_records_) {
    return absl::ResourceExhaustedError(
        "too many creates with a request_id are running at once");
  }
  Entry entry;
  entry.record.running = true;
  entry.record.fingerprint = std::string(fingerprint);
  entry.owner = std::string(owner);
  entry.expiry = now + running_ttl;
  entries_.emplace(std::string(key), std::move(entry));
  return std::nullopt;
}

absl::Status LocalIdempotencyStore::Complete(absl::string_view key,
                                             absl::string_view fingerprint,
                                             absl::string_view owner,
                                             absl::string_view response,
                                             absl::Duration ttl) {
  const absl::Time now = clock_->Now();
  absl::MutexLock lock(&mu_);
  Entry* entry = FindLocked(key, now);
  if (entry != nullptr && !(entry->record.running && entry->owner == owner)) {
    return absl::OkStatus();  // another attempt claimed it since
  }
  if (entry == nullptr) {
    MakeRoomLocked(now);
    entry = &entries_[std::string(key)];
  }
  entry->record.running = false;
  entry->record.fingerprint = std::string(fingerprint);
  entry->record.response = std::string(response);
  entry->owner.clear();
  entry->expiry = now + ttl;
  return absl::OkStatus();
}

absl::Status LocalIdempotencyStore::Release(absl::string_view key,
                                            absl::string_view fingerprint,
                                            absl::string_view owner) {
  absl::MutexLock lock(&mu_);
  auto it = entries_.find(key);
  if (it != entries_.end() && it->second.record.running &&
      it->second.owner == owner &&
      it->second.record.fingerprint == fingerprint) {
    entries_.erase(it);
  }
  return absl::OkStatus();
}

size_t LocalIdempotencyStore::size() const {
  absl::MutexLock lock(&mu_);
  return entries_.size();
}

}  // namespace gg
