// gainsight.v1.CompanyService: validates each request, maps Company messages
// to Gainsight records and back, and runs the record operations.
#ifndef GAINSIGHT_GATEWAY_SERVER_API_COMPANY_SERVICE_H_
#define GAINSIGHT_GATEWAY_SERVER_API_COMPANY_SERVICE_H_

#include "api/idempotent_writes.h"
#include "api/unary_call.h"
#include "gainsight/v1/company.grpc.pb.h"
#include "ops/record_ops.h"
#include "ops/tenant_names.h"

namespace gg {

class CompanyService final
    : public gainsight::v1::CompanyService::CallbackService {
 public:
  // `write_defaults` supplies isolate_rejected and chunk_concurrency;
  // `names` gives the tenant's API names of the typed fields (from the
  // Company describe) after a request passed validation; `idempotent` runs
  // inserts that carry a request_id at most once.
  CompanyService(RecordOps* ops, TenantNames* names,
                 IdempotentWrites* idempotent, ApiOptions api_options,
                 WriteOptions write_defaults);

  grpc::ServerUnaryReactor* InsertCompanies(
      grpc::CallbackServerContext* context,
      const gainsight::v1::InsertCompaniesRequest* request,
      gainsight::v1::InsertCompaniesResponse* response) override;
  grpc::ServerUnaryReactor* UpdateCompanies(
      grpc::CallbackServerContext* context,
      const gainsight::v1::UpdateCompaniesRequest* request,
      gainsight::v1::UpdateCompaniesResponse* response) override;
  grpc::ServerUnaryReactor* UpsertCompanies(
      grpc::CallbackServerContext* context,
      const gainsight::v1::UpsertCompaniesRequest* request,
      gainsight::v1::UpsertCompaniesResponse* response) override;
  grpc::ServerUnaryReactor* GetCompany(
      grpc::CallbackServerContext* context,
      const gainsight::v1::GetCompanyRequest* request,
      gainsight::v1::GetCompanyResponse* response) override;
  grpc::ServerUnaryReactor* QueryCompanies(
      grpc::CallbackServerContext* context,
      const gainsight::v1::QueryCompaniesRequest* request,
      gainsight::v1::QueryCompaniesResponse* response) override;
  grpc::ServerUnaryReactor* DeleteCompanies(
      grpc::CallbackServerContext* context,
      const gainsight::v1::DeleteCompaniesRequest* request,
      gainsight::v1::DeleteCompaniesResponse* response) override;

 private:
  WriteOptions Write() const;
  using Records = std::vector<Json>;
  using Keys = std::vector<std::string>;
  using Lookups = google::protobuf::RepeatedPtrField<gainsight::v1::Lookup>;
  // Runs a write with the tenant's records and keys, the call's context
  // and the `lookups` body (null for none).
  using TenantWrite =
      absl::AnyInvocable<void(Records, Keys, CallContext, Json)>;
  // Resolves the tenant's names, then writes `records` (built with the
  // mapping's names) and `keys` (as the caller gave them) in those names:
  // `write` runs with them and the call's context (carrying `request_id`)
  // unless a record sets a typed field the tenant lacks (INVALID_ARGUMENT
  // naming it, nothing written). `lookups` (the request's, alive until the
  // call ends) are checked against the describe and the records.
  void WithTenantRecords(UnaryCall* call, std::string request_id,
                         Records records, Keys keys, const Lookups& lookups,
                         TenantWrite write);

  RecordOps* const ops_;
  TenantNames* const names_;
  IdempotentWrites* const idempotent_;
  const ApiOptions api_options_;
  const WriteOptions write_defaults_;
};

}  // namespace gg

#endif  // GAINSIGHT_GATEWAY_SERVER_API_COMPANY_SERVICE_H_
