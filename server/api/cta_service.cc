#include "api/cta_service.h"

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
#include "gainsight/cta_mapping.h"
#include "ops/cta_write.h"

namespace gg {
namespace {

using gainsight::v1::Cta;

constexpr char kCtasField[] = "ctas";

std::string CtaPath(int index) {
  return absl::StrCat(kCtasField, "[", index, "]");
}

void CheckGsidField(bool set, const std::string& value, const std::string& path,
                    Violations& out) {
  if (set && !IsGsid(value)) {
    out.push_back({path, kNotAGsid});
  }
}

void CheckCta(const Cta& cta, int index, bool update, Violations& out) {
  const std::string path = CtaPath(index);
  if (update) {
    if (!IsGsid(cta.gsid())) {
      out.push_back({path + ".gsid", "must be the CTA's GSID"});
    }
    for (const auto& [name, set] :
         {std::pair<const char*, bool>{"company_id", cta.has_company_id()},
          {"company_name", !cta.company_name().empty()},
          {"relationship_id", cta.has_relationship_id()},
          {"relationship_type_id", cta.has_relationship_type_id()},
          {"success_plan_id", cta.has_success_plan_id()}}) {
      if (set)
        out.push_back({absl::StrCat(path, ".", name), "is set on create only"});
    }
  } else {
    if (!cta.gsid().empty()) {
      out.push_back({path + ".gsid", "is output only on create"});
    }
    CheckRelationshipEntity(cta.has_relationship_id(),
                            cta.has_relationship_type_id(), path, out);
    if (!cta.has_company_id() && cta.company_name().empty()) {
      out.push_back({path + ".company_id",
                     "is required (or company_name, the company's name)"});
    }
    for (const auto& [name, set] :
         {std::pair<const char*, bool>{"name", cta.has_name()},
          {"type", cta.has_type()},
          {"status", cta.has_status()},
          {"priority", cta.has_priority()},
          {"reason", cta.has_reason()},
          {"owner", cta.has_owner()}}) {
      if (!set) out.push_back({absl::StrCat(path, ".", name), "is required"});
    }
  }
  if (cta.has_name() && cta.name().empty()) {
    out.push_back({path + ".name", "must not be empty"});
  }
  CheckGsidField(cta.has_company_id(), cta.company_id(), path + ".company_id",
                 out);
  CheckGsidField(cta.has_relationship_id(), cta.relationship_id(),
                 path + ".relationship_id", out);
  CheckGsidField(cta.has_relationship_type_id(), cta.relationship_type_id(),
                 path + ".relationship_type_id", out);
  CheckGsidField(cta.has_success_plan_id(), cta.success_plan_id(),
                 path + ".success_plan_id", out);
  CheckGsidField(cta.has_playbook_id(), cta.playbook_id(),
                 path + ".playbook_id", out);
  if (cta.has_owner() && !IsGsid(cta.owner()) && !IsEmailAddress(cta.owner())) {
    out.push_back(
        {path + ".owner", "must be a Gainsight user's email or GsUser GSID"});
  }
  if (cta.has_due_date()) CheckDate(cta.due_date(), path + ".due_date", out);
  CheckOutputOnly({{"entity_type", cta.entity_type() != 0},
                   {"type_id", !cta.type_id().empty()},
                   {"status_id", !cta.status_id().empty()},
                   {"priority_id", !cta.priority_id().empty()},
                   {"reason_id", !cta.reason_id().empty()},
                   {"owner_id", !cta.owner_id().empty()},
                   {"owner_name", !cta.owner_name().empty()},
                   {"playbook_name", !cta.playbook_name().empty()},
                   {"is_closed", cta.is_closed()},
                   {"close_time", cta.has_close_time()},
                   {"create_time", cta.has_create_time()},
                   {"update_time", cta.has_update_time()}},
                  path, out);
  CheckCustomFieldNames(cta.custom_fields(), path, out);
}

// Validates, then runs the write; replies on `call` with the results.
template <typename Response>
void WriteCtas(const CockpitServiceDeps& deps, CtaConfigCache* config,
               UnaryCall* call, CtaWriteRequest request,
               const std::string& request_id, Response* response) {
  Violations violations;
  CheckRecordCount(static_cast<int>(request.ctas.size()), kCtasField,
                   violations);
  CheckRequestId(request_id, violations);
  for (size_t i = 0; i < request.ctas.size(); ++i) {
    CheckCta(request.ctas[i], static_cast<int>(i), request.update, violations);
  }
  if (!violations.empty()) {
    call->Reply(InvalidArgument(violations));
    return;
  }
  CallContext context = call->context();
  context.request_id = request_id;
  RunCockpitWrite(
      deps.write,
      NewCtaWriter(std::move(request), config, deps.records, deps.concurrency),
      std::move(context), ReplyWithWriteResults(call, response));
}

}  // namespace

CtaService::CtaService(CockpitServiceDeps deps, CtaConfigCache* config)
    : deps_(std::move(deps)), config_(config) {}

grpc::ServerUnaryReactor* CtaService::CreateCtas(
    grpc::CallbackServerContext* context,
    const gainsight::v1::CreateCtasRequest* request,
    gainsight::v1::CreateCtasResponse* response) {
  auto* call = new UnaryCall(context, deps_.api_options);
  CtaWriteRequest write;
  write.ctas.assign(request->ctas().begin(), request->ctas().end());
  deps_.idempotent->Run(call, *request, request->request_id(), response,
                        [this, request, response,
                         write = std::move(write)](UnaryCall* call) mutable {
                          WriteCtas(deps_, config_, call, std::move(write),
                                    request->request_id(), response);
                        });
  return call;
}

grpc::ServerUnaryReactor* CtaService::UpdateCtas(
    grpc::CallbackServerContext* context,
    const gainsight::v1::UpdateCtasRequest* request,
    gainsight::v1::UpdateCtasResponse* response) {
  auto* call = new UnaryCall(context, deps_.api_options);
  Violations violations;
  if (!gainsight::v1::DueDateCascade_IsValid(request->due_date_cascade())) {
    violations.push_back({"due_date_cascade", "is not a DueDateCascade"});
  }
  if (!gainsight::v1::OwnerCascade_IsValid(request->owner_cascade())) {
    violations.push_back({"owner_cascade", "is not an OwnerCascade"});
  }
  if (!violations.empty()) {
    call->Reply(InvalidArgument(violations));
    return call;
  }
  CtaWriteRequest write;
  write.ctas.assign(request->ctas().begin(), request->ctas().end());
  write.update = true;
  write.due_date_cascade = request->due_date_cascade();
  write.owner_cascade = request->owner_cascade();
  WriteCtas(deps_, config_, call, std::move(write), request->request_id(),
            response);
  return call;
}

grpc::ServerUnaryReactor* CtaService::GetCta(
    grpc::CallbackServerContext* context,
    const gainsight::v1::GetCtaRequest* request,
    gainsight::v1::GetCtaResponse* response) {
  auto* call = new UnaryCall(context, deps_.api_options);
  Violations violations;
  CheckGetRequest(request->gsid(), request->extra_fields(), violations);
  if (!violations.empty()) {
    call->Reply(InvalidArgument(violations));
    return call;
  }
  CockpitListCall get;
  get.endpoint = EndpointId::kCtaList;
  SetDefaultSelectAndExtraFields(CtaDefaultSelect(), request->extra_fields(),
                                 &get);
  ReplyWithCockpitRecord<Cta>(deps_.reads, call, std::move(get),
                              request->gsid(), &CtaFromRow, "CTA",
                              kCtaNotFoundReason, response->mutable_cta());
  return call;
}

grpc::ServerUnaryReactor* CtaService::ListCtas(
    grpc::CallbackServerContext* context,
    const gainsight::v1::ListCtasRequest* request,
    gainsight::v1::ListCtasResponse* response) {
  auto* call = new UnaryCall(context, deps_.api_options);
  Violations violations;
  CheckSelect(request->select(), violations);
  CheckFilter(request->filter(), violations);
  const NumberedPage page =
      ReadNumberedPage(*request, request->page_size(), request->page_token(),
                       kDefaultPageSize, kMaxCockpitPageSize, violations);
  if (!violations.empty()) {
    call->Reply(InvalidArgument(violations));
    return call;
  }
  CockpitListCall list;
  list.endpoint = request->deleted_only() ? EndpointId::kCtaDeletedList
                                          : EndpointId::kCtaList;
  SetListSelect(request->select(), CtaDefaultSelect(), &list);
  list.filter = request->filter();
  CheckCockpitFilter(
      deps_.metadata, std::move(list), &IsCtaLabelCondition, call->context(),
      [this, call, response, page](absl::StatusOr<CockpitListCall> checked) {
        if (!checked.ok()) {
          call->Reply(checked.status());
          return;
        }
        ReadCtaPage(call, *std::move(checked), page, response);
      });
  return call;
}

void CtaService::ReadCtaPage(UnaryCall* call, CockpitListCall list,
                             NumberedPage page,
                             gainsight::v1::ListCtasResponse* response) {
  if (!FiltersCtaPicklists(list.filter)) {
    ReplyWithCockpitPage<Cta>(deps_.reads, call, std::move(list), page,
                              &CtaFromRow, response->mutable_ctas(),
                              response->mutable_next_page_token());
    return;
  }
  // Filters by label (`priority EQ High`, as writes take them) are sent by
  // the items' GSIDs, from the cached CTA configuration.
  config_->Get(
      gainsight::v1::ENTITY_TYPE_COMPANY, call->context(),
      [this, call, response, page,
       list = std::move(list)](absl::StatusOr<CtaConfigPtr> config) mutable {
        if (!config.ok()) {
          call->Reply(config.status());
          return;
        }
        if (absl::Status s = ResolveCtaFilterLabels(**config, &list.filter);
            !s.ok()) {
          call->Reply(s);
          return;
        }
        ReplyWithCockpitPage<Cta>(deps_.reads, call, std::move(list), page,
                                  &CtaFromRow, response->mutable_ctas(),
                                  response->mutable_next_page_token());
      });
}

grpc::ServerUnaryReactor* CtaService::GetCtaConfig(
    grpc::CallbackServerContext* context,
    const gainsight::v1::GetCtaConfigRequest* request,
    gainsight::v1::GetCtaConfigResponse* response) {
  auto* call = new UnaryCall(context, deps_.api_options);
  if (!gainsight::v1::EntityType_IsValid(request->entity_type())) {
    call->Reply(InvalidArgument({{"entity_type",
                                  "must be ENTITY_TYPE_COMPANY or "
                                  "ENTITY_TYPE_RELATIONSHIP"}}));
    return call;
  }
  config_->Get(request->entity_type(), call->context(),
               [call, response](absl::StatusOr<CtaConfigPtr> config) {
                 if (!config.ok()) {
                   call->Reply(config.status());
                   return;
                 }
                 *response = **config;
                 call->Reply(absl::OkStatus());
               });
  return call;
}

}  // namespace gg
