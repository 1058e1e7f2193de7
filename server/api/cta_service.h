// gainsight.v1.CtaService: CTA writes with labels and owner emails resolved
// from cached configuration and users, reads through the Cockpit list, and
// the CTA configuration.
#ifndef GAINSIGHT_GATEWAY_SERVER_API_CTA_SERVICE_H_
#define GAINSIGHT_GATEWAY_SERVER_API_CTA_SERVICE_H_

#include "api/unary_call.h"
#include "gainsight/client.h"
#include "gainsight/v1/cta.grpc.pb.h"
#include "ops/cta_config_cache.h"
#include "ops/user_directory.h"

namespace gg {

class CtaService final : public gainsight::v1::CtaService::CallbackService {
 public:
  // `concurrency`: calls of one batch write in flight at once.
  CtaService(GainsightClient* client, CtaConfigCache* config,
             UserDirectory* users, ApiOptions api_options, int concurrency);

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
  GainsightClient* const client_;
  CtaConfigCache* const config_;
  UserDirectory* const users_;
  const ApiOptions api_options_;
  const int concurrency_;
};

}  // namespace gg

#endif  // GAINSIGHT_GATEWAY_SERVER_API_CTA_SERVICE_H_
