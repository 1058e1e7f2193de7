// gainsight.v1.QuotaService: the limiter's view of the tenant's budget.
#ifndef GAINSIGHT_GATEWAY_SERVER_API_QUOTA_SERVICE_H_
#define GAINSIGHT_GATEWAY_SERVER_API_QUOTA_SERVICE_H_

#include "gainsight/v1/quota.grpc.pb.h"
#include "quota/limiter.h"

namespace gg {

class QuotaService final : public gainsight::v1::QuotaService::CallbackService {
 public:
  explicit QuotaService(Limiter* limiter) : limiter_(limiter) {}

  grpc::ServerUnaryReactor* GetQuota(
      grpc::CallbackServerContext* context,
      const gainsight::v1::GetQuotaRequest* request,
      gainsight::v1::GetQuotaResponse* response) override;

 private:
  Limiter* const limiter_;
};

}  // namespace gg

#endif  // GAINSIGHT_GATEWAY_SERVER_API_QUOTA_SERVICE_H_
