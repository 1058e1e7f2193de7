#include "ops/metadata_calls.h"

#include <utility>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "common/status_details.h"
#include "gainsight/metadata_mapping.h"
#include "ops/dropdown_items.h"

namespace gg {
namespace {

absl::Status ObjectNotFound(const std::string& object) {
  // Custom object API names end in __gc; a name without it is most often
  // the object's label.
  const std::string hint =
      absl::EndsWith(object, "__gc")
          ? ""
          : absl::StrCat(" (custom object API names end in __gc: ", object,
                         "__gc?)");
  absl::Status status = absl::NotFoundError(
      absl::StrCat("Gainsight has no object named ", object, hint));
  AttachErrorInfo(status, kObjectNotFoundReason, {{"object", object}});
  return status;
}

// Gainsight's "object not found" answer: describe's OBJECT_NOT_FOUND body
// (no errorCode; detected by its errorDesc, any HTTP status) or GSOBJ_1023.
bool IsObjectNotFound(const absl::Status& status) {
  if (absl::StrContains(status.message(), "Requested object not found")) {
    return true;
  }
  google::rpc::ErrorInfo info;
  return GetErrorInfo(status, &info) &&
         info.metadata().count("gainsight_error_code") > 0 &&
         info.metadata().at("gainsight_error_code") == "GSOBJ_1023";
}

}  // namespace

void DescribeObjectCall(
    GainsightClient* client, std::string object, CallContext context,
    absl::AnyInvocable<void(absl::StatusOr<gainsight::v1::ObjectMetadata>)>
        done) {
  GainsightCall call;
  call.endpoint = EndpointId::kObjectDescribe;
  call.path_params = {{"object", object}};
  call.query = kDescribeQuery;
  client->Call(
      std::move(call), context,
      [client, object, context,
       done = std::move(done)](UpstreamOutcome o) mutable {
        if (!o.status.ok()) {
          done(IsObjectNotFound(o.status) ? ObjectNotFound(object) : o.status);
          return;
        }
        if (o.data.is_array() && o.data.empty()) {
          done(ObjectNotFound(object));
          return;
        }
        gainsight::v1::ObjectMetadata metadata;
        absl::Status s = DescribeFromJson(o.data, object, &metadata);
        if (!s.ok()) {
          client->ReportUnreadable(EndpointId::kObjectDescribe,
                                   "data[].objectName", o.data, context);
          absl::Status malformed = absl::InternalError(s.message());
          AttachErrorInfo(malformed, reason::kMalformed, {{"object", object}});
          done(malformed);
          return;
        }
        FillDropdownItems(client, std::move(metadata), context,
                          [done = std::move(done)](
                              gainsight::v1::ObjectMetadata filled) mutable {
                            done(std::move(filled));
                          });
      });
}

void ListObjectsCall(
    GainsightClient* client, CallContext context,
    absl::AnyInvocable<void(absl::StatusOr<gainsight::v1::ListObjectsResponse>)>
        done) {
  GainsightCall call;
  call.endpoint = EndpointId::kObjectList;
  client->Call(std::move(call), std::move(context),
               [done = std::move(done)](UpstreamOutcome o) mutable {
                 if (!o.status.ok()) {
                   done(o.status);
                   return;
                 }
                 gainsight::v1::ListObjectsResponse response;
                 absl::Status s = ObjectListFromJson(o.data, &response);
                 if (!s.ok()) {
                   done(s);
                   return;
                 }
                 done(std::move(response));
               });
}

}  // namespace gg
