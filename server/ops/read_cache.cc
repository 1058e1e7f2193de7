#include "ops/read_cache.h"

#include <utility>

namespace gg {

uint64_t ReadCache::Generation(const std::string& object) {
  absl::MutexLock lock(&mu_);
  return objects_[object].generation;
}

std::optional<Json> ReadCache::Get(const std::string& object,
                                   const std::string& key) {
  absl::MutexLock lock(&mu_);
  auto o = objects_.find(object);
  if (o == objects_.end()) return std::nullopt;
  auto e = o->second.entries.find(key);
  if (e == o->second.entries.end()) return std::nullopt;
  if (clock_->Now() - e->second.stored >= ttl_) return std::nullopt;
  return e->second.data;
}

void ReadCache::Put(const std::string& object, const std::string& key,
                    uint64_t generation, Json data) {
  absl::MutexLock lock(&mu_);
  ObjectCache& cache = objects_[object];
  if (cache.generation != generation) return;  // written meanwhile
  auto [it, inserted] = cache.entries.insert_or_assign(
      key, Entry{std::move(data), clock_->Now()});
  if (!inserted) return;
  order_.emplace_back(object, key);
  ++size_;
  // The oldest go first; entries dropped by Invalidate leave stale pairs in
  // order_, which erase nothing.
  while (size_ > max_entries_ && !order_.empty()) {
    auto [old_object, old_key] = std::move(order_.front());
    order_.pop_front();
    auto o = objects_.find(old_object);
    if (o != objects_.end() && o->second.entries.erase(old_key) > 0) --size_;
  }
  if (order_.size() > 2 * max_entries_) {  // mostly stale pairs: rebuild
    std::deque<std::pair<std::string, std::string>> live;
    for (auto& [o, k] : order_) {
      auto found = objects_.find(o);
      if (found != objects_.end() && found->second.entries.count(k) > 0) {
        live.emplace_back(std::move(o), std::move(k));
      }
    }
    order_ = std::move(live);
  }
}

void ReadCache::Invalidate(const std::string& object) {
  absl::MutexLock lock(&mu_);
  ObjectCache& cache = objects_[object];
  cache.generation++;
  size_ -= cache.entries.size();
  cache.entries.clear();
}

}  // namespace gg
