#include "api/relationship_service.h"

#include <algorithm>
#include <memory>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "api/described_page.h"
#include "api/page_token.h"
#include "api/picklist_fields.h"
#include "api/record_results.h"
#include "api/validation.h"
#include "api/write_lookups.h"
#include "common/status_details.h"
#include "gainsight/json_value.h"
#include "gainsight/lookups_body.h"
#include "gainsight/relationship_mapping.h"

namespace gg {
namespace {

using gainsight::v1::Relationship;
using Keys = google::protobuf::RepeatedPtrField<std::string>;

constexpr char kRelationshipsField[] = "relationships";

// The checks a relationship passes before its describe is read.
// `looked_up`: the typed API names the write's lookups fill.
void CheckRelationship(const Relationship& relationship, int index,
                       RecordWrite kind, const std::set<std::string>& looked_up,
                       Violations& out) {
  const std::string path = absl::StrCat(kRelationshipsField, "[", index, "]");
  if (kind == RecordWrite::kInsert && !relationship.gsid().empty()) {
    out.push_back({path + ".gsid", "is assigned by Gainsight; leave it empty"});
  }
  if (kind != RecordWrite::kUpdate) {
    // An insert (or an upsert, which may insert) names its company and type.
    const char* why = kind == RecordWrite::kUpsert
                          ? "is required (the relationship may be inserted)"
                          : "is required";
    if (!relationship.has_name() || relationship.name().empty()) {
      out.push_back({path + ".name", why});
    }
    if (!relationship.has_company_id() && looked_up.count("CompanyId") == 0) {
      out.push_back({path + ".company_id", why});
    }
    if (!relationship.has_type_id() && looked_up.count("TypeId") == 0) {
      out.push_back({path + ".type_id", why});
    }
  }
  if (relationship.has_company_id() && !IsGsid(relationship.company_id())) {
    out.push_back({path + ".company_id", kNotAGsid});
  }
  if (relationship.has_type_id() && !IsGsid(relationship.type_id())) {
    out.push_back({path + ".type_id", kNotAGsid});
  }
  CheckOutputOnly({{"create_time", relationship.has_create_time()},
                   {"update_time", relationship.has_update_time()}},
                  path, out);
  CheckCustomFieldNames(relationship.custom_fields(), path, out);
  for (const auto& [name, value] : relationship.custom_fields().fields()) {
    if (!RelationshipTypedName(name).empty()) {
      out.push_back({absl::StrCat(path, ".custom_fields.", name),
                     "has a typed field in Relationship: set that instead"});
    }
  }
}

// A describe check names a record's field by its API name
// ("relationships[2].CompanyId"); the caller set it as a proto field
// ("relationships[2].company_id", "relationships[2].custom_fields.X__gc").
std::string ProtoPath(const std::string& field) {
  const size_t dot = field.find("].");
  if (dot == std::string::npos) return field;
  const std::string name = field.substr(dot + 2);
  const std::string typed = RelationshipTypedName(name);
  return absl::StrCat(field.substr(0, dot + 1), ".",
                      RelationshipMapping().ErrorField(
                          typed.empty() ? absl::string_view(name) : typed));
}

std::set<std::string> LookedUp(
    const google::protobuf::RepeatedPtrField<gainsight::v1::Lookup>& lookups) {
  std::set<std::string> names;
  for (const auto& lookup : lookups) {
    names.insert(RelationshipTypedName(lookup.field()));
  }
  return names;
}

bool HasGsidKey(const Keys& keys) {
  return std::any_of(keys.begin(), keys.end(), [](const std::string& key) {
    return absl::EqualsIgnoreCase(key, "Gsid");
  });
}

absl::Status NoSuchRelationship(const std::string& gsid) {
  absl::Status status =
      absl::NotFoundError(absl::StrCat("no relationship with gsid ", gsid));
  AttachErrorInfo(status, "RELATIONSHIP_NOT_FOUND");
  return status;
}

}  // namespace

RelationshipService::RelationshipService(RecordOps* ops,
                                         MetadataCache* metadata,
                                         IdempotentWrites* idempotent,
                                         ApiOptions api_options,
                                         WriteOptions write_defaults)
    : ops_(ops),
      metadata_(metadata),
      idempotent_(idempotent),
      api_options_(api_options),
      write_defaults_(std::move(write_defaults)) {}

void RelationshipService::WriteChecked(UnaryCall* call,
                                       const Relationships& relationships,
                                       const Lookups& lookups, RecordWrite kind,
                                       std::vector<std::string> keys,
                                       std::string request_id, Write write) {
  const bool by_gsid = std::any_of(keys.begin(), keys.end(), [](auto& key) {
    return absl::EqualsIgnoreCase(key, "Gsid");
  });
  google::protobuf::RepeatedPtrField<google::protobuf::Struct> records;
  for (const Relationship& relationship : relationships) {
    *records.Add() =
        JsonToValue(RelationshipMapping().ToRecord(relationship, by_gsid))
            .struct_value();
  }
  metadata_->Get(
      kRelationshipObject, call->context(),
      [this, call, records = std::move(records), &lookups, kind,
       keys = std::move(keys), request_id = std::move(request_id),
       write =
           std::move(write)](absl::StatusOr<ObjectMetadataPtr> object) mutable {
        if (!object.ok()) {
          call->Reply(object.status());
          return;
        }
        std::vector<std::string> described_keys;
        for (const std::string& key : keys) {
          described_keys.push_back(DescribedName(**object, key));
        }
        CheckedLookups checked_lookups;
        Violations violations =
            CheckLookups(**object, lookups, records, kRelationshipsField,
                         described_keys, &checked_lookups);
        std::vector<Json> checked;
        Append(violations,
               CheckDescribedRecords(**object, records, kRelationshipsField,
                                     kind, described_keys, &checked,
                                     checked_lookups.helper_fields,
                                     checked_lookups.targets));
        if (!violations.empty()) {
          for (FieldViolation& v : violations) v.field = ProtoPath(v.field);
          call->Reply(InvalidArgument(violations));
          return;
        }
        WriteOptions options = write_defaults_;
        options.object = (*object)->object_name();
        options.field_prefix = kRelationshipsField;
        options.lookups = LookupsBody(checked_lookups.lookups);
        CallContext ctx = call->context();
        ctx.request_id = request_id;
        write(std::move(options), std::move(checked), std::move(described_keys),
              std::move(ctx));
      });
}

grpc::ServerUnaryReactor* RelationshipService::InsertRelationships(
    grpc::CallbackServerContext* context,
    const gainsight::v1::InsertRelationshipsRequest* request,
    gainsight::v1::InsertRelationshipsResponse* response) {
  auto* call = new UnaryCall(context, api_options_);
  Violations violations;
  CheckRecordCount(request->relationships_size(), kRelationshipsField,
                   violations);
  CheckRequestId(request->request_id(), violations);
  for (int i = 0; i < request->relationships_size(); ++i) {
    CheckRelationship(request->relationships(i), i, RecordWrite::kInsert,
                      LookedUp(request->lookups()), violations);
  }
  if (!violations.empty()) {
    call->Reply(InvalidArgument(violations));
    return call;
  }
  idempotent_->Run(call, *request, request->request_id(), response,
                   [this, request, response](UnaryCall* call) {
                     WriteChecked(
                         call, request->relationships(), request->lookups(),
                         RecordWrite::kInsert, {}, request->request_id(),
                         [this, call, response](
                             WriteOptions options, std::vector<Json> records,
                             std::vector<std::string>, CallContext ctx) {
                           ops_->Insert(std::move(options), std::move(records),
                                        std::move(ctx),
                                        ReplyWithResults(call, response));
                         });
                   });
  return call;
}

template <typename Request, typename Response>
void RelationshipService::WriteByKeys(UnaryCall* call, const Request* request,
                                      Response* response, bool upsert) {
  const RecordWrite kind = upsert ? RecordWrite::kUpsert : RecordWrite::kUpdate;
  Violations violations;
  CheckRecordCount(request->relationships_size(), kRelationshipsField,
                   violations);
  CheckRequestId(request->request_id(), violations);
  CheckKeys(request->keys(), violations);
  if (upsert && HasGsidKey(request->keys())) {
    violations.push_back({"keys",
                          "cannot include Gsid: a new relationship has none "
                          "(use UpdateRelationships to change relationships "
                          "by GSID)"});
  }
  for (int i = 0; i < request->relationships_size(); ++i) {
    CheckRelationship(request->relationships(i), i, kind,
                      LookedUp(request->lookups()), violations);
  }
  if (!violations.empty()) {
    call->Reply(InvalidArgument(violations));
    return;
  }
  WriteChecked(
      call, request->relationships(), request->lookups(), kind,
      {request->keys().begin(), request->keys().end()}, request->request_id(),
      [this, call, response, upsert](
          WriteOptions options, std::vector<Json> records,
          std::vector<std::string> keys, CallContext ctx) {
        auto write = upsert ? &RecordOps::Upsert : &RecordOps::Update;
        (ops_->*write)(std::move(options), std::move(records), std::move(keys),
                       std::move(ctx), ReplyWithResults(call, response));
      });
}

grpc::ServerUnaryReactor* RelationshipService::UpdateRelationships(
    grpc::CallbackServerContext* context,
    const gainsight::v1::UpdateRelationshipsRequest* request,
    gainsight::v1::UpdateRelationshipsResponse* response) {
  auto* call = new UnaryCall(context, api_options_);
  WriteByKeys(call, request, response, /*upsert=*/false);
  return call;
}

grpc::ServerUnaryReactor* RelationshipService::UpsertRelationships(
    grpc::CallbackServerContext* context,
    const gainsight::v1::UpsertRelationshipsRequest* request,
    gainsight::v1::UpsertRelationshipsResponse* response) {
  auto* call = new UnaryCall(context, api_options_);
  WriteByKeys(call, request, response, /*upsert=*/true);
  return call;
}

grpc::ServerUnaryReactor* RelationshipService::GetRelationship(
    grpc::CallbackServerContext* context,
    const gainsight::v1::GetRelationshipRequest* request,
    gainsight::v1::GetRelationshipResponse* response) {
  auto* call = new UnaryCall(context, api_options_);
  if (!IsGsid(request->gsid())) {
    call->Reply(InvalidArgument({{"gsid", kNotAGsid}}));
    return call;
  }
  const std::string gsid = request->gsid();
  const bool labels = !request->picklist_ids();
  metadata_->Get(
      kRelationshipObject, call->context(),
      [this, call, response, gsid,
       labels](absl::StatusOr<ObjectMetadataPtr> object) {
        if (!object.ok()) {
          call->Reply(object.status());
          return;
        }
        QuerySpec spec;
        spec.select = DescribedFieldNames(**object);
        auto* condition = spec.filter.add_conditions();
        condition->set_field(DescribedName(**object, "Gsid"));
        condition->set_operator_(gainsight::v1::OPERATOR_EQ);
        condition->add_values()->set_string_value(gsid);
        spec.limit = 1;
        ObjectMetadataPtr metadata = *object;
        ops_->Read(
            metadata->object_name(), std::move(spec), call->context(),
            [call, response, gsid, metadata, zone = api_options_.date_zone,
             labels](absl::StatusOr<std::vector<Json>> rows) {
              if (!rows.ok()) {
                call->Reply(rows.status());
                return;
              }
              if (rows->empty()) {
                call->Reply(NoSuchRelationship(gsid));
                return;
              }
              if (labels) LabelPicklists(*metadata, rows->front());
              call->Reply(
                  RelationshipFromRow(*metadata, rows->front(), zone,
                                      response->mutable_relationship()));
            },
            /*cacheable=*/true);
      });
  return call;
}

grpc::ServerUnaryReactor* RelationshipService::QueryRelationships(
    grpc::CallbackServerContext* context,
    const gainsight::v1::QueryRelationshipsRequest* request,
    gainsight::v1::QueryRelationshipsResponse* response) {
  auto* call = new UnaryCall(context, api_options_);
  Violations violations;
  const OffsetPage page = CheckQueryRequest(*request, violations);
  if (!violations.empty()) {
    call->Reply(InvalidArgument(violations));
    return call;
  }
  ReplyWithDescribedPage(
      metadata_, ops_, call,
      {kRelationshipObject, request->select(), request->filter(),
       request->order_by(), request->picklist_ids(), page},
      [response, zone = api_options_.date_zone](
          const gainsight::v1::ObjectMetadata& object, const Json& row) {
        return RelationshipFromRow(object, row, zone,
                                   response->add_relationships());
      },
      response->mutable_next_page_token());
  return call;
}

grpc::ServerUnaryReactor* RelationshipService::DeleteRelationships(
    grpc::CallbackServerContext* context,
    const gainsight::v1::DeleteRelationshipsRequest* request,
    gainsight::v1::DeleteRelationshipsResponse* response) {
  auto* call = new UnaryCall(context, api_options_);
  Violations violations;
  CheckDeleteGsids(request->gsids(), violations);
  CheckRequestId(request->request_id(), violations);
  if (!violations.empty()) {
    call->Reply(InvalidArgument(violations));
    return call;
  }
  WriteOptions options = write_defaults_;
  options.object = kRelationshipObject;
  options.field_prefix = "gsids";
  CallContext ctx = call->context();
  ctx.request_id = request->request_id();
  ops_->Delete(std::move(options),
               {request->gsids().begin(), request->gsids().end()},
               std::move(ctx), ReplyWithResults(call, response));
  return call;
}

}  // namespace gg
