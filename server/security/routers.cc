#include "security/routers.h"

#include "security/router.h"

namespace gg {

int64_t RecordsInMessage(const google::protobuf::Message& message) {
  const google::protobuf::FieldDescriptor* field =
      message.GetDescriptor()->FindFieldByName("records");
  if (field == nullptr || !field->is_repeated()) return 0;
  return message.GetReflection()->FieldSize(message, field);
}

namespace {

namespace v1 = gainsight::v1;

class CompanyRouter : public Router<v1::CompanyService> {
 public:
  using Router::Router;
  GG_ROUTE_UNARY(InsertCompanies)
  GG_ROUTE_UNARY(UpdateCompanies)
  GG_ROUTE_UNARY(UpsertCompanies)
  GG_ROUTE_UNARY(GetCompany)
  GG_ROUTE_UNARY(QueryCompanies)
  GG_ROUTE_UNARY(DeleteCompanies)
};

class QuotaRouter : public Router<v1::QuotaService> {
 public:
  using Router::Router;
  GG_ROUTE_UNARY(GetQuota)
};

class PersonRouter : public Router<v1::PersonService> {
 public:
  using Router::Router;
  GG_ROUTE_UNARY(UpsertPeople)
  GG_ROUTE_UNARY(GetPerson)
  GG_ROUTE_UNARY(QueryPeople)
  GG_ROUTE_UNARY(DeletePeople)
};

class CustomObjectRouter : public Router<v1::CustomObjectService> {
 public:
  using Router::Router;
  GG_ROUTE_UNARY(InsertRecords)
  GG_ROUTE_UNARY(UpdateRecords)
  GG_ROUTE_UNARY(UpsertRecords)
  GG_ROUTE_UNARY(QueryRecords)
  GG_ROUTE_UNARY(DeleteRecords)
};

class RelationshipRouter : public Router<v1::RelationshipService> {
 public:
  using Router::Router;
  GG_ROUTE_UNARY(InsertRelationships)
  GG_ROUTE_UNARY(UpdateRelationships)
  GG_ROUTE_UNARY(UpsertRelationships)
  GG_ROUTE_UNARY(GetRelationship)
  GG_ROUTE_UNARY(QueryRelationships)
  GG_ROUTE_UNARY(DeleteRelationships)
};

class CtaRouter : public Router<v1::CtaService> {
 public:
  using Router::Router;
  GG_ROUTE_UNARY(CreateCtas)
  GG_ROUTE_UNARY(UpdateCtas)
  GG_ROUTE_UNARY(GetCta)
  GG_ROUTE_UNARY(ListCtas)
  GG_ROUTE_UNARY(GetCtaConfig)
};

class TaskRouter : public Router<v1::TaskService> {
 public:
  using Router::Router;
  GG_ROUTE_UNARY(CreateTasks)
  GG_ROUTE_UNARY(UpdateTasks)
  GG_ROUTE_UNARY(ListTasks)
};

class PlaybookRouter : public Router<v1::PlaybookService> {
 public:
  using Router::Router;
  GG_ROUTE_UNARY(ListPlaybooks)
  GG_ROUTE_UNARY(GetPlaybook)
};

class SuccessPlanRouter : public Router<v1::SuccessPlanService> {
 public:
  using Router::Router;
  GG_ROUTE_UNARY(CreateSuccessPlans)
  GG_ROUTE_UNARY(UpdateSuccessPlans)
  GG_ROUTE_UNARY(GetSuccessPlan)
  GG_ROUTE_UNARY(ListSuccessPlans)
  GG_ROUTE_UNARY(GetSuccessPlanConfig)
};

class MetadataRouter : public Router<v1::MetadataService> {
 public:
  using Router::Router;
  GG_ROUTE_UNARY(ListObjects)
  GG_ROUTE_UNARY(DescribeObject)
  GG_ROUTE_UNARY(CheckTenant)
};

class BulkRouter : public Router<v1::BulkService> {
 public:
  using Router::Router;
  GG_ROUTE_CLIENT_STREAM(StartImport)
  GG_ROUTE_UNARY(GetJob)
  GG_ROUTE_UNARY(ListJobs)
  GG_ROUTE_UNARY(CancelJob)
  GG_ROUTE_SERVER_STREAM(WatchJob, WatchJobResponse)
  GG_ROUTE_SERVER_STREAM(Export, ExportResponse)
};

template <typename R, typename Member>
std::unique_ptr<grpc::Service> Make(const CallGate* gate,
                                    const std::vector<TenantServices>& tenants,
                                    Member member) {
  std::vector<typename R::Backend*> backends;
  for (const TenantServices& t : tenants) backends.push_back(t.*member);
  return std::make_unique<R>(gate, std::move(backends));
}

}  // namespace

std::vector<std::unique_ptr<grpc::Service>> MakeRouters(
    const CallGate* gate, const std::vector<TenantServices>& tenants) {
  std::vector<std::unique_ptr<grpc::Service>> routers;
  routers.push_back(
      Make<CompanyRouter>(gate, tenants, &TenantServices::company));
  routers.push_back(Make<QuotaRouter>(gate, tenants, &TenantServices::quota));
  routers.push_back(Make<PersonRouter>(gate, tenants, &TenantServices::person));
  routers.push_back(
      Make<CustomObjectRouter>(gate, tenants, &TenantServices::custom_object));
  routers.push_back(
      Make<RelationshipRouter>(gate, tenants, &TenantServices::relationship));
  routers.push_back(Make<CtaRouter>(gate, tenants, &TenantServices::cta));
  routers.push_back(Make<TaskRouter>(gate, tenants, &TenantServices::task));
  routers.push_back(
      Make<PlaybookRouter>(gate, tenants, &TenantServices::playbook));
  routers.push_back(
      Make<SuccessPlanRouter>(gate, tenants, &TenantServices::success_plan));
  routers.push_back(
      Make<MetadataRouter>(gate, tenants, &TenantServices::metadata));
  routers.push_back(Make<BulkRouter>(gate, tenants, &TenantServices::bulk));
  return routers;
}

}  // namespace gg
