#include "api/metadata_service.h"

#include <algorithm>
#include <set>
#include <utility>

#include "absl/strings/str_cat.h"
#include "api/validation.h"
#include "ops/metadata_calls.h"

namespace gg {

MetadataService::MetadataService(GainsightClient* client, MetadataCache* cache,
                                 ApiOptions api_options)
    : client_(client), cache_(cache), api_options_(api_options) {}

grpc::ServerUnaryReactor* MetadataService::ListObjects(
    grpc::CallbackServerContext* context,
    const gainsight::v1::ListObjectsRequest* request,
    gainsight::v1::ListObjectsResponse* response) {
  auto* call = new UnaryCall(context, api_options_);
  Violations violations;
  std::set<int> types;
  for (int i = 0; i < request->object_types_size(); ++i) {
    if (request->object_types(i) == gainsight::v1::OBJECT_TYPE_UNSPECIFIED ||
        !gainsight::v1::ObjectType_IsValid(request->object_types(i))) {
      violations.push_back({absl::StrCat("object_types[", i, "]"),
                            "must be STANDARD, CUSTOM or SYSTEM"});
    }
    types.insert(request->object_types(i));
  }
  if (!violations.empty()) {
    call->Reply(InvalidArgument(violations));
    return call;
  }
  ListObjectsCall(
      client_, call->context(),
      [call, response, types = std::move(types)](
          absl::StatusOr<gainsight::v1::ListObjectsResponse> list) {
        if (!list.ok()) {
          call->Reply(list.status());
          return;
        }
        for (auto& object : *list->mutable_objects()) {
          if (types.empty() || types.count(object.object_type()) > 0) {
            *response->add_objects() = std::move(object);
          }
        }
        std::sort(response->mutable_objects()->begin(),
                  response->mutable_objects()->end(),
                  [](const auto& a, const auto& b) {
                    return a.object_name() < b.object_name();
                  });
        call->Reply(absl::OkStatus());
      });
  return call;
}

grpc::ServerUnaryReactor* MetadataService::DescribeObject(
    grpc::CallbackServerContext* context,
    const gainsight::v1::DescribeObjectRequest* request,
    gainsight::v1::DescribeObjectResponse* response) {
  auto* call = new UnaryCall(context, api_options_);
  if (!IsFieldApiName(request->object_name())) {
    call->Reply(InvalidArgument(
        {{"object_name", "must be an object API name, e.g. \"Company\""}}));
    return call;
  }
  cache_->Get(request->object_name(), call->context(),
              [call, response](absl::StatusOr<ObjectMetadataPtr> object) {
                if (!object.ok()) {
                  call->Reply(object.status());
                  return;
                }
                *response->mutable_object() = **object;
                call->Reply(absl::OkStatus());
              });
  return call;
}

}  // namespace gg
