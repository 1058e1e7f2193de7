// gainsight.v1.CustomObjectService: records of any object by API name, as
// google.protobuf.Struct. Each request is checked for shape, then against
// the object's (cached) metadata, before any write call.
#ifndef GAINSIGHT_GATEWAY_SERVER_API_CUSTOM_OBJECT_SERVICE_H_
#define GAINSIGHT_GATEWAY_SERVER_API_CUSTOM_OBJECT_SERVICE_H_

#include "api/idempotent_writes.h"
#include "api/unary_call.h"
#include "gainsight/v1/custom_object.grpc.pb.h"
#include "ops/metadata_cache.h"
#include "ops/record_ops.h"

namespace gg {

class CustomObjectService final
    : public gainsight::v1::CustomObjectService::CallbackService {
 public:
  // `write_defaults` supplies isolate_rejected and chunk_concurrency.
  CustomObjectService(RecordOps* ops, MetadataCache* metadata,
                      IdempotentWrites* idempotent, ApiOptions api_options,
                      WriteOptions write_defaults);

  grpc::ServerUnaryReactor* InsertRecords(
      grpc::CallbackServerContext* context,
      const gainsight::v1::InsertRecordsRequest* request,
      gainsight::v1::InsertRecordsResponse* response) override;
  grpc::ServerUnaryReactor* UpdateRecords(
      grpc::CallbackServerContext* context,
      const gainsight::v1::UpdateRecordsRequest* request,
      gainsight::v1::UpdateRecordsResponse* response) override;
  grpc::ServerUnaryReactor* UpsertRecords(
      grpc::CallbackServerContext* context,
      const gainsight::v1::UpsertRecordsRequest* request,
      gainsight::v1::UpsertRecordsResponse* response) override;
  grpc::ServerUnaryReactor* QueryRecords(
      grpc::CallbackServerContext* context,
      const gainsight::v1::QueryRecordsRequest* request,
      gainsight::v1::QueryRecordsResponse* response) override;
  grpc::ServerUnaryReactor* DeleteRecords(
      grpc::CallbackServerContext* context,
      const gainsight::v1::DeleteRecordsRequest* request,
      gainsight::v1::DeleteRecordsResponse* response) override;

 private:
  WriteOptions Write(const std::string& object) const;
  // InsertRecords once its request passed the checks that need no
  // metadata: the records checked against the object's, then inserted.
  void InsertChecked(UnaryCall* call,
                     const gainsight::v1::InsertRecordsRequest* request,
                     gainsight::v1::InsertRecordsResponse* response);
  // UpdateRecords and UpsertRecords: the request checked against the
  // object's metadata, then RecordOps::Update or RecordOps::Upsert by keys.
  template <typename Request, typename Response>
  void WriteByKeys(UnaryCall* call, const Request* request, Response* response,
                   bool upsert);

  RecordOps* const ops_;
  MetadataCache* const metadata_;
  IdempotentWrites* const idempotent_;
  const ApiOptions api_options_;
  const WriteOptions write_defaults_;
};

}  // namespace gg

#endif  // GAINSIGHT_GATEWAY_SERVER_API_CUSTOM_OBJECT_SERVICE_H_
