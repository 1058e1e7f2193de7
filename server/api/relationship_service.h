// gainsight.v1.RelationshipService: validates each request, maps
// Relationship messages to Gainsight `relationship` records and back, checks
// them against the tenant's (cached) relationship describe, and runs the
// record operations.
#ifndef GAINSIGHT_GATEWAY_SERVER_API_RELATIONSHIP_SERVICE_H_
#define GAINSIGHT_GATEWAY_SERVER_API_RELATIONSHIP_SERVICE_H_

#include <string>
#include <vector>

#include "absl/functional/any_invocable.h"
#include "api/idempotent_writes.h"
#include "api/record_check.h"
#include "api/unary_call.h"
#include "gainsight/v1/relationship.grpc.pb.h"
#include "ops/metadata_cache.h"
#include "ops/record_ops.h"

namespace gg {

class RelationshipService final
    : public gainsight::v1::RelationshipService::CallbackService {
 public:
  // `write_defaults` supplies isolate_rejected and chunk_concurrency;
  // `idempotent` runs inserts that carry a request_id at most once.
  RelationshipService(RecordOps* ops, MetadataCache* metadata,
                      IdempotentWrites* idempotent, ApiOptions api_options,
                      WriteOptions write_defaults);

  grpc::ServerUnaryReactor* InsertRelationships(
      grpc::CallbackServerContext* context,
      const gainsight::v1::InsertRelationshipsRequest* request,
      gainsight::v1::InsertRelationshipsResponse* response) override;
  grpc::ServerUnaryReactor* UpdateRelationships(
      grpc::CallbackServerContext* context,
      const gainsight::v1::UpdateRelationshipsRequest* request,
      gainsight::v1::UpdateRelationshipsResponse* response) override;
  grpc::ServerUnaryReactor* UpsertRelationships(
      grpc::CallbackServerContext* context,
      const gainsight::v1::UpsertRelationshipsRequest* request,
      gainsight::v1::UpsertRelationshipsResponse* response) override;
  grpc::ServerUnaryReactor* GetRelationship(
      grpc::CallbackServerContext* context,
      const gainsight::v1::GetRelationshipRequest* request,
      gainsight::v1::GetRelationshipResponse* response) override;
  grpc::ServerUnaryReactor* QueryRelationships(
      grpc::CallbackServerContext* context,
      const gainsight::v1::QueryRelationshipsRequest* request,
      gainsight::v1::QueryRelationshipsResponse* response) override;
  grpc::ServerUnaryReactor* DeleteRelationships(
      grpc::CallbackServerContext* context,
      const gainsight::v1::DeleteRelationshipsRequest* request,
      gainsight::v1::DeleteRelationshipsResponse* response) override;

 private:
  using Relationships =
      google::protobuf::RepeatedPtrField<gainsight::v1::Relationship>;
  using Lookups = google::protobuf::RepeatedPtrField<gainsight::v1::Lookup>;
  using Write = absl::AnyInvocable<void(WriteOptions, std::vector<Json>,
                                        std::vector<std::string>, CallContext)>;

  // The relationships as records, checked against the describe (keys in
  // its spelling) with the write's lookups: runs `write` with them (the
  // options carrying the lookups) and the call's context (carrying
  // `request_id`), or replies INVALID_ARGUMENT naming the proto fields.
  // `lookups` (the request's, alive until the call ends) are checked too.
  void WriteChecked(UnaryCall* call, const Relationships& relationships,
                    const Lookups& lookups, RecordWrite kind,
                    std::vector<std::string> keys, std::string request_id,
                    Write write);
  // UpdateRelationships and UpsertRelationships.
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

#endif  // GAINSIGHT_GATEWAY_SERVER_API_RELATIONSHIP_SERVICE_H_
