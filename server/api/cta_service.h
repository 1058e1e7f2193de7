// gainsight.v1.CtaService: CTA writes through the Cockpit write pipeline
// (labels and owner emails resolved from cached configuration and users),
// reads through the Cockpit list, and the CTA configuration.
#ifndef GAINSIGHT_GATEWAY_SERVER_API_CTA_SERVICE_H_
#define GAINSIGHT_GATEWAY_SERVER_API_CTA_SERVICE_H_

#include "api/cockpit_replies.h"
#include "api/unary_call.h"
#include "gainsight/v1/cta.grpc.pb.h"
#include "ops/cta_config_cache.h"

namespace gg {

class CtaService final : public gainsight::v1::CtaService::CallbackService {
 public:
  CtaService(CockpitServiceDeps deps, CtaConfigCache* config);

  grpc::ServerUnaryReactor* CreateCtas(
      grpc::CallbackServerContext* context,
      const gainsight::v1::CreateCtasRequest* request,
      gainsight::v1::CreateCtasResponse* response) override;
  grpc::ServerUnaryReactor* UpdateCtas(
      grpc::CallbackServerContext* context,
      const gainsight::v1::UpdateCtasRequest* request,
      gainsight::v1::UpdateCtasResponse* response) override;
  grpc::ServerUnaryReactor* GetCta(
      grpc::CallbackServerContext* context,
      const gainsight::v1::GetCtaRequest* request,
      gainsight::v1::GetCtaResponse* response) override;
  grpc::ServerUnaryReactor* ListCtas(
      grpc::CallbackServerContext* context,
      const gainsight::v1::ListCtasRequest* request,
      gainsight::v1::ListCtasResponse* response) override;
  grpc::ServerUnaryReactor* GetCtaConfig(
      grpc::CallbackServerContext* context,
      const gainsight::v1::GetCtaConfigRequest* request,
      gainsight::v1::GetCtaConfigResponse* response) override;

 private:
  // One page of `list` (its filter checked), CTA labels in the filter sent
  // as their items' GSIDs.
  void ReadCtaPage(UnaryCall* call, CockpitListCall list, NumberedPage page,
                   gainsight::v1::ListCtasResponse* response);

  const CockpitServiceDeps deps_;
  CtaConfigCache* const config_;
};

}  // namespace gg

#endif  // GAINSIGHT_GATEWAY_SERVER_API_CTA_SERVICE_H_
