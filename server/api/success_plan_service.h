// gainsight.v1.SuccessPlanService: validates each request, resolves type and
// status labels from the cached configuration, and calls the Success Plan
// API (writes 50 plans per call, one result per plan in input order).
#ifndef GAINSIGHT_GATEWAY_SERVER_API_SUCCESS_PLAN_SERVICE_H_
#define GAINSIGHT_GATEWAY_SERVER_API_SUCCESS_PLAN_SERVICE_H_

#include "api/cockpit_replies.h"
#include "api/unary_call.h"
#include "gainsight/v1/success_plan.grpc.pb.h"
#include "ops/success_plan_config_cache.h"

namespace gg {

class SuccessPlanService final
    : public gainsight::v1::SuccessPlanService::CallbackService {
 public:
  // `concurrency`: write calls one request keeps in flight.
  SuccessPlanService(CockpitServiceDeps deps, SuccessPlanConfigCache* config);

  grpc::ServerUnaryReactor* CreateSuccessPlans(
      grpc::CallbackServerContext* context,
      const gainsight::v1::CreateSuccessPlansRequest* request,
      gainsight::v1::CreateSuccessPlansResponse* response) override;
  grpc::ServerUnaryReactor* UpdateSuccessPlans(
      grpc::CallbackServerContext* context,
      const gainsight::v1::UpdateSuccessPlansRequest* request,
      gainsight::v1::UpdateSuccessPlansResponse* response) override;
  grpc::ServerUnaryReactor* GetSuccessPlan(
      grpc::CallbackServerContext* context,
      const gainsight::v1::GetSuccessPlanRequest* request,
      gainsight::v1::GetSuccessPlanResponse* response) override;
  grpc::ServerUnaryReactor* ListSuccessPlans(
      grpc::CallbackServerContext* context,
      const gainsight::v1::ListSuccessPlansRequest* request,
      gainsight::v1::ListSuccessPlansResponse* response) override;
  grpc::ServerUnaryReactor* GetSuccessPlanConfig(
      grpc::CallbackServerContext* context,
      const gainsight::v1::GetSuccessPlanConfigRequest* request,
      gainsight::v1::GetSuccessPlanConfigResponse* response) override;

 private:
  const CockpitServiceDeps deps_;
  SuccessPlanConfigCache* const config_;
};

}  // namespace gg

#endif  // GAINSIGHT_GATEWAY_SERVER_API_SUCCESS_PLAN_SERVICE_H_
