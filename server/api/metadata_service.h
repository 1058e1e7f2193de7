// gainsight.v1.MetadataService: the tenant's objects (not cached), one
// object's fields (from the metadata cache), and the tenant check.
#ifndef GAINSIGHT_GATEWAY_SERVER_API_METADATA_SERVICE_H_
#define GAINSIGHT_GATEWAY_SERVER_API_METADATA_SERVICE_H_

#include "api/unary_call.h"
#include "gainsight/client.h"
#include "gainsight/v1/metadata.grpc.pb.h"
#include "ops/metadata_cache.h"

namespace gg {

class MetadataService final
    : public gainsight::v1::MetadataService::CallbackService {
 public:
  MetadataService(GainsightClient* client, MetadataCache* cache,
                  ApiOptions api_options);

  grpc::ServerUnaryReactor* ListObjects(
      grpc::CallbackServerContext* context,
      const gainsight::v1::ListObjectsRequest* request,
      gainsight::v1::ListObjectsResponse* response) override;
  grpc::ServerUnaryReactor* DescribeObject(
      grpc::CallbackServerContext* context,
      const gainsight::v1::DescribeObjectRequest* request,
      gainsight::v1::DescribeObjectResponse* response) override;
  grpc::ServerUnaryReactor* CheckTenant(
      grpc::CallbackServerContext* context,
      const gainsight::v1::CheckTenantRequest* request,
      gainsight::v1::CheckTenantResponse* response) override;

 private:
  GainsightClient* const client_;
  MetadataCache* const cache_;
  const ApiOptions api_options_;
};

}  // namespace gg

#endif  // GAINSIGHT_GATEWAY_SERVER_API_METADATA_SERVICE_H_
