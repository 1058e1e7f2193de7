#include "ops/task_write.h"

#include <string>
#include <utility>

#include "gainsight/query_body.h"
#include "gainsight/task_mapping.h"

namespace gg {
namespace {

using gainsight::v1::Task;

bool SetsPicklist(const Task& task) {
  return task.has_type() || task.has_status() || task.has_priority();
}

class TaskWriter : public CockpitObjectWriter {
 public:
  TaskWriter(std::vector<Task> tasks, bool update, TaskConfigCache* configs,
             int concurrency)
      : tasks_(std::move(tasks)), update_(update), configs_(configs) {
    target_.update = update;
    target_.write = update ? EndpointId::kTaskUpdate : EndpointId::kTaskCreate;
    target_.list = EndpointId::kTaskList;
    target_.records_field = "tasks";
    target_.noun = "task";
    target_.proto_field = [](absl::string_view api_name) {
      return TaskProtoField(api_name);
    };
    if (update) {
      target_.not_found.push_back(
          {kGsidField, "no task with that gsid", "TASK_NOT_FOUND"});
    } else {
      target_.not_found.push_back(
          {"CtaId", "no CTA with that cta_id", "CTA_NOT_FOUND"});
    }
    target_.concurrency = concurrency;
  }

  const CockpitWriteTarget& target() const override { return target_; }
  int size() const override { return static_cast<int>(tasks_.size()); }

  // 2. The task configuration, when a pending task names a picklist.
  void LoadConfigs(const std::vector<int>& pending, CallContext context,
                   absl::AnyInvocable<void(absl::Status)> done) override {
    bool needed = false;
    for (int i : pending) needed = needed || SetsPicklist(tasks_[i]);
    if (!needed) {
      done(absl::OkStatus());
      return;
    }
    configs_->Get(std::move(context),
                  [this, done = std::move(done)](
                      absl::StatusOr<TaskConfigPtr> got) mutable {
                    if (got.ok()) config_ = *std::move(got);
                    done(got.status());
                  });
  }

  std::string OwnerOf(int index) const override {
    return tasks_[index].owner();
  }

  absl::StatusOr<Json> Resolve(int index, const std::string& owner_id,
                               const std::string& path) override {
    const Task& task = tasks_[index];
    TaskPicklists picklists;
    if (SetsPicklist(task)) {
      absl::StatusOr<TaskPicklists> resolved =
          ResolveTaskPicklists(task, *config_, path);
      if (!resolved.ok()) return resolved.status();
      picklists = *std::move(resolved);
    }
    return TaskRecord(task, update_, picklists, owner_id);
  }

  ReadBackKey ReadBackKeyOf(int index) const override {
    if (update_) return {{kGsidField, tasks_[index].gsid()}};
    return TaskReadBackKey(tasks_[index]);
  }

 private:
  const std::vector<Task> tasks_;
  const bool update_;
  TaskConfigCache* const configs_;
  CockpitWriteTarget target_;
  TaskConfigPtr config_;
};

}  // namespace

std::unique_ptr<CockpitObjectWriter> NewTaskWriter(
    std::vector<gainsight::v1::Task> tasks, bool update,
    TaskConfigCache* configs, int concurrency) {
  return std::make_unique<TaskWriter>(std::move(tasks), update, configs,
                                      concurrency);
}

}  // namespace gg
