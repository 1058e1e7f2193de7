#include "api/playbook_service.h"

#include <memory>
#include <string>
#include <utility>

#include "absl/strings/str_cat.h"
#include "api/page_token.h"
#include "api/validation.h"
#include "common/status_details.h"
#include "gainsight/error_mapping.h"
#include "gainsight/picklist.h"
#include "gainsight/playbook_mapping.h"

namespace gg {
namespace {

using gainsight::v1::EntityType;

absl::string_view EntityName(EntityType type) {
  return type == gainsight::v1::ENTITY_TYPE_RELATIONSHIP ? "RELATIONSHIP"
                                                         : "COMPANY";
}

// The list call, once the CTA type (if any) is a GSID.
void List(CockpitReads* reads, UnaryCall* call,
          const gainsight::v1::ListPlaybooksRequest& request,
          const std::string& cta_type_id, NumberedPage page,
          gainsight::v1::ListPlaybooksResponse* response) {
  const std::string entity =
      request.entity_type() == gainsight::v1::ENTITY_TYPE_UNSPECIFIED
          ? ""
          : std::string(EntityName(request.entity_type()));
  reads->ListPlaybooks(
      page.page_size, page.PageNumber(), cta_type_id, entity,
      request.include_inactive(), call->context(),
      [call, response, page](absl::StatusOr<Json> data) {
        if (!data.ok()) {
          call->Reply(data.status());
          return;
        }
        if (!data->is_array()) {
          absl::Status s =
              absl::InternalError("Gainsight's playbook list is not an array");
          AttachErrorInfo(s, reason::kMalformed);
          call->Reply(s);
          return;
        }
        for (const Json& json : *data) {
          gainsight::v1::Playbook* playbook = response->add_playbooks();
          absl::Status s = PlaybookFromJson(json, playbook);
          if (!s.ok()) {
            AttachErrorInfo(s, reason::kMalformed);
            call->Reply(s);
            return;
          }
          playbook->clear_tasks();  // the list leaves them out
        }
        response->set_next_page_token(
            page.NextToken(response->playbooks_size()));
        call->Reply(absl::OkStatus());
      });
}

}  // namespace

PlaybookService::PlaybookService(CockpitReads* reads,
                                 CtaConfigCache* cta_config,
                                 ApiOptions api_options)
    : reads_(reads),
      cta_config_(cta_config),
      api_options_(std::move(api_options)) {}

grpc::ServerUnaryReactor* PlaybookService::ListPlaybooks(
    grpc::CallbackServerContext* context,
    const gainsight::v1::ListPlaybooksRequest* request,
    gainsight::v1::ListPlaybooksResponse* response) {
  auto* call = new UnaryCall(context, api_options_);
  Violations violations;
  if (!gainsight::v1::EntityType_IsValid(request->entity_type())) {
    violations.push_back({"entity_type", "is not an EntityType"});
  }
  const NumberedPage page =
      ReadNumberedPage(*request, request->page_size(), request->page_token(),
                       kDefaultPageSize, kMaxPlaybookPageSize, violations);
  if (!violations.empty()) {
    call->Reply(InvalidArgument(violations));
    return call;
  }
  if (request->cta_type().empty()) {
    List(reads_, call, *request, "", page, response);
    return call;
  }
  CockpitReads* reads = reads_;
  cta_config_->Get(
      request->entity_type(), call->context(),
      [reads, call, request, page,
       response](absl::StatusOr<CtaConfigPtr> config) {
        if (!config.ok()) {
          call->Reply(config.status());
          return;
        }
        google::protobuf::RepeatedPtrField<gainsight::v1::PicklistItem> types;
        for (const auto& type : (*config)->types()) {
          *types.Add() = type.type();
        }
        absl::StatusOr<std::string> type_id =
            ResolvePicklistValue(types, request->cta_type(), "cta_type");
        if (!type_id.ok()) {
          call->Reply(type_id.status());
          return;
        }
        List(reads, call, *request, *type_id, page, response);
      });
  return call;
}

grpc::ServerUnaryReactor* PlaybookService::GetPlaybook(
    grpc::CallbackServerContext* context,
    const gainsight::v1::GetPlaybookRequest* request,
    gainsight::v1::GetPlaybookResponse* response) {
  auto* call = new UnaryCall(context, api_options_);
  if (!IsGsid(request->gsid())) {
    call->Reply(InvalidArgument({{"gsid", kNotAGsid}}));
    return call;
  }
  reads_->GetPlaybook(request->gsid(), call->context(),
                      [call, response](absl::StatusOr<Json> data) {
                        if (!data.ok()) {
                          call->Reply(data.status());
                          return;
                        }
                        absl::Status s = PlaybookFromJson(
                            *data, response->mutable_playbook());
                        if (!s.ok()) AttachErrorInfo(s, reason::kMalformed);
                        call->Reply(s);
                      });
  return call;
}

}  // namespace gg
