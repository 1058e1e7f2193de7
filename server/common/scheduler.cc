#include "common/scheduler.h"

#include "absl/time/clock.h"

namespace gg {

ThreadScheduler::ThreadScheduler() : thread_([this] { Loop(); }) {}

ThreadScheduler::~ThreadScheduler() {
  {
    absl::MutexLock lock(&mu_);
    stopping_ = true;
  }
  thread_.join();
}

int64_t ThreadScheduler::RunAt(absl::Time when, Task task) {
  absl::MutexLock lock(&mu_);
  int64_t id = next_id_++;
  tasks_.emplace(std::make_pair(when, id), std::move(task));
  when_by_id_.emplace(id, when);
  return id;
}

bool ThreadScheduler::Cancel(int64_t id) {
  absl::MutexLock lock(&mu_);
  auto it = when_by_id_.find(id);
  if (it == when_by_id_.end()) return false;
  tasks_.erase(std::make_pair(it->second, id));
  when_by_id_.erase(it);
  return true;
}

void ThreadScheduler::Loop() {
  absl::MutexLock lock(&mu_);
  while (!stopping_) {
    absl::Time next =
        tasks_.empty() ? absl::InfiniteFuture() : tasks_.begin()->first.first;
    // Wake when stopping, when the first task is due, or when an earlier task
    // arrives (then `next` is recomputed).
    auto wake = [this, next]() ABSL_SHARED_LOCKS_REQUIRED(mu_) {
      if (stopping_) return true;
      if (tasks_.empty()) return false;
      absl::Time first = tasks_.begin()->first.first;
      return first < next || first <= absl::Now();
    };
    mu_.AwaitWithDeadline(absl::Condition(&wake), next);
    if (stopping_) break;
    if (tasks_.empty() || tasks_.begin()->first.first > absl::Now()) continue;
    auto it = tasks_.begin();
    Task task = std::move(it->second);
    when_by_id_.erase(it->first.second);
    tasks_.erase(it);
    mu_.Unlock();
    task();
    mu_.Lock();
  }
}

}  // namespace gg
