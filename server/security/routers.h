// The routers of the ten gainsight.v1 services (see router.h).
#ifndef GAINSIGHT_GATEWAY_SERVER_SECURITY_ROUTERS_H_
#define GAINSIGHT_GATEWAY_SERVER_SECURITY_ROUTERS_H_

#include <memory>
#include <vector>

#include "gainsight/v1/bulk.grpc.pb.h"
#include "gainsight/v1/company.grpc.pb.h"
#include "gainsight/v1/cta.grpc.pb.h"
#include "gainsight/v1/custom_object.grpc.pb.h"
#include "gainsight/v1/metadata.grpc.pb.h"
#include "gainsight/v1/person.grpc.pb.h"
#include "gainsight/v1/playbook.grpc.pb.h"
#include "gainsight/v1/quota.grpc.pb.h"
#include "gainsight/v1/relationship.grpc.pb.h"
#include "gainsight/v1/success_plan.grpc.pb.h"
#include "gainsight/v1/task.grpc.pb.h"
#include "grpcpp/grpcpp.h"
#include "security/call_gate.h"

namespace gg {

// One tenant's service objects.
struct TenantServices {
  gainsight::v1::CompanyService::CallbackService* company = nullptr;
  gainsight::v1::QuotaService::CallbackService* quota = nullptr;
  gainsight::v1::PersonService::CallbackService* person = nullptr;
  gainsight::v1::CustomObjectService::CallbackService* custom_object = nullptr;
  gainsight::v1::RelationshipService::CallbackService* relationship = nullptr;
  gainsight::v1::CtaService::CallbackService* cta = nullptr;
  gainsight::v1::TaskService::CallbackService* task = nullptr;
  gainsight::v1::PlaybookService::CallbackService* playbook = nullptr;
  gainsight::v1::SuccessPlanService::CallbackService* success_plan = nullptr;
  gainsight::v1::MetadataService::CallbackService* metadata = nullptr;
  gainsight::v1::BulkService::CallbackService* bulk = nullptr;
};

// One router per service, forwarding to `tenants` (index = tenant index).
std::vector<std::unique_ptr<grpc::Service>> MakeRouters(
    const CallGate* gate, const std::vector<TenantServices>& tenants);

}  // namespace gg

#endif  // GAINSIGHT_GATEWAY_SERVER_SECURITY_ROUTERS_H_
