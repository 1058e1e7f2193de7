// A Scheduler that runs nothing by itself: tests advance a FakeClock and run
// what has come due, so timers (backoff, polling, queue deadlines) are
// deterministic and take no wall time.
#ifndef GAINSIGHT_GATEWAY_TESTS_SUPPORT_MANUAL_SCHEDULER_H_
#define GAINSIGHT_GATEWAY_TESTS_SUPPORT_MANUAL_SCHEDULER_H_

#include <cstdint>
#include <map>
#include <utility>

#include "common/clock.h"
#include "common/scheduler.h"

namespace gg::testing {

class ManualScheduler : public Scheduler {
 public:
  explicit ManualScheduler(FakeClock* clock) : clock_(clock) {}

  int64_t RunAt(absl::Time when, Task task) override {
    int64_t id = next_++;
    tasks_.emplace(id, std::make_pair(when, std::move(task)));
    return id;
  }
  bool Cancel(int64_t id) override { return tasks_.erase(id) > 0; }

  // Advances the clock to each task due within `d`, in time order (ties in
  // the order given), runs it, and leaves the clock at now + d.
  void AdvanceAndRun(absl::Duration d) {
    const absl::Time end = clock_->Now() + d;
    while (RunNextDueBy(end)) {
    }
    if (clock_->Now() < end) clock_->Set(end);
  }
  // Runs every task due now (or already past), including ones they add.
  void RunDue() { AdvanceAndRun(absl::ZeroDuration()); }
  // Runs the earliest pending task whatever its time, moving the clock to
  // it. False when nothing is pending.
  bool RunNext() { return RunNextDueBy(absl::InfiniteFuture()); }

  size_t pending() const { return tasks_.size(); }
  // When the earliest pending task is due (InfiniteFuture when none).
  absl::Time next_due() const {
    absl::Time t = absl::InfiniteFuture();
    for (const auto& [id, entry] : tasks_) t = std::min(t, entry.first);
    return t;
  }

 private:
  bool RunNextDueBy(absl::Time end) {
    auto next = tasks_.end();
    for (auto it = tasks_.begin(); it != tasks_.end(); ++it) {
      if (it->second.first <= end &&
          (next == tasks_.end() || it->second.first < next->second.first)) {
        next = it;
      }
    }
    if (next == tasks_.end()) return false;
    if (next->second.first > clock_->Now()) clock_->Set(next->second.first);
    Task task = std::move(next->second.second);
    tasks_.erase(next);
    task();
    return true;
  }

  FakeClock* clock_;
  int64_t next_ = 1;
  std::map<int64_t, std::pair<absl::Time, Task>> tasks_;
};

}  // namespace gg::testing

#endif  // GAINSIGHT_GATEWAY_TESTS_SUPPORT_MANUAL_SCHEDULER_H_
