#include "api/cta_service.h"

#include <utility>

#include "common/status_details.h"

namespace gg {

CtaService::CtaService(CtaConfigCache* config, ApiOptions api_options)
    : config_(config), api_options_(std::move(api_options)) {}

grpc::ServerUnaryReactor* CtaService::GetCtaConfig(
    grpc::CallbackServerContext* context,
    const gainsight::v1::GetCtaConfigRequest* request,
    gainsight::v1::GetCtaConfigResponse* response) {
  auto* call = new UnaryCall(context, api_options_);
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
