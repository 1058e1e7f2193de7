#include "api/success_plan_service.h"

#include <algorithm>
#include <map>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"
#include "api/cockpit_filter_check.h"
#include "api/cockpit_replies.h"
#include "api/page_token.h"
#include "api/validation.h"
#include "common/status_details.h"
#include "gainsight/success_plan_mapping.h"
#include "ops/success_plan_write.h"

namespace gg {
namespace {

using gainsight::v1::EntityType;
using gainsight::v1::SuccessPlan;
using Names = google::protobuf::RepeatedPtrField<std::string>;

constexpr char kPlansField[] = "success_plans";

std::string PlanPath(int index) {
  return absl::StrCat(kPlansField, "[", index, "]");
}

void CheckPlan(const SuccessPlan& plan, int index, bool update,
               Violations& out) {
  const std::string path = PlanPath(index);
  if (update) {
    if (!IsGsid(plan.gsid())) {
      out.push_back({path + ".gsid", "must be the plan's GSID"});
    }
    if (plan.has_company_id()) {
      out.push_back({path + ".company_id", "is set on create only"});
    }
    if (plan.has_relationship_id()) {
      out.push_back({path + ".relationship_id", "is set on create only"});
    }
    if (plan.has_relationship_type_id()) {
      out.push_back({path + ".relationship_type_id", "is set on create only"});
    }
  } else {
    if (!plan.gsid().empty()) {
      out.push_back({path + ".gsid", "is output only on create"});
    }
    if (!plan.has_name() || plan.name().empty()) {
      out.push_back({path + ".name", "is required"});
    }
    CheckRelationshipEntity(plan.has_relationship_id(),
                            plan.has_relationship_type_id(), path, out);
    if (!plan.has_company_id()) {
      out.push_back({path + ".company_id", "is required"});
    }
    if (!plan.has_type() || plan.type().empty()) {
      out.push_back({path + ".type", "is required"});
    }
    if (!plan.has_due_date()) {
      out.push_back({path + ".due_date", "is required"});
    }
  }
  if (plan.has_company_id() && !IsGsid(plan.company_id())) {
    out.push_back({path + ".company_id", kNotAGsid});
  }
  if (plan.has_relationship_id() && !IsGsid(plan.relationship_id())) {
    out.push_back({path + ".relationship_id", kNotAGsid});
  }
  if (plan.has_relationship_type_id() && !IsGsid(plan.relationship_type_id())) {
    out.push_back({path + ".relationship_type_id", kNotAGsid});
  }
  if (plan.has_owner() && !IsGsid(plan.owner()) &&
      !IsEmailAddress(plan.owner())) {
    out.push_back(
        {path + ".owner", "must be a Gainsight user's email or GsUser GSID"});
  }
  if (!plan.templates().empty()) {
    out.push_back({path + ".templates", "are not supported yet"});
  }
  if (plan.has_start_date()) {
    CheckDate(plan.start_date(), path + ".start_date", out);
  }
  if (plan.has_due_date()) CheckDate(plan.due_date(), path + ".due_date", out);
  CheckOutputOnly({{"company_name", !plan.company_name().empty()},
                   {"type_id", !plan.type_id().empty()},
                   {"status_id", !plan.status_id().empty()},
                   {"owner_id", !plan.owner_id().empty()},
                   {"owner_name", !plan.owner_name().empty()},
                   {"entity_type", plan.entity_type() != 0},
                   {"is_closed", plan.is_closed()},
                   {"create_time", plan.has_create_time()},
                   {"update_time", plan.has_update_time()},
                   {"active_time", plan.has_active_time()},
                   {"close_time", plan.has_close_time()}},
                  path, out);
  CheckCustomFieldNames(plan.custom_fields(), path, out);
}

template <typename Response>
void WritePlans(const CockpitServiceDeps& deps, SuccessPlanConfigCache* config,
                UnaryCall* call,
                const google::protobuf::RepeatedPtrField<SuccessPlan>& plans,
                const std::string& request_id, bool update,
                Response* response) {
  Violations violations;
  CheckRecordCount(plans.size(), kPlansField, violations);
  CheckRequestId(request_id, violations);
  for (int i = 0; i < plans.size(); ++i) {
    CheckPlan(plans[i], i, update, violations);
  }
  if (!violations.empty()) {
    call->Reply(InvalidArgument(violations));
    return;
  }
  CallContext context = call->context();
  context.request_id = request_id;
  RunCockpitWrite(deps.write,
                  NewSuccessPlanWriter({plans.begin(), plans.end()}, update,
                                       config, deps.concurrency),
                  std::move(context), ReplyWithWriteResults(call, response));
}

}  // namespace

SuccessPlanService::SuccessPlanService(CockpitServiceDeps deps,
                                       SuccessPlanConfigCache* config)
    : deps_(std::move(deps)), config_(config) {}

grpc::ServerUnaryReactor* SuccessPlanService::CreateSuccessPlans(
    grpc::CallbackServerContext* context,
    const gainsight::v1::CreateSuccessPlansRequest* request,
    gainsight::v1::CreateSuccessPlansResponse* response) {
  auto* call = new UnaryCall(context, deps_.api_options);
  deps_.idempotent->Run(call, *request, request->request_id(), response,
                        [this, request, response](UnaryCall* call) {
                          WritePlans(deps_, config_, call,
                                     request->success_plans(),
                                     request->request_id(),
                                     /*update=*/false, response);
                        });
  return call;
}

grpc::ServerUnaryReactor* SuccessPlanService::UpdateSuccessPlans(
    grpc::CallbackServerContext* context,
    const gainsight::v1::UpdateSuccessPlansRequest* request,
    gainsight::v1::UpdateSuccessPlansResponse* response) {
  auto* call = new UnaryCall(context, deps_.api_options);
  WritePlans(deps_, config_, call, request->success_plans(),
             request->request_id(), /*update=*/true, response);
  return call;
}

grpc::ServerUnaryReactor* SuccessPlanService::GetSuccessPlan(
    grpc::CallbackServerContext* context,
    const gainsight::v1::GetSuccessPlanRequest* request,
    gainsight::v1::GetSuccessPlanResponse* response) {
  auto* call = new UnaryCall(context, deps_.api_options);
  Violations violations;
  CheckGetRequest(request->gsid(), request->extra_fields(), violations);
  if (!violations.empty()) {
    call->Reply(InvalidArgument(violations));
    return call;
  }
  CockpitListCall get;
  get.endpoint = EndpointId::kSuccessPlanList;
  SetDefaultSelectAndExtraFields(SuccessPlanSelect(), request->extra_fields(),
                                 &get);
  ReplyWithCockpitRecord<SuccessPlan>(
      deps_.reads, call, std::move(get), request->gsid(), &SuccessPlanFromRow,
      "success plan", kSuccessPlanNotFoundReason,
      response->mutable_success_plan());
  return call;
}

grpc::ServerUnaryReactor* SuccessPlanService::ListSuccessPlans(
    grpc::CallbackServerContext* context,
    const gainsight::v1::ListSuccessPlansRequest* request,
    gainsight::v1::ListSuccessPlansResponse* response) {
  auto* call = new UnaryCall(context, deps_.api_options);
  Violations violations;
  CheckSelect(request->select(), violations);
  CheckFilter(request->filter(), violations);
  const NumberedPage page =
      ReadNumberedPage(*request, request->page_size(), request->page_token(),
                       kDefaultPageSize, kMaxSuccessPlanPageSize, violations);
  if (!violations.empty()) {
    call->Reply(InvalidArgument(violations));
    return call;
  }
  CockpitListCall list;
  list.endpoint = request->deleted_only() ? EndpointId::kSuccessPlanDeletedList
                                          : EndpointId::kSuccessPlanList;
  SetListSelect(request->select(), SuccessPlanSelect(), &list);
  list.filter = request->filter();
  CheckCockpitFilter(
      deps_.metadata, std::move(list), /*gateway_owned=*/nullptr,
      call->context(),
      [this, call, response, page](absl::StatusOr<CockpitListCall> checked) {
        if (!checked.ok()) {
          call->Reply(checked.status());
          return;
        }
        ReplyWithCockpitPage<SuccessPlan>(
            deps_.reads, call, *std::move(checked), page, &SuccessPlanFromRow,
            response->mutable_success_plans(),
            response->mutable_next_page_token());
      });
  return call;
}

grpc::ServerUnaryReactor* SuccessPlanService::GetSuccessPlanConfig(
    grpc::CallbackServerContext* context,
    const gainsight::v1::GetSuccessPlanConfigRequest* request,
    gainsight::v1::GetSuccessPlanConfigResponse* response) {
  auto* call = new UnaryCall(context, deps_.api_options);
  const EntityType type = request->entity_type();
  if (type != gainsight::v1::ENTITY_TYPE_UNSPECIFIED &&
      type != gainsight::v1::ENTITY_TYPE_COMPANY &&
      type != gainsight::v1::ENTITY_TYPE_RELATIONSHIP) {
    call->Reply(
        InvalidArgument({{"entity_type", "must be COMPANY or RELATIONSHIP"}}));
    return call;
  }
  config_->Get(type, call->context(),
               [call, response](absl::StatusOr<SuccessPlanConfigPtr> config) {
                 if (!config.ok()) {
                   call->Reply(config.status());
                   return;
                 }
                 for (const auto& item : (*config)->types) {
                   *response->add_types() = item;
                 }
                 for (const auto& item : (*config)->statuses) {
                   *response->add_statuses() = item;
                 }
                 call->Reply(absl::OkStatus());
               });
  return call;
}

}  // namespace gg
