#include "api/task_service.h"

#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"
#include "api/cockpit_replies.h"
#include "api/page_token.h"
#include "api/validation.h"
#include "common/status_details.h"
#include "gainsight/task_mapping.h"
#include "ops/task_write.h"

namespace gg {
namespace {

using gainsight::v1::Task;

constexpr char kTasksField[] = "tasks";

std::string TaskPath(int index) {
  return absl::StrCat(kTasksField, "[", index, "]");
}

void CheckTask(const Task& task, int index, bool update, Violations& out) {
  const std::string path = TaskPath(index);
  if (update) {
    if (!IsGsid(task.gsid())) {
      out.push_back({path + ".gsid", "must be the task's GSID"});
    }
    if (task.has_cta_id()) {
      out.push_back({path + ".cta_id", "is set on create only"});
    }
  } else {
    if (!task.gsid().empty()) {
      out.push_back({path + ".gsid", "is output only on create"});
    }
    if (!task.has_cta_id()) out.push_back({path + ".cta_id", "is required"});
    if (!task.has_name()) out.push_back({path + ".name", "is required"});
    if (!task.has_due_date()) {
      out.push_back({path + ".due_date", "is required"});
    }
  }
  if (task.has_cta_id() && !IsGsid(task.cta_id())) {
    out.push_back({path + ".cta_id", kNotAGsid});
  }
  if (task.has_name() && task.name().empty()) {
    out.push_back({path + ".name", "must not be empty"});
  }
  if (task.has_owner() && !IsGsid(task.owner()) &&
      !IsEmailAddress(task.owner())) {
    out.push_back(
        {path + ".owner", "must be a Gainsight user's email or GsUser GSID"});
  }
  if (task.has_due_date()) CheckDate(task.due_date(), path + ".due_date", out);
  CheckOutputOnly({{"company_id", !task.company_id().empty()},
                   {"type_id", !task.type_id().empty()},
                   {"status_id", !task.status_id().empty()},
                   {"priority_id", !task.priority_id().empty()},
                   {"owner_id", !task.owner_id().empty()},
                   {"owner_name", !task.owner_name().empty()},
                   {"playbook_id", !task.playbook_id().empty()},
                   {"is_closed", task.is_closed()},
                   {"close_time", task.has_close_time()},
                   {"create_time", task.has_create_time()},
                   {"update_time", task.has_update_time()}},
                  path, out);
  CheckCustomFieldNames(task.custom_fields(), path, out);
}

template <typename Response>
void WriteTasks(const CockpitServiceDeps& deps, TaskConfigCache* config,
                UnaryCall* call,
                const google::protobuf::RepeatedPtrField<Task>& tasks,
                const std::string& request_id, bool update,
                Response* response) {
  Violations violations;
  CheckRecordCount(tasks.size(), kTasksField, violations);
  CheckRequestId(request_id, violations);
  for (int i = 0; i < tasks.size(); ++i) {
    CheckTask(tasks[i], i, update, violations);
  }
  if (!violations.empty()) {
    call->Reply(InvalidArgument(violations));
    return;
  }
  CallContext context = call->context();
  context.request_id = request_id;
  RunCockpitWrite(deps.write,
                  NewTaskWriter({tasks.begin(), tasks.end()}, update, config,
                                deps.concurrency),
                  std::move(context), ReplyWithWriteResults(call, response));
}

}  // namespace

TaskService::TaskService(CockpitServiceDeps deps, TaskConfigCache* config)
    : deps_(std::move(deps)), config_(config) {}

grpc::ServerUnaryReactor* TaskService::CreateTasks(
    grpc::CallbackServerContext* context,
    const gainsight::v1::CreateTasksRequest* request,
    gainsight::v1::CreateTasksResponse* response) {
  auto* call = new UnaryCall(context, deps_.api_options);
  deps_.idempotent->Run(call, *request, request->request_id(), response,
                        [this, request, response](UnaryCall* call) {
                          WriteTasks(deps_, config_, call, request->tasks(),
                                     request->request_id(),
                                     /*update=*/false, response);
                        });
  return call;
}

grpc::ServerUnaryReactor* TaskService::UpdateTasks(
    grpc::CallbackServerContext* context,
    const gainsight::v1::UpdateTasksRequest* request,
    gainsight::v1::UpdateTasksResponse* response) {
  auto* call = new UnaryCall(context, deps_.api_options);
  WriteTasks(deps_, config_, call, request->tasks(), request->request_id(),
             /*update=*/true, response);
  return call;
}

grpc::ServerUnaryReactor* TaskService::ListTasks(
    grpc::CallbackServerContext* context,
    const gainsight::v1::ListTasksRequest* request,
    gainsight::v1::ListTasksResponse* response) {
  auto* call = new UnaryCall(context, deps_.api_options);
  Violations violations;
  if (!IsGsid(request->cta_id())) {
    violations.push_back({"cta_id", "must be the CTA's GSID"});
  }
  for (int i = 0; i < request->extra_fields_size(); ++i) {
    CheckFieldPath(request->extra_fields(i),
                   absl::StrCat("extra_fields[", i, "]"), violations);
  }
  const NumberedPage page =
      ReadNumberedPage(*request, request->page_size(), request->page_token(),
                       kDefaultPageSize, kMaxCockpitPageSize, violations);
  if (!violations.empty()) {
    call->Reply(InvalidArgument(violations));
    return call;
  }
  CockpitListCall list;
  list.endpoint = EndpointId::kTaskList;
  SetDefaultSelectAndExtraFields(TaskDefaultSelect(), request->extra_fields(),
                                 &list);
  list.filter = TasksOfCtaFilter(request->cta_id());
  ReplyWithCockpitPage<Task>(deps_.reads, call, std::move(list), page,
                             &TaskFromRow, response->mutable_tasks(),
                             response->mutable_next_page_token());
  return call;
}

}  // namespace gg
