#include "api/task_service.h"

#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"
#include "api/cockpit_reads.h"
#include "api/page_token.h"
#include "api/validation.h"
#include "common/status_details.h"
#include "gainsight/error_mapping.h"
#include "gainsight/query_body.h"
#include "gainsight/task_mapping.h"
#include "ops/cockpit_write.h"

namespace gg {
namespace {

using gainsight::v1::RecordResult;
using gainsight::v1::Task;

constexpr char kTasksField[] = "tasks";

std::string TaskPath(int index) {
  return absl::StrCat(kTasksField, "[", index, "]");
}

bool SetsPicklist(const Task& task) {
  return task.has_type() || task.has_status() || task.has_priority();
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
    out.push_back({path + ".cta_id", "must be a GSID (letters and digits)"});
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

// One batch write: get the configuration (when a label is given), look up
// owner emails, resolve, write.
struct TaskWrite {
  GainsightClient* client = nullptr;
  TaskConfigCache* config = nullptr;
  UserDirectory* users = nullptr;
  int concurrency = 1;
  bool update = false;
  std::vector<Task> tasks;
  CallContext context;
  absl::AnyInvocable<void(absl::Status)> fail;
  CockpitWriteDone finish;
};

void Resolve(std::shared_ptr<TaskWrite> w, TaskConfigPtr config,
             UsersByEmail users) {
  std::vector<absl::Status> failures;
  std::vector<CockpitRecord> records;
  for (size_t i = 0; i < w->tasks.size(); ++i) {
    const Task& task = w->tasks[i];
    const std::string path = TaskPath(static_cast<int>(i));
    TaskPicklistIds ids;
    if (SetsPicklist(task)) {
      absl::StatusOr<TaskPicklistIds> resolved =
          ResolveTaskPicklists(task, *config, path);
      if (!resolved.ok()) {
        failures.push_back(resolved.status());
        continue;
      }
      ids = *std::move(resolved);
    }
    absl::StatusOr<std::string> owner_id =
        ResolveOwner(users, task.owner(), path + ".owner");
    if (!owner_id.ok()) {
      failures.push_back(owner_id.status());
      continue;
    }
    records.push_back(
        {static_cast<int>(i), TaskRecord(task, w->update, ids, *owner_id)});
  }
  if (!failures.empty()) {
    w->fail(CombineInvalidArguments(failures));
    return;
  }
  CockpitWriteSpec spec;
  spec.endpoint = w->update ? EndpointId::kTaskUpdate : EndpointId::kTaskCreate;
  spec.update = w->update;
  spec.records_field = kTasksField;
  spec.proto_field = [](absl::string_view api_name) {
    return TaskProtoField(api_name);
  };
  if (w->update) {
    spec.not_found.push_back(
        {"Gsid", "no task with that gsid", "TASK_NOT_FOUND"});
  } else {
    spec.not_found.push_back(
        {"CtaId", "no CTA with that cta_id", "CTA_NOT_FOUND"});
  }
  spec.concurrency = w->concurrency;
  WriteCockpitRecords(w->client, w->context, std::move(spec),
                      std::vector<RecordResult>(w->tasks.size()),
                      std::move(records), std::move(w->finish));
}

void LookUpOwners(std::shared_ptr<TaskWrite> w, TaskConfigPtr config) {
  std::vector<std::string> emails;
  for (const Task& task : w->tasks) {
    if (task.has_owner() && IsEmailAddress(task.owner())) {
      emails.push_back(task.owner());
    }
  }
  UserDirectory* users = w->users;
  CallContext context = w->context;
  users->Lookup(emails, std::move(context),
                [w, config = std::move(config)](
                    absl::StatusOr<UsersByEmail> found) mutable {
                  if (!found.ok()) {
                    w->fail(found.status());
                    return;
                  }
                  Resolve(std::move(w), std::move(config), *std::move(found));
                });
}

template <typename Response>
void WriteTasks(GainsightClient* client, TaskConfigCache* config,
                UserDirectory* users, int concurrency, UnaryCall* call,
                const google::protobuf::RepeatedPtrField<Task>& tasks,
                const std::string& request_id, bool update,
                Response* response) {
  Violations violations;
  CheckRecordCount(tasks.size(), kTasksField, violations);
  CheckRequestId(request_id, violations);
  bool need_config = false;
  for (int i = 0; i < tasks.size(); ++i) {
    CheckTask(tasks[i], i, update, violations);
    need_config = need_config || SetsPicklist(tasks[i]);
  }
  if (!violations.empty()) {
    call->Reply(InvalidArgument(violations));
    return;
  }
  auto w = std::make_shared<TaskWrite>();
  w->client = client;
  w->config = config;
  w->users = users;
  w->concurrency = concurrency;
  w->update = update;
  w->tasks.assign(tasks.begin(), tasks.end());
  w->context = call->context();
  w->context.request_id = request_id;
  w->fail = [call](absl::Status status) { call->Reply(status); };
  w->finish = [call, response](std::vector<RecordResult> results) {
    for (RecordResult& r : results) *response->add_results() = std::move(r);
    call->Reply(absl::OkStatus());
  };
  if (!need_config) {
    LookUpOwners(std::move(w), nullptr);
    return;
  }
  config->Get(w->context, [w](absl::StatusOr<TaskConfigPtr> got) mutable {
    if (!got.ok()) {
      w->fail(got.status());
      return;
    }
    LookUpOwners(std::move(w), *std::move(got));
  });
}

}  // namespace

TaskService::TaskService(GainsightClient* client, TaskConfigCache* config,
                         UserDirectory* users, ApiOptions api_options,
                         int concurrency)
    : client_(client),
      config_(config),
      users_(users),
      api_options_(std::move(api_options)),
      concurrency_(concurrency) {}

grpc::ServerUnaryReactor* TaskService::CreateTasks(
    grpc::CallbackServerContext* context,
    const gainsight::v1::CreateTasksRequest* request,
    gainsight::v1::CreateTasksResponse* response) {
  auto* call = new UnaryCall(context, api_options_);
  WriteTasks(client_, config_, users_, concurrency_, call, request->tasks(),
             request->request_id(), /*update=*/false, response);
  return call;
}

grpc::ServerUnaryReactor* TaskService::UpdateTasks(
    grpc::CallbackServerContext* context,
    const gainsight::v1::UpdateTasksRequest* request,
    gainsight::v1::UpdateTasksResponse* response) {
  auto* call = new UnaryCall(context, api_options_);
  WriteTasks(client_, config_, users_, concurrency_, call, request->tasks(),
             request->request_id(), /*update=*/true, response);
  return call;
}

grpc::ServerUnaryReactor* TaskService::ListTasks(
    grpc::CallbackServerContext* context,
    const gainsight::v1::ListTasksRequest* request,
    gainsight::v1::ListTasksResponse* response) {
  auto* call = new UnaryCall(context, api_options_);
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
  std::vector<std::string> select = TaskMapping().DefaultSelect();
  for (const std::string& f : request->extra_fields()) select.push_back(f);
  gainsight::v1::Filter filter;
  auto* c = filter.add_conditions();
  c->set_field("CtaId");
  c->set_operator_(gainsight::v1::OPERATOR_EQ);
  c->add_values()->set_string_value(request->cta_id());
  ReplyWithCockpitPage<Task>(
      client_, call,
      {EndpointId::kTaskList, std::move(select), filter, page, "task"},
      &TaskFromRow, response->mutable_tasks(),
      response->mutable_next_page_token());
  return call;
}

}  // namespace gg
