// gainsight.v1.TaskService: tasks of CTAs. Writes resolve type, status and
// priority labels from the cached task configuration and owner emails
// through the user directory, then go to Gainsight 50 at a time.
#ifndef GAINSIGHT_GATEWAY_SERVER_API_TASK_SERVICE_H_
#define GAINSIGHT_GATEWAY_SERVER_API_TASK_SERVICE_H_

#include "api/unary_call.h"
#include "gainsight/client.h"
#include "gainsight/v1/task.grpc.pb.h"
#include "ops/task_config_cache.h"
#include "ops/user_directory.h"

namespace gg {

class TaskService final : public gainsight::v1::TaskService::CallbackService {
 public:
  // `concurrency`: calls of one batch write in flight at once.
  TaskService(GainsightClient* client, TaskConfigCache* config,
              UserDirectory* users, ApiOptions api_options, int concurrency);

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
  GainsightClient* const client_;
  TaskConfigCache* const config_;
  UserDirectory* const users_;
  const ApiOptions api_options_;
  const int concurrency_;
};

}  // namespace gg

#endif  // GAINSIGHT_GATEWAY_SERVER_API_TASK_SERVICE_H_
