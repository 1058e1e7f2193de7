// gainsight.v1.QuotaService: the limiter's view of the tenant's budget.
#ifndef GAINSIGHT_GATEWAY_SERVER_API_QUOTA_SERVICE_H_
#define GAINSIGHT_GATEWAY_SERVER_API_QUOTA_SERVICE_H_

#include "common/clock.h"
#include "gainsight/v1/quota.grpc.pb.h"
#include "observe/recent_writes.h"
#include "quota/limiter.h"

namespace gg {

class QuotaService final : public gainsight::v1::QuotaService::CallbackService {
 public:
  // `recent_writes` (may be null) gives the records per write call.
  QuotaService(Limiter* limiter, const RecentWrites* recent_writes,
               Clock* clock)
      : limiter_(limiter), recent_writes_(recent_writes), clock_(clock) {}

  grpc::ServerUnaryReactor* GetQuota(
      grpc::CallbackServerContext* context,
      const gainsight::v1::GetQuotaRequest* request,
      gainsight::v1::GetQuotaResponse* response) override;

 private:
  Limiter* const limiter_;
  const RecentWrites* const recent_writes_;
  Clock* const clock_;
};

}  // namespace gg

#endif  // GAINSIGHT_GATEWAY_SERVER_API_QUOTA_SERVICE_H_
