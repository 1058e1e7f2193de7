#include "sandbox/people_async_handlers.h"

#include <string>
#include <utility>

#include "absl/strings/str_cat.h"
#include "gainsight/bulk_wire_names.h"
#include "sandbox/async_status.h"
#include "sandbox/envelope.h"
#include "sandbox/error_codes.h"
#include "sandbox/ids.h"
#include "sandbox/people_handlers.h"
#include "sandbox/text_values.h"

namespace gg::sandbox {
namespace {

constexpr char kRecordsKey[] = "records";
constexpr char kCompaniesKey[] = "companies";

// Text values of `record` read per the type of `object`'s field of that
// name. DECISION: records may carry text (the gateway sends spooled CSV
// cells), as a Bulk API CSV does; typed values pass unchanged.
Json Typed(const ObjectDef& object, const Json& record) {
  if (!record.is_object()) return record;
  Json out = record;
  for (auto& [key, value] : out.items()) {
    if (!value.is_string()) continue;
    const int field = object.FieldIndex(key);
    if (field < 0) continue;
    value = TextValueJson(object.field(field), value.get<std::string>());
  }
  return out;
}

Json TypedPerson(const TenantData& data, const Json& record) {
  const ObjectDef* person = data.objects.Find("Person");
  const ObjectDef* company_person = data.objects.Find("Company_Person");
  Json out = Typed(*person, record);
  if (!out.is_object()) return out;
  auto companies = out.find(kCompaniesKey);
  if (companies != out.end() && companies->is_array()) {
    for (Json& entry : *companies) entry = Typed(*company_person, entry);
  }
  return out;
}

}  // namespace

HttpResponse HandlePeopleAsyncUpsert(const GainsightCall& call,
                                     TenantData& data) {
  const Json& body = call.body;
  const Json* records = nullptr;
  if (body.is_object()) {
    auto it = body.find(kRecordsKey);
    if (it != body.end()) records = &*it;
  }
  if (records == nullptr || !records->is_array() || records->empty() ||
      records->size() > static_cast<size_t>(kMaxPeopleAsyncRecords)) {
    return ErrorResponse(BadRequest(
        codes::kRowInfoNull,
        absl::StrCat("Row Info cannot be null (records must be a list of 1 "
                     "to ",
                     kMaxPeopleAsyncRecords, " people)")));
  }
  BulkUpload upload;
  upload.status_id = NewRequestId();
  upload.people_api = true;
  upload.total = static_cast<int64_t>(records->size());
  for (size_t i = 0; i < records->size(); ++i) {
    const int64_t row = static_cast<int64_t>(i) + 1;
    const Json& record = (*records)[i];
    if (!record.is_object() || record.empty()) {
      upload.errors.push_back(BulkRowError{row, "", codes::kRowInfoNull,
                                           "Row Info cannot be null"});
      continue;
    }
    PersonUpsert result =
        UpsertPerson(TypedPerson(data, record), data, call.now);
    if (result.error.has_value()) {
      upload.errors.push_back(BulkRowError{row, std::move(result.field),
                                           std::move(result.error->code),
                                           std::move(result.error->desc)});
      continue;
    }
    upload.succeeded++;
    upload.people.emplace_back(result.person.value("Gsid", ""),
                               result.person.value("Email", ""));
  }
  Json out = Json::object();
  out[bulk_wire::kStatusId] = upload.status_id;
  data.bulk->AddUpload(std::move(upload));
  return SuccessResponse(std::move(out));
}

HttpResponse HandlePeopleAsyncStatus(const GainsightCall& call,
                                     TenantData& data) {
  std::optional<BulkUpload> upload =
      data.bulk->ReadUpload(call.route.Param("statusId"));
  if (!upload.has_value() || !upload->people_api) {
    return ErrorResponse(ApiError{404, codes::kBulkUnknownStatus,
                                  "No upsert request with this status id"});
  }
  Json out = Json::object();
  out[bulk_wire::kStatusId] = upload->status_id;
  const bool completed =
      AddAsyncStatus(*upload, data.bulk->shapes(), kPeopleStatusNames, out);
  Json people = Json::array();
  if (completed) {
    for (const auto& [gsid, email] : upload->people) {
      Json person = Json::object();
      person["Gsid"] = gsid;
      person["Email"] = email;
      people.push_back(std::move(person));
    }
  }
  out["people"] = std::move(people);
  return SuccessResponse(std::move(out));
}

}  // namespace gg::sandbox
