// Runs callbacks at a point in time. The seam lets tests drive timers by hand.
#ifndef GAINSIGHT_GATEWAY_SERVER_COMMON_SCHEDULER_H_
#define GAINSIGHT_GATEWAY_SERVER_COMMON_SCHEDULER_H_

#include <cstdint>
#include <map>
#include <thread>
#include <utility>

#include "absl/base/thread_annotations.h"
#include "absl/functional/any_invocable.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/time.h"

namespace gg {

class Scheduler {
 public:
  using Task = absl::AnyInvocable<void()>;
  virtual ~Scheduler() = default;
  // Runs `task` at or soon after `when` (at once if `when` has passed).
  // Returns an id for Cancel.
  virtual int64_t RunAt(absl::Time when, Task task) = 0;
  // Runs `task` as soon as possible, on the scheduler's thread.
  int64_t RunSoon(Task task) {
    return RunAt(absl::InfinitePast(), std::move(task));
  }
  // Drops a task that has not started. Returns false if it ran or is running.
  virtual bool Cancel(int64_t id) = 0;
};

// One thread that runs tasks in time order.
class ThreadScheduler : public Scheduler {
 public:
  ThreadScheduler();
  ~ThreadScheduler() override;  // drops pending tasks, joins the thread

  int64_t RunAt(absl::Time when, Task task) override;
  bool Cancel(int64_t id) override;

 private:
  void Loop();

  absl::Mutex mu_;
  bool stopping_ ABSL_GUARDED_BY(mu_) = false;
  int64_t next_id_ ABSL_GUARDED_BY(mu_) = 1;
  // (when, id) -> task: ids break ties so equal times run in order given.
  std::map<std::pair<absl::Time, int64_t>, Task> tasks_ ABSL_GUARDED_BY(mu_);
  std::map<int64_t, absl::Time> when_by_id_ ABSL_GUARDED_BY(mu_);
  std::thread thread_;
};

}  // namespace gg

#endif  // GAINSIGHT_GATEWAY_SERVER_COMMON_SCHEDULER_H_
