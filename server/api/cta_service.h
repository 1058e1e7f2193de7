// gainsight.v1.CtaService: the tenant's CTA configuration, read through the
// CTA configuration cache. The CTA read and write RPCs are not implemented
// yet and answer UNIMPLEMENTED.
#ifndef GAINSIGHT_GATEWAY_SERVER_API_CTA_SERVICE_H_
#define GAINSIGHT_GATEWAY_SERVER_API_CTA_SERVICE_H_

#include "api/unary_call.h"
#include "gainsight/v1/cta.grpc.pb.h"
#include "ops/cta_config_cache.h"

namespace gg {

class CtaService final : public gainsight::v1::CtaService::CallbackService {
 public:
  CtaService(CtaConfigCache* config, ApiOptions api_options);

  grpc::ServerUnaryReactor* GetCtaConfig(
      grpc::CallbackServerContext* context,
      const gainsight::v1::GetCtaConfigRequest* request,
      gainsight::v1::GetCtaConfigResponse* response) override;

 private:
  CtaConfigCache* const config_;
  const ApiOptions api_options_;
};

}  // namespace gg

#endif  // GAINSIGHT_GATEWAY_SERVER_API_CTA_SERVICE_H_
