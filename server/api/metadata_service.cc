#include "api/metadata_service.h"

#include <algorithm>
#include <set>
#include <utility>

#include "absl/strings/str_cat.h"
#include "api/validation.h"
#include "ops/metadata_calls.h"
#include "ops/tenant_check.h"

namespace gg {
namespace {

gainsight::v1::ProbeResult ProbeResultProto(ProbeResult result) {
  switch (result) {
    case ProbeResult::kOk:
      return gainsight::v1::PROBE_RESULT_OK;
    case ProbeResult::kRouteMissing:
      return gainsight::v1::PROBE_RESULT_ROUTE_MISSING;
    case ProbeResult::kFieldUnknown:
      return gainsight::v1::PROBE_RESULT_FIELD_UNKNOWN;
    case ProbeResult::kUnexpectedShape:
      return gainsight::v1::PROBE_RESULT_UNEXPECTED_SHAPE;
    case ProbeResult::kFailed:
      return gainsight::v1::PROBE_RESULT_FAILED;
    case ProbeResult::kSkipped:
      return gainsight::v1::PROBE_RESULT_SKIPPED;
  }
  return gainsight::v1::PROBE_RESULT_UNSPECIFIED;
}

}  // namespace

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

grpc::ServerUnaryReactor* MetadataService::CheckTenant(
    grpc::CallbackServerContext* context,
    const gainsight::v1::CheckTenantRequest* request,
    gainsight::v1::CheckTenantResponse* response) {
  auto* call = new UnaryCall(context, api_options_);
  RunTenantCheck(client_, request->include_bulk(), call->context(),
                 [call, response](TenantCheckReport report) {
                   for (const ProbeReport& probe : report.probes) {
                     gainsight::v1::TenantProbe* out = response->add_probes();
                     out->set_name(probe.name);
                     out->set_gainsight_call(probe.call);
                     out->set_result(ProbeResultProto(probe.verdict.result));
                     out->set_detail(probe.verdict.detail);
                   }
                   response->set_sync_calls(report.sync_calls);
                   response->set_bulk_calls(report.bulk_calls);
                   response->set_ok(report.ok());
                   call->Reply(absl::OkStatus());
                 });
  return call;
}

}  // namespace gg
