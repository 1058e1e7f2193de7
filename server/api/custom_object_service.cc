#include "api/custom_object_service.h"

#include <algorithm>
#include <map>
#include <string>
#include <utility>
#include <vector>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "api/described_page.h"
#include "api/page_token.h"
#include "api/record_check.h"
#include "api/record_results.h"
#include "api/validation.h"
#include "api/write_lookups.h"
#include "gainsight/custom_row.h"
#include "gainsight/json_value.h"
#include "gainsight/lookups_body.h"

namespace gg {
namespace {

using Records = google::protobuf::RepeatedPtrField<google::protobuf::Struct>;
using Strings = google::protobuf::RepeatedPtrField<std::string>;

constexpr char kRecordsField[] = "records";

void CheckObjectName(const std::string& name, Violations& out) {
  if (!IsFieldApiName(name)) {
    out.push_back(
        {"object_name", "must be an object API name, e.g. \"Company\""});
  }
}

// Shape checks shared by the keyed writes.
void CheckKeyedShape(const std::string& object, int count,
                     const std::string& request_id, const Strings& keys,
                     Violations& out) {
  CheckObjectName(object, out);
  CheckRecordCount(count, kRecordsField, out);
  CheckRequestId(request_id, out);
  CheckKeys(keys, out);
}

}  // namespace

CustomObjectService::CustomObjectService(RecordOps* ops,
                                         MetadataCache* metadata,
                                         IdempotentWrites* idempotent,
                                         ApiOptions api_options,
                                         WriteOptions write_defaults)
    : ops_(ops),
      metadata_(metadata),
      idempotent_(idempotent),
      api_options_(api_options),
      write_defaults_(std::move(write_defaults)) {}

WriteOptions CustomObjectService::Write(const std::string& object) const {
  WriteOptions options = write_defaults_;
  options.object = object;
  options.field_prefix = kRecordsField;
  return options;
}

grpc::ServerUnaryReactor* CustomObjectService::InsertRecords(
    grpc::CallbackServerContext* context,
    const gainsight::v1::InsertRecordsRequest* request,
    gainsight::v1::InsertRecordsResponse* response) {
  auto* call = new UnaryCall(context, api_options_);
  Violations violations;
  CheckObjectName(request->object_name(), violations);
  CheckRecordCount(request->records_size(), kRecordsField, violations);
  CheckRequestId(request->request_id(), violations);
  if (!violations.empty()) {
    call->Reply(InvalidArgument(violations));
    return call;
  }
  idempotent_->Run(call, *request, request->request_id(), response,
                   [this, request, response](UnaryCall* call) {
                     InsertChecked(call, request, response);
                   });
  return call;
}

void CustomObjectService::InsertChecked(
    UnaryCall* call, const gainsight::v1::InsertRecordsRequest* request,
    gainsight::v1::InsertRecordsResponse* response) {
  metadata_->Get(
      request->object_name(), call->context(),
      [this, call, request,
       response](absl::StatusOr<ObjectMetadataPtr> object) {
        if (!object.ok()) {
          call->Reply(object.status());
          return;
        }
        CheckedLookups lookups;
        Violations violations =
            CheckLookups(**object, request->lookups(), request->records(),
                         kRecordsField, {}, &lookups);
        std::vector<Json> records;
        Append(violations, CheckDescribedRecords(
                               **object, request->records(), kRecordsField,
                               RecordWrite::kInsert, {}, &records,
                               lookups.helper_fields, lookups.targets));
        if (!violations.empty()) {
          call->Reply(InvalidArgument(violations));
          return;
        }
        CallContext ctx = call->context();
        ctx.request_id = request->request_id();
        WriteOptions options = Write((*object)->object_name());
        options.lookups = LookupsBody(lookups.lookups);
        ops_->Insert(std::move(options), std::move(records), std::move(ctx),
                     ReplyWithResults(call, response));
      });
}

template <typename Request, typename Response>
void CustomObjectService::WriteByKeys(UnaryCall* call, const Request* request,
                                      Response* response, bool upsert) {
  Violations violations;
  CheckKeyedShape(request->object_name(), request->records_size(),
                  request->request_id(), request->keys(), violations);
  if (upsert && std::any_of(request->keys().begin(), request->keys().end(),
                            [](const std::string& key) {
                              return absl::EqualsIgnoreCase(key, "Gsid");
                            })) {
    violations.push_back({"keys",
                          "cannot include Gsid: a new record has none (use "
                          "UpdateRecords to change records by GSID)"});
  }
  if (!violations.empty()) {
    call->Reply(InvalidArgument(violations));
    return;
  }
  metadata_->Get(
      request->object_name(), call->context(),
      [this, call, request, response,
       upsert](absl::StatusOr<ObjectMetadataPtr> object) {
        if (!object.ok()) {
          call->Reply(object.status());
          return;
        }
        std::vector<std::string> keys;
        for (const std::string& key : request->keys()) {
          keys.push_back(DescribedName(**object, key));
        }
        CheckedLookups lookups;
        Violations violations =
            CheckLookups(**object, request->lookups(), request->records(),
                         kRecordsField, keys, &lookups);
        std::vector<Json> records;
        Append(violations,
               CheckDescribedRecords(
                   **object, request->records(), kRecordsField,
                   upsert ? RecordWrite::kUpsert : RecordWrite::kUpdate, keys,
                   &records, lookups.helper_fields, lookups.targets));
        if (!violations.empty()) {
          call->Reply(InvalidArgument(violations));
          return;
        }
        CallContext ctx = call->context();
        ctx.request_id = request->request_id();
        WriteOptions options = Write((*object)->object_name());
        options.lookups = LookupsBody(lookups.lookups);
        auto write = upsert ? &RecordOps::Upsert : &RecordOps::Update;
        (ops_->*write)(std::move(options), std::move(records), std::move(keys),
                       std::move(ctx), ReplyWithResults(call, response));
      });
}

grpc::ServerUnaryReactor* CustomObjectService::UpdateRecords(
    grpc::CallbackServerContext* context,
    const gainsight::v1::UpdateRecordsRequest* request,
    gainsight::v1::UpdateRecordsResponse* response) {
  auto* call = new UnaryCall(context, api_options_);
  WriteByKeys(call, request, response, /*upsert=*/false);
  return call;
}

grpc::ServerUnaryReactor* CustomObjectService::UpsertRecords(
    grpc::CallbackServerContext* context,
    const gainsight::v1::UpsertRecordsRequest* request,
    gainsight::v1::UpsertRecordsResponse* response) {
  auto* call = new UnaryCall(context, api_options_);
  WriteByKeys(call, request, response, /*upsert=*/true);
  return call;
}

grpc::ServerUnaryReactor* CustomObjectService::QueryRecords(
    grpc::CallbackServerContext* context,
    const gainsight::v1::QueryRecordsRequest* request,
    gainsight::v1::QueryRecordsResponse* response) {
  auto* call = new UnaryCall(context, api_options_);
  Violations violations;
  CheckObjectName(request->object_name(), violations);
  const OffsetPage page = CheckQueryRequest(*request, violations);
  if (!violations.empty()) {
    call->Reply(InvalidArgument(violations));
    return call;
  }
  ReplyWithDescribedPage(
      metadata_, ops_, call,
      {request->object_name(), request->select(), request->filter(),
       request->order_by(), request->picklist_ids(), page},
      [response, zone = api_options_.date_zone](
          const gainsight::v1::ObjectMetadata& object, const Json& row) {
        return RowToStruct(object, row, response->add_records(), zone);
      },
      response->mutable_next_page_token());
  return call;
}

grpc::ServerUnaryReactor* CustomObjectService::DeleteRecords(
    grpc::CallbackServerContext* context,
    const gainsight::v1::DeleteRecordsRequest* request,
    gainsight::v1::DeleteRecordsResponse* response) {
  auto* call = new UnaryCall(context, api_options_);
  Violations violations;
  CheckObjectName(request->object_name(), violations);
  CheckDeleteGsids(request->gsids(), violations);
  CheckRequestId(request->request_id(), violations);
  if (!violations.empty()) {
    call->Reply(InvalidArgument(violations));
    return call;
  }
  // The metadata check turns an unknown object into one NOT_FOUND (not one
  // failed delete call per GSID).
  metadata_->Get(request->object_name(), call->context(),
                 [this, call, request,
                  response](absl::StatusOr<ObjectMetadataPtr> object) {
                   if (!object.ok()) {
                     call->Reply(object.status());
                     return;
                   }
                   WriteOptions options = Write((*object)->object_name());
                   options.field_prefix = "gsids";
                   CallContext ctx = call->context();
                   ctx.request_id = request->request_id();
                   ops_->Delete(
                       std::move(options),
                       {request->gsids().begin(), request->gsids().end()},
                       std::move(ctx), ReplyWithResults(call, response));
                 });
  return call;
}

}  // namespace gg
