#include "api/success_plan_service.h"

#include <algorithm>
#include <map>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/synchronization/mutex.h"
#include "api/cockpit_reads.h"
#include "api/page_token.h"
#include "api/validation.h"
#include "common/status_details.h"
#include "gainsight/error_mapping.h"
#include "gainsight/query_body.h"
#include "gainsight/success_plan_mapping.h"
#include "ops/cockpit_write.h"

namespace gg {
namespace {

using gainsight::v1::EntityType;
using gainsight::v1::SuccessPlan;
using Names = google::protobuf::RepeatedPtrField<std::string>;

constexpr char kPlansField[] = "success_plans";
constexpr char kPlanNotFoundReason[] = "SUCCESS_PLAN_NOT_FOUND";

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
  } else {
    if (!plan.gsid().empty()) {
      out.push_back({path + ".gsid", "is output only on create"});
    }
    if (!plan.has_name() || plan.name().empty()) {
      out.push_back({path + ".name", "is required"});
    }
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
    out.push_back(
        {path + ".company_id", "must be a GSID (letters and digits)"});
  }
  if (plan.has_relationship_id() && !IsGsid(plan.relationship_id())) {
    out.push_back(
        {path + ".relationship_id", "must be a GSID (letters and digits)"});
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

EntityType EntityOf(const SuccessPlan& plan) {
  return plan.has_relationship_id() ? gainsight::v1::ENTITY_TYPE_RELATIONSHIP
                                    : gainsight::v1::ENTITY_TYPE_COMPANY;
}

void AddViolations(const absl::Status& status, Violations& out) {
  google::rpc::BadRequest bad;
  GetBadRequest(status, &bad);
  for (const auto& v : bad.field_violations()) {
    out.push_back({v.field(), v.description()});
  }
}

// Validates, resolves labels, then writes `plans`.
template <typename Response>
void WritePlans(GainsightClient* client, SuccessPlanConfigCache* cache,
                UserDirectory* users, int concurrency, UnaryCall* call,
                const google::protobuf::RepeatedPtrField<SuccessPlan>& plans,
                const std::string& request_id, bool update,
                Response* response) {
  Violations violations;
  CheckRecordCount(plans.size(), kPlansField, violations);
  CheckRequestId(request_id, violations);
  std::vector<EntityType> types;
  bool need_company = false, need_relationship = false;
  for (int i = 0; i < plans.size(); ++i) {
    CheckPlan(plans[i], i, update, violations);
    if (plans[i].has_type() || plans[i].has_status()) {
      (EntityOf(plans[i]) == gainsight::v1::ENTITY_TYPE_RELATIONSHIP
           ? need_relationship
           : need_company) = true;
    }
  }
  if (!violations.empty()) {
    call->Reply(InvalidArgument(violations));
    return;
  }
  if (need_company) types.push_back(gainsight::v1::ENTITY_TYPE_COMPANY);
  if (need_relationship) {
    types.push_back(gainsight::v1::ENTITY_TYPE_RELATIONSHIP);
  }
  CallContext ctx = call->context();
  ctx.request_id = request_id;
  std::vector<SuccessPlan> copy(plans.begin(), plans.end());
  GetEach<EntityType, SuccessPlanConfigPtr>(
      cache, std::move(types), ctx,
      [client, users, concurrency, call, copy = std::move(copy), ctx, update,
       response](absl::StatusOr<std::map<EntityType, SuccessPlanConfigPtr>>
                     configs) mutable {
        if (!configs.ok()) {
          call->Reply(configs.status());
          return;
        }
        std::vector<std::string> emails;
        for (const SuccessPlan& plan : copy) {
          if (plan.has_owner() && IsEmailAddress(plan.owner())) {
            emails.push_back(plan.owner());
          }
        }
        users->Lookup(
            emails, ctx,
            [client, concurrency, call, copy = std::move(copy), ctx, update,
             response, configs = *std::move(configs)](
                absl::StatusOr<UsersByEmail> owners) mutable {
              if (!owners.ok()) {
                call->Reply(owners.status());
                return;
              }
              std::vector<CockpitRecord> records;
              Violations bad;
              for (size_t i = 0; i < copy.size(); ++i) {
                const SuccessPlan& plan = copy[i];
                std::string type_id, status_id;
                const std::string path = PlanPath(static_cast<int>(i));
                if (plan.has_type() || plan.has_status()) {
                  const SuccessPlanConfig& config = *configs[EntityOf(plan)];
                  if (plan.has_type()) {
                    auto id = ResolvePicklistLabel(config.types, plan.type(),
                                                   path + ".type");
                    if (id.ok()) {
                      type_id = *id;
                    } else {
                      AddViolations(id.status(), bad);
                    }
                  }
                  if (plan.has_status()) {
                    auto id = ResolvePicklistLabel(
                        config.statuses, plan.status(), path + ".status");
                    if (id.ok()) {
                      status_id = *id;
                    } else {
                      AddViolations(id.status(), bad);
                    }
                  }
                }
                absl::StatusOr<std::string> owner_id =
                    ResolveOwner(*owners, plan.owner(), path + ".owner");
                if (!owner_id.ok()) {
                  AddViolations(owner_id.status(), bad);
                  continue;
                }
                Json record =
                    SuccessPlanRecord(plan, update, type_id, status_id,
                                      *owner_id, std::to_string(i));
                records.push_back({static_cast<int>(i), std::move(record)});
              }
              if (!bad.empty()) {
                call->Reply(InvalidArgument(bad));
                return;
              }
              CockpitWriteSpec spec;
              spec.endpoint = update ? EndpointId::kSuccessPlanUpdate
                                     : EndpointId::kSuccessPlanCreate;
              spec.update = update;
              spec.records_field = kPlansField;
              spec.proto_field = [](absl::string_view api_name) {
                return SuccessPlanProtoField(api_name);
              };
              if (spec.update)
                spec.not_found.push_back({"Gsid",
                                          "no success plan with that gsid",
                                          kPlanNotFoundReason});
              spec.concurrency = concurrency;
              WriteCockpitRecords(
                  client, ctx, std::move(spec),
                  std::vector<gainsight::v1::RecordResult>(copy.size()),
                  std::move(records),
                  [call,
                   response](std::vector<gainsight::v1::RecordResult> results) {
                    for (auto& r : results)
                      *response->add_results() = std::move(r);
                    call->Reply(absl::OkStatus());
                  });
            });
      });
}

}  // namespace

SuccessPlanService::SuccessPlanService(GainsightClient* client,
                                       SuccessPlanConfigCache* config,
                                       UserDirectory* users,
                                       ApiOptions api_options, int concurrency)
    : client_(client),
      config_(config),
      users_(users),
      api_options_(api_options),
      concurrency_(concurrency) {}

grpc::ServerUnaryReactor* SuccessPlanService::CreateSuccessPlans(
    grpc::CallbackServerContext* context,
    const gainsight::v1::CreateSuccessPlansRequest* request,
    gainsight::v1::CreateSuccessPlansResponse* response) {
  auto* call = new UnaryCall(context, api_options_);
  WritePlans(client_, config_, users_, concurrency_, call,
             request->success_plans(), request->request_id(), /*update=*/false,
             response);
  return call;
}

grpc::ServerUnaryReactor* SuccessPlanService::UpdateSuccessPlans(
    grpc::CallbackServerContext* context,
    const gainsight::v1::UpdateSuccessPlansRequest* request,
    gainsight::v1::UpdateSuccessPlansResponse* response) {
  auto* call = new UnaryCall(context, api_options_);
  WritePlans(client_, config_, users_, concurrency_, call,
             request->success_plans(), request->request_id(), /*update=*/true,
             response);
  return call;
}

grpc::ServerUnaryReactor* SuccessPlanService::GetSuccessPlan(
    grpc::CallbackServerContext* context,
    const gainsight::v1::GetSuccessPlanRequest* request,
    gainsight::v1::GetSuccessPlanResponse* response) {
  auto* call = new UnaryCall(context, api_options_);
  Violations violations;
  CheckGetRequest(request->gsid(), request->extra_fields(), violations);
  if (!violations.empty()) {
    call->Reply(InvalidArgument(violations));
    return call;
  }
  std::vector<std::string> select = SuccessPlanSelect();
  for (const std::string& f : request->extra_fields()) select.push_back(f);
  ReplyWithCockpitRecord<SuccessPlan>(
      client_, call, EndpointId::kSuccessPlanList, std::move(select),
      request->gsid(), &SuccessPlanFromRow, "success plan", kPlanNotFoundReason,
      response->mutable_success_plan());
  return call;
}

grpc::ServerUnaryReactor* SuccessPlanService::ListSuccessPlans(
    grpc::CallbackServerContext* context,
    const gainsight::v1::ListSuccessPlansRequest* request,
    gainsight::v1::ListSuccessPlansResponse* response) {
  auto* call = new UnaryCall(context, api_options_);
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
  ReplyWithCockpitPage<SuccessPlan>(
      client_, call,
      {request->deleted_only() ? EndpointId::kSuccessPlanDeletedList
                               : EndpointId::kSuccessPlanList,
       SelectOrDefault(request->select(), SuccessPlanSelect()),
       request->filter(), page, "success plan"},
      &SuccessPlanFromRow, response->mutable_success_plans(),
      response->mutable_next_page_token());
  return call;
}

grpc::ServerUnaryReactor* SuccessPlanService::GetSuccessPlanConfig(
    grpc::CallbackServerContext* context,
    const gainsight::v1::GetSuccessPlanConfigRequest* request,
    gainsight::v1::GetSuccessPlanConfigResponse* response) {
  auto* call = new UnaryCall(context, api_options_);
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
