#include "api/company_service.h"

#include <algorithm>
#include <map>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "api/page_token.h"
#include "api/picklist_fields.h"
#include "api/record_check.h"
#include "api/record_results.h"
#include "api/validation.h"
#include "api/write_lookups.h"
#include "common/closest_names.h"
#include "gainsight/company_mapping.h"
#include "gainsight/json_value.h"
#include "gainsight/lookups_body.h"
#include "gainsight/tenant_field_names.h"

namespace gg {
namespace {

using gainsight::v1::Company;
using Companies = google::protobuf::RepeatedPtrField<Company>;
using Keys = google::protobuf::RepeatedPtrField<std::string>;

constexpr char kCompaniesField[] = "companies";

void CheckCompany(const Company& company, int index, bool insert,
                  const TenantFieldNames& names, Violations& out) {
  const std::string path = absl::StrCat(kCompaniesField, "[", index, "]");
  if (insert && !company.gsid().empty()) {
    out.push_back({path + ".gsid", "is assigned by Gainsight; leave it empty"});
  }
  if (insert && (!company.has_name() || company.name().empty())) {
    out.push_back({path + ".name", "is required"});
  }
  if (company.has_create_time()) {
    out.push_back({path + ".create_time", "is output only"});
  }
  if (company.has_update_time()) {
    out.push_back({path + ".update_time", "is output only"});
  }
  if (company.has_renewal_date()) {
    CheckDate(company.renewal_date(), path + ".renewal_date", out);
  }
  if (company.has_original_contract_date()) {
    CheckDate(company.original_contract_date(),
              path + ".original_contract_date", out);
  }
  for (const auto& [name, value] : company.custom_fields().fields()) {
    const std::string field = absl::StrCat(path, ".custom_fields.", name);
    if (!IsFieldApiName(name)) {
      out.push_back({field, "must be a Gainsight field API name"});
    } else if (name == "Gsid" || !names.MappingName(name).empty()) {
      out.push_back({field, "has a typed field in Company: set that instead"});
    } else if (value.has_struct_value()) {
      out.push_back({field, "must be a string, number, boolean, list or null"});
    } else {
      CheckValueDepth(value, field, out);
    }
  }
}

// The JSON value of key field `key` (a typed field by any of its names) in
// `record` (the mapping's names), or nullptr when the record has none.
const Json* KeyValue(const Json& record, const std::string& key,
                     const TenantFieldNames& names) {
  const std::string mapping_name = names.MappingName(key);
  auto it = record.find(mapping_name.empty() ? key : mapping_name);
  if (it == record.end() || it->is_null()) return nullptr;
  return &*it;
}

// Checks records against `keys` (update/upsert) and builds the records.
std::vector<Json> KeyedRecords(const Companies& companies, const Keys& keys,
                               bool unique_keys, const TenantFieldNames& names,
                               Violations& out) {
  CheckKeys(keys, out);
  const RecordMapping& mapping = CompanyMapping();
  for (int k = 0; k < keys.size(); ++k) {
    const FieldMapping* f = mapping.Find(names.MappingName(keys[k]));
    if (f != nullptr &&
        (f->kind == FieldKind::kDate || f->kind == FieldKind::kTimestamp)) {
      out.push_back({absl::StrCat("keys[", k, "]"),
                     "date fields cannot identify records"});
    }
  }
  // A key that names no typed field and that no record sets as a custom
  // field is a typo: named once, with the typed fields closest to it.
  std::vector<std::string> typed_names = {"Gsid"};
  for (const FieldMapping& f : mapping.fields()) {
    typed_names.push_back(f.api_name);
  }
  std::set<std::string> unknown_keys;
  for (int k = 0; k < keys.size(); ++k) {
    const std::string& key = keys[k];
    if (key == "Gsid" || !names.MappingName(key).empty()) continue;
    const bool set =
        std::any_of(companies.begin(), companies.end(), [&](const Company& c) {
          return c.custom_fields().fields().count(key) > 0;
        });
    if (set) continue;
    unknown_keys.insert(key);
    out.push_back({absl::StrCat("keys[", k, "]"),
                   absl::StrCat("is no field of Company that the records "
                                "set",
                                DidYouMean(ClosestNames(key, typed_names)))});
  }
  const bool by_gsid =
      std::find(keys.begin(), keys.end(), "Gsid") != keys.end();
  std::vector<Json> records;
  std::map<std::string, int> first_with_keys;
  for (int i = 0; i < companies.size(); ++i) {
    CheckCompany(companies[i], i, /*insert=*/false, names, out);
    Json record = mapping.ToRecord(companies[i], by_gsid);
    std::vector<std::string> key_text;
    for (const std::string& key : keys) {
      if (unknown_keys.count(key) > 0) continue;
      const Json* value = KeyValue(record, key, names);
      if (value == nullptr) {
        out.push_back({absl::StrCat(kCompaniesField, "[", i, "]"),
                       absl::StrCat("has no value for key field ", key)});
      } else {
        key_text.push_back(value->dump());
      }
    }
    if (unique_keys && key_text.size() == static_cast<size_t>(keys.size())) {
      auto [it, inserted] =
          first_with_keys.emplace(absl::StrJoin(key_text, "\x1f"), i);
      if (!inserted) {
        out.push_back(
            {absl::StrCat(kCompaniesField, "[", i, "]"),
             absl::StrCat("has the same keys as ", kCompaniesField, "[",
                          it->second, "]: merge them into one record")});
      }
    }
    records.push_back(std::move(record));
  }
  return records;
}

// The typed fields `record` (mapping names) sets that the tenant lacks.
void CheckPresent(const Json& record, int index, const TenantFieldNames& names,
                  Violations& out) {
  for (const FieldMapping& f : CompanyMapping().fields()) {
    if (!record.contains(f.api_name) || !names.Absent(f.api_name)) continue;
    out.push_back(
        {absl::StrCat(kCompaniesField, "[", index, "].", f.proto_name),
         absl::StrCat("the tenant's Company has no field ", f.api_name,
                      " (by its describe)")});
  }
}

// Checks `record` (the tenant's names) against the tenant's Company
// describe and renames its keys to the describe's spelling: a custom field
// must be a field of Company, and a picklist's value one of its items
// (label or GSID). Typed fields the tenant lacks are CheckPresent's.
// `helper_fields` (write-time lookups' sources that are no fields) pass.
void CheckDescribed(const gainsight::v1::ObjectMetadata& describe,
                    const TenantFieldNames& names, int index, Json& record,
                    const std::set<std::string>& helper_fields,
                    Violations& out) {
  Json described = Json::object();
  for (auto it = record.begin(); it != record.end(); ++it) {
    const std::string& key = it.key();
    if (helper_fields.count(key) > 0) {
      described[key] = it.value();
      continue;
    }
    const FieldMapping* typed = CompanyMapping().Find(names.MappingName(key));
    const std::string path =
        typed != nullptr
            ? absl::StrCat(kCompaniesField, "[", index, "].", typed->proto_name)
            : absl::StrCat(kCompaniesField, "[", index, "].custom_fields.",
                           key);
    const gainsight::v1::FieldMetadata* field = FindField(describe, key);
    if (field == nullptr) {
      if (typed == nullptr) out.push_back({path, NotAField(describe, key)});
      described[key] = it.value();
      continue;
    }
    if (field->data_type() == gainsight::v1::DATA_TYPE_PICKLIST ||
        field->data_type() == gainsight::v1::DATA_TYPE_MULTI_PICKLIST) {
      const std::string problem = ValueProblem(*field, JsonToValue(it.value()));
      if (!problem.empty()) out.push_back({path, problem});
    }
    described[field->field_name()] = it.value();
  }
  record = std::move(described);
  SendPicklistsAsDescribed(describe, record);
}

// Fills `out` from rows in the tenant's names.
absl::Status FromTenantRow(const Json& row, const TenantFieldNames& names,
                           absl::TimeZone zone, Company* out) {
  return CompanyMapping().FromRow(names.RowFromTenant(row), out, zone);
}

}  // namespace

CompanyService::CompanyService(RecordOps* ops, TenantNames* names,
                               IdempotentWrites* idempotent,
                               ApiOptions api_options,
                               WriteOptions write_defaults)
    : ops_(ops),
      names_(names),
      idempotent_(idempotent),
      api_options_(api_options),
      write_defaults_(std::move(write_defaults)) {}

void CompanyService::WithTenantRecords(UnaryCall* call, std::string request_id,
                                       Records records, Keys keys,
                                       const Lookups& lookups,
                                       TenantWrite write) {
  CallContext ctx = call->context();
  ctx.request_id = std::move(request_id);
  // The describe (cached for --metadata-ttl) checks custom fields, keys and
  // picklist values before any quota is spent on the write; a write of
  // typed fields alone whose names do not vary needs none.
  std::vector<std::string> fields(keys.begin(), keys.end());
  bool picklist_set = false;
  for (const Json& record : records) {
    for (auto it = record.begin(); it != record.end(); ++it) {
      fields.push_back(it.key());
      picklist_set = picklist_set || IsCompanyPicklist(it.key());
    }
  }
  auto checked = [call, ctx, records = std::move(records),
                  keys = std::move(keys), &lookups,
                  write = std::move(write)](TenantNames::Names names) mutable {
    Violations violations;
    const gainsight::v1::ObjectMetadata* describe = names->describe();
    CheckedLookups checked_lookups;
    for (size_t i = 0; i < records.size(); ++i) {
      CheckPresent(records[i], static_cast<int>(i), *names, violations);
      records[i] = names->RecordToTenant(records[i]);
    }
    if (!lookups.empty()) {
      if (describe == nullptr) {
        call->Reply(absl::UnavailableError(
            "the Company describe, which lookups are checked against, "
            "cannot be read; try again"));
        return;
      }
      google::protobuf::RepeatedPtrField<google::protobuf::Struct> structs;
      for (const Json& record : records) {
        *structs.Add() = JsonToValue(record).struct_value();
      }
      std::vector<std::string> tenant_keys;
      for (const std::string& key : keys) {
        tenant_keys.push_back(names->ToTenant(key));
      }
      Append(violations,
             CheckLookups(*describe, lookups, structs, kCompaniesField,
                          tenant_keys, &checked_lookups));
    }
    for (size_t i = 0; i < records.size() && describe != nullptr; ++i) {
      CheckDescribed(*describe, *names, static_cast<int>(i), records[i],
                     checked_lookups.helper_fields, violations);
    }
    for (size_t k = 0; k < keys.size(); ++k) {
      std::string& key = keys[k];
      key = names->ToTenant(key);
      if (describe == nullptr) continue;
      if (FindField(*describe, key) == nullptr) {
        violations.push_back(
            {absl::StrCat("keys[", k, "]"), NotAField(*describe, key)});
      } else {
        key = DescribedName(*describe, key);
      }
    }
    if (!violations.empty()) {
      call->Reply(InvalidArgument(violations));
      return;
    }
    write(std::move(records), std::move(keys), std::move(ctx),
          LookupsBody(checked_lookups.lookups));
  };
  if (picklist_set || !lookups.empty()) {
    names_->Get(ctx, std::move(checked));
  } else {
    names_->GetFor(fields, ctx, std::move(checked));
  }
}

WriteOptions CompanyService::Write() const {
  WriteOptions options = write_defaults_;
  options.object = kCompanyObject;
  options.field_prefix = kCompaniesField;
  return options;
}

grpc::ServerUnaryReactor* CompanyService::InsertCompanies(
    grpc::CallbackServerContext* context,
    const gainsight::v1::InsertCompaniesRequest* request,
    gainsight::v1::InsertCompaniesResponse* response) {
  auto* call = new UnaryCall(context, api_options_);
  Violations violations;
  CheckRecordCount(request->companies_size(), kCompaniesField, violations);
  CheckRequestId(request->request_id(), violations);
  std::vector<Json> records;
  for (int i = 0; i < request->companies_size(); ++i) {
    CheckCompany(request->companies(i), i, /*insert=*/true, names_->Guesses(),
                 violations);
    records.push_back(CompanyMapping().ToRecord(request->companies(i), false));
  }
  if (!violations.empty()) {
    call->Reply(InvalidArgument(violations));
    return call;
  }
  idempotent_->Run(call, *request, request->request_id(), response,
                   [this, request, response,
                    records = std::move(records)](UnaryCall* call) mutable {
                     WithTenantRecords(
                         call, request->request_id(), std::move(records), {},
                         request->lookups(),
                         [this, call, response](Records records, Keys,
                                                CallContext ctx, Json lookups) {
                           WriteOptions options = Write();
                           options.lookups = std::move(lookups);
                           ops_->Insert(std::move(options), std::move(records),
                                        std::move(ctx),
                                        ReplyWithResults(call, response));
                         });
                   });
  return call;
}

grpc::ServerUnaryReactor* CompanyService::UpdateCompanies(
    grpc::CallbackServerContext* context,
    const gainsight::v1::UpdateCompaniesRequest* request,
    gainsight::v1::UpdateCompaniesResponse* response) {
  auto* call = new UnaryCall(context, api_options_);
  Violations violations;
  CheckRecordCount(request->companies_size(), kCompaniesField, violations);
  CheckRequestId(request->request_id(), violations);
  std::vector<Json> records =
      KeyedRecords(request->companies(), request->keys(),
                   /*unique_keys=*/false, names_->Guesses(), violations);
  if (!violations.empty()) {
    call->Reply(InvalidArgument(violations));
    return call;
  }
  WithTenantRecords(
      call, request->request_id(), std::move(records),
      {request->keys().begin(), request->keys().end()}, request->lookups(),
      [this, call, response](Records records, Keys keys, CallContext ctx,
                             Json lookups) {
        WriteOptions options = Write();
        options.lookups = std::move(lookups);
        ops_->Update(std::move(options), std::move(records), std::move(keys),
                     std::move(ctx), ReplyWithResults(call, response));
      });
  return call;
}

grpc::ServerUnaryReactor* CompanyService::UpsertCompanies(
    grpc::CallbackServerContext* context,
    const gainsight::v1::UpsertCompaniesRequest* request,
    gainsight::v1::UpsertCompaniesResponse* response) {
  auto* call = new UnaryCall(context, api_options_);
  Violations violations;
  CheckRecordCount(request->companies_size(), kCompaniesField, violations);
  CheckRequestId(request->request_id(), violations);
  std::vector<Json> records =
      KeyedRecords(request->companies(), request->keys(),
                   /*unique_keys=*/true, names_->Guesses(), violations);
  if (std::find(request->keys().begin(), request->keys().end(), "Gsid") !=
      request->keys().end()) {
    violations.push_back({"keys",
                          "cannot include Gsid: a new company has none (use "
                          "UpdateCompanies to change companies by GSID)"});
  }
  for (int i = 0; i < request->companies_size(); ++i) {
    const Company& c = request->companies(i);
    if (!c.has_name() || c.name().empty()) {
      // A company that turns out to be new must be insertable.
      violations.push_back({absl::StrCat(kCompaniesField, "[", i, "].name"),
                            "is required (the company may be inserted)"});
    }
  }
  if (!violations.empty()) {
    call->Reply(InvalidArgument(violations));
    return call;
  }
  WithTenantRecords(
      call, request->request_id(), std::move(records),
      {request->keys().begin(), request->keys().end()}, request->lookups(),
      [this, call, response](Records records, Keys keys, CallContext ctx,
                             Json lookups) {
        WriteOptions options = Write();
        options.lookups = std::move(lookups);
        ops_->Upsert(std::move(options), std::move(records), std::move(keys),
                     std::move(ctx), ReplyWithResults(call, response));
      });
  return call;
}

grpc::ServerUnaryReactor* CompanyService::GetCompany(
    grpc::CallbackServerContext* context,
    const gainsight::v1::GetCompanyRequest* request,
    gainsight::v1::GetCompanyResponse* response) {
  auto* call = new UnaryCall(context, api_options_);
  Violations violations;
  if (!IsGsid(request->gsid())) {
    violations.push_back({"gsid", kNotAGsid});
  }
  for (int i = 0; i < request->extra_fields_size(); ++i) {
    CheckFieldPath(request->extra_fields(i),
                   absl::StrCat("extra_fields[", i, "]"), violations);
  }
  if (!violations.empty()) {
    call->Reply(InvalidArgument(violations));
    return call;
  }
  const std::string gsid = request->gsid();
  std::vector<std::string> extra(request->extra_fields().begin(),
                                 request->extra_fields().end());
  const absl::TimeZone zone = api_options_.date_zone;
  names_->Get(
      call->context(),
      [this, call, response, gsid, extra = std::move(extra), zone,
       labels = !request->picklist_ids()](TenantNames::Names names) {
        const gainsight::v1::ObjectMetadata* describe = names->describe();
        Violations violations;
        for (size_t i = 0; describe != nullptr && i < extra.size(); ++i) {
          QuerySpec one;
          one.select = {names->ToTenant(extra[i])};
          Violations unknown;
          CheckQuerySpec(*describe, one, unknown);
          for (const FieldViolation& v : unknown) {
            violations.push_back(
                {absl::StrCat("extra_fields[", i, "]"), v.description});
          }
        }
        if (!violations.empty()) {
          call->Reply(InvalidArgument(violations));
          return;
        }
        QuerySpec spec;
        spec.select = names->DefaultSelect();
        for (const std::string& f : extra) spec.select.push_back(f);
        auto* condition = spec.filter.add_conditions();
        condition->set_field("Gsid");
        condition->set_operator_(gainsight::v1::OPERATOR_EQ);
        condition->add_values()->set_string_value(gsid);
        spec.limit = 1;
        names->RenameQuery(&spec);
        if (describe != nullptr) UseDescribedNames(*describe, &spec);
        ops_->Read(
            kCompanyObject, std::move(spec), call->context(),
            [call, response, gsid, names, zone,
             labels](absl::StatusOr<std::vector<Json>> rows) {
              if (!rows.ok()) {
                call->Reply(rows.status());
                return;
              }
              if (rows->empty()) {
                absl::Status status = absl::NotFoundError(
                    absl::StrCat("no company with gsid ", gsid));
                AttachErrorInfo(status, "COMPANY_NOT_FOUND");
                call->Reply(status);
                return;
              }
              if (labels && names->describe() != nullptr) {
                LabelPicklists(*names->describe(), rows->front());
              }
              call->Reply(FromTenantRow(rows->front(), *names, zone,
                                        response->mutable_company()));
            },
            /*cacheable=*/true);
      });
  return call;
}

grpc::ServerUnaryReactor* CompanyService::QueryCompanies(
    grpc::CallbackServerContext* context,
    const gainsight::v1::QueryCompaniesRequest* request,
    gainsight::v1::QueryCompaniesResponse* response) {
  auto* call = new UnaryCall(context, api_options_);
  Violations violations;
  const OffsetPage page = CheckQueryRequest(*request, violations);
  if (!violations.empty()) {
    call->Reply(InvalidArgument(violations));
    return call;
  }
  QuerySpec spec;
  const bool default_select = request->select().empty();
  if (!default_select) spec.select = SelectWithGsid(request->select());
  spec.filter = request->filter();
  spec.order_by = {request->order_by().begin(), request->order_by().end()};
  spec.limit = page.QueryLimit();
  spec.offset = page.offset;
  const absl::TimeZone zone = api_options_.date_zone;
  const std::vector<std::string> fields = TenantFieldNames::QueryFields(spec);
  auto query = [this, call, request, response, page, zone, default_select,
                spec = std::move(spec)](TenantNames::Names names) mutable {
    if (const gainsight::v1::ObjectMetadata* describe = names->describe()) {
      // Typos and operands of the wrong type cost no quota: checked
      // against the tenant's describe (the request's own positions).
      QuerySpec asked;
      asked.select = {request->select().begin(), request->select().end()};
      asked.filter = request->filter();
      asked.order_by = {request->order_by().begin(), request->order_by().end()};
      names->RenameQuery(&asked);
      Violations violations;
      CheckQuerySpec(*describe, asked, violations);
      if (!violations.empty()) {
        call->Reply(InvalidArgument(violations));
        return;
      }
    }
    if (default_select) spec.select = names->DefaultSelect();
    names->RenameQuery(&spec);
    if (names->describe() != nullptr) {
      UseDescribedNames(*names->describe(), &spec);
      Violations violations;
      UsePicklistIds(*names->describe(), &spec, violations);
      if (!violations.empty()) {
        call->Reply(InvalidArgument(violations));
        return;
      }
    }
    ops_->Read(
        kCompanyObject, std::move(spec), call->context(),
        [call, response, page, names, zone, labels = !request->picklist_ids()](
            absl::StatusOr<std::vector<Json>> rows) {
          if (!rows.ok()) {
            call->Reply(rows.status());
            return;
          }
          const size_t n = page.Keep(rows->size());
          for (size_t i = 0; i < n; ++i) {
            if (labels && names->describe() != nullptr) {
              LabelPicklists(*names->describe(), (*rows)[i]);
            }
            absl::Status s = FromTenantRow((*rows)[i], *names, zone,
                                           response->add_companies());
            if (!s.ok()) {
              call->Reply(s);
              return;
            }
          }
          response->set_next_page_token(page.NextToken(rows->size()));
          call->Reply(absl::OkStatus());
        });
  };
  const bool names_picklist = std::any_of(
      fields.begin(), fields.end(),
      [](const std::string& field) { return IsCompanyPicklist(field); });
  if (default_select || names_picklist) {
    // The default select names every typed field, picklists among them:
    // reading their labels and filtering on them needs the describe.
    names_->Get(call->context(), std::move(query));
  } else {
    // Names the mapping does not know are checked against the describe.
    names_->GetFor(fields, call->context(), std::move(query));
  }
  return call;
}

grpc::ServerUnaryReactor* CompanyService::DeleteCompanies(
    grpc::CallbackServerContext* context,
    const gainsight::v1::DeleteCompaniesRequest* request,
    gainsight::v1::DeleteCompaniesResponse* response) {
  auto* call = new UnaryCall(context, api_options_);
  Violations violations;
  CheckDeleteGsids(request->gsids(), violations);
  CheckRequestId(request->request_id(), violations);
  if (!violations.empty()) {
    call->Reply(InvalidArgument(violations));
    return call;
  }
  WriteOptions options = Write();
  options.field_prefix = "gsids";
  CallContext ctx = call->context();
  ctx.request_id = request->request_id();
  ops_->Delete(std::move(options),
               {request->gsids().begin(), request->gsids().end()},
               std::move(ctx), ReplyWithResults(call, response));
  return call;
}

}  // namespace gg
