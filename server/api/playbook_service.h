// gainsight.v1.PlaybookService: reads the tenant's Cockpit playbooks. A CTA
// type given by label resolves through the cached CTA configuration.
#ifndef GAINSIGHT_GATEWAY_SERVER_API_PLAYBOOK_SERVICE_H_
#define GAINSIGHT_GATEWAY_SERVER_API_PLAYBOOK_SERVICE_H_

#include "api/unary_call.h"
#include "gainsight/v1/playbook.grpc.pb.h"
#include "ops/cockpit_reads.h"
#include "ops/cta_config_cache.h"

namespace gg {

class PlaybookService final
    : public gainsight::v1::PlaybookService::CallbackService {
 public:
  PlaybookService(CockpitReads* reads, CtaConfigCache* cta_config,
                  ApiOptions api_options);

  grpc::ServerUnaryReactor* ListPlaybooks(
      grpc::CallbackServerContext* context,
      const gainsight::v1::ListPlaybooksRequest* request,
      gainsight::v1::ListPlaybooksResponse* response) override;
  grpc::ServerUnaryReactor* GetPlaybook(
      grpc::CallbackServerContext* context,
      const gainsight::v1::GetPlaybookRequest* request,
      gainsight::v1::GetPlaybookResponse* response) override;

 private:
  CockpitReads* const reads_;
  CtaConfigCache* const cta_config_;
  const ApiOptions api_options_;
};

}  // namespace gg

#endif  // GAINSIGHT_GATEWAY_SERVER_API_PLAYBOOK_SERVICE_H_
