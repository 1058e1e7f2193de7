// gainsight.v1.TaskService: tasks of CTAs. Writes go through the Cockpit
// write pipeline (labels from the cached task configuration, owner emails
// through the user directory); lists through the Cockpit task list.
#ifndef GAINSIGHT_GATEWAY_SERVER_API_TASK_SERVICE_H_
#define GAINSIGHT_GATEWAY_SERVER_API_TASK_SERVICE_H_

#include "api/cockpit_replies.h"
#include "api/unary_call.h"
#include "gainsight/v1/task.grpc.pb.h"
#include "ops/task_config_cache.h"

namespace gg {

class TaskService final : public gainsight::v1::TaskService::CallbackService {
 public:
  TaskService(CockpitServiceDeps deps, TaskConfigCache* config);

  grpc::ServerUnaryReactor* CreateTasks(
      grpc::CallbackServerContext* context,
      const gainsight::v1::CreateTasksRequest* request,
      gainsight::v1::CreateTasksResponse* response) override;
  grpc::ServerUnaryReactor* UpdateTasks(
      grpc::CallbackServerContext* context,
      const gainsight::v1::UpdateTasksRequest* request,
      gainsight::v1::UpdateTasksResponse* response) override;
  grpc::ServerUnaryReactor* ListTasks(
      grpc::CallbackServerContext* context,
      const gainsight::v1::ListTasksRequest* request,
      gainsight::v1::ListTasksResponse* response) override;

 private:
  const CockpitServiceDeps deps_;
  TaskConfigCache* const config_;
};

}  // namespace gg

#endif  // GAINSIGHT_GATEWAY_SERVER_API_TASK_SERVICE_H_
