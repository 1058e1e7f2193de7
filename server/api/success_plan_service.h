// gainsight.v1.SuccessPlanService: validates each request, resolves type and
// status labels from the cached configuration, and calls the Success Plan
// API (writes 50 plans per call, one result per plan in input order).
#ifndef GAINSIGHT_GATEWAY_SERVER_API_SUCCESS_PLAN_SERVICE_H_
#define GAINSIGHT_GATEWAY_SERVER_API_SUCCESS_PLAN_SERVICE_H_

#include "api/unary_call.h"
#include "gainsight/client.h"
#include "gainsight/v1/success_plan.grpc.pb.h"
#include "ops/success_plan_config_cache.h"
#include "ops/user_directory.h"

namespace gg {

class SuccessPlanService final
    : public gainsight::v1::SuccessPlanService::CallbackService {
 public:
  // `concurrency`: write calls one request keeps in flight.
  SuccessPlanService(GainsightClient* client, SuccessPlanConfigCache* config,
                     UserDirectory* users, ApiOptions api_options,
                     int concurrency);

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
  GainsightClient* const client_;
  SuccessPlanConfigCache* const config_;
  UserDirectory* const users_;
  const ApiOptions api_options_;
  const int concurrency_;
};

}  // namespace gg

#endif  // GAINSIGHT_GATEWAY_SERVER_API_SUCCESS_PLAN_SERVICE_H_
