#include "sandbox/object_handlers.h"

#include <algorithm>
#include <string>
#include <utility>
#include <variant>
#include <vector>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "sandbox/envelope.h"
#include "sandbox/error_codes.h"
#include "sandbox/ids.h"
#include "sandbox/query.h"
#include "sandbox/record_validation.h"
#include "sandbox/write_lookups.h"

namespace gg::sandbox {
namespace {

const ObjectDef* FindObject(const GainsightCall& call, const TenantData& data) {
  return data.objects.Find(call.route.Param("object"));
}

HttpResponse UnknownObject(const GainsightCall& call) {
  return ErrorResponse(BadRequest(
      codes::kUnknownObject, absl::StrCat("Requested object not found (",
                                          call.route.Param("object"), ")")));
}

ApiError MalformedBody(absl::string_view expected) {
  return BadRequest(
      codes::kValidation,
      absl::StrCat("Malformed request body: expected ", expected));
}

// The "records" array of a write body.
std::optional<ApiError> RecordsOf(const GainsightCall& call,
                                  const Json** records) {
  constexpr char kShape[] = "a JSON object {\"records\":[...]}";
  if (!call.body.is_object()) return MalformedBody(kShape);
  auto it = call.body.find("records");
  if (it == call.body.end() || !it->is_array()) return MalformedBody(kShape);
  int max = call.route.endpoint->max_records;
  if (it->empty() || static_cast<int>(it->size()) > max) {
    return BadRequest(
        codes::kValidation,
        absl::StrCat("records must hold 1 to ", max, " records per call"));
  }
  *records = &*it;
  return std::nullopt;
}

// data of a successful write: one {"Gsid"} per input record.
HttpResponse WriteSuccess(const std::vector<std::string>& gsids) {
  Json records = Json::array();
  for (const std::string& gsid : gsids) {
    Json record = Json::object();
    record["Gsid"] = gsid;
    records.push_back(std::move(record));
  }
  Json data = Json::object();
  data["count"] = gsids.size();
  data["errors"] = nullptr;
  data["records"] = std::move(records);
  return SuccessResponse(std::move(data));
}

// The failure of a write: top-level code of the first error, every error in
// data.errors, in the shape the contract variant names ([CODE] by default:
// one entry per record of the call, as a real tenant's 400 shows).
HttpResponse WriteFailure(const std::vector<RecordError>& errors,
                          int record_count, const TenantData& data_in) {
  Json data = Json::object();
  data["count"] = 0;
  data["errors"] =
      data_in.contract != nullptr &&
              data_in.contract->write_errors == WriteErrorShape::kIndexed
          ? RecordErrorsJson(errors)
          : PerRecordErrorsJson(errors, record_count);
  data["records"] = nullptr;
  return ErrorResponse(BadRequest(errors.front().code, errors.front().desc),
                       std::move(data));
}

// The field indexes named by ?keys=F1,F2 (1..kMaxUpdateKeys, distinct).
std::optional<ApiError> ParseKeys(const HttpRequest& request,
                                  const ObjectDef& object,
                                  std::vector<int>* keys) {
  const std::string* text = request.Param("keys");
  auto bad_keys = [] {
    return BadRequest(codes::kValidation,
                      absl::StrCat("keys query parameter must name 1 to ",
                                   kMaxUpdateKeys, " distinct fields"));
  };
  if (text == nullptr) return bad_keys();
  std::vector<absl::string_view> names = absl::StrSplit(*text, ',');
  if (names.size() > static_cast<size_t>(kMaxUpdateKeys)) return bad_keys();
  for (absl::string_view name : names) {
    name = absl::StripAsciiWhitespace(name);
    if (name.empty()) return bad_keys();
    int field = object.FieldIndex(name);
    if (field < 0) {
      return BadRequest(
          codes::kInvalidField,
          absl::StrCat("Invalid field, please re-check data mapping (", name,
                       ": no such field on ", object.name(), ")"));
    }
    if (std::find(keys->begin(), keys->end(), field) != keys->end()) {
      return bad_keys();
    }
    keys->push_back(field);
  }
  return std::nullopt;
}

Store::Patch MakePatch(const ObjectDef& object, const std::vector<int>& keys,
                       RecordFields fields, int64_t now_ms) {
  Store::Patch patch;
  for (FieldAssignment& assignment : fields) {
    if (std::find(keys.begin(), keys.end(), assignment.field) != keys.end()) {
      patch.keys.push_back(assignment);
    }
    if (!object.field(assignment.field).read_only) {
      patch.changes.push_back(std::move(assignment));
    }
  }
  patch.changes.push_back({object.modified_date_field(), now_ms});
  return patch;
}

// Lookup and validation errors together, by record order.
std::vector<RecordError> Merged(std::vector<RecordError> lookups,
                                const std::vector<RecordError>& validation) {
  lookups.insert(lookups.end(), validation.begin(), validation.end());
  std::stable_sort(lookups.begin(), lookups.end(),
                   [](const RecordError& a, const RecordError& b) {
                     return a.index < b.index;
                   });
  return lookups;
}

// The records' references that must name an existing record and do not
// (a relationship's CompanyId and TypeId), one error each.
std::vector<RecordError> MissingReferences(
    const ObjectDef& object, const std::vector<RecordFields>& records,
    const TenantData& data) {
  std::vector<RecordError> errors;
  for (size_t i = 0; i < records.size(); ++i) {
    for (const FieldAssignment& assignment : records[i]) {
      const FieldDef& field = object.field(assignment.field);
      if (!field.reference_must_exist) continue;
      const auto* gsid = std::get_if<std::string>(&assignment.value);
      const ObjectDef* target = data.objects.Find(field.lookup_object);
      if (gsid == nullptr || target == nullptr ||
          data.store.Has(*target, *gsid)) {
        continue;
      }
      errors.push_back(
          {static_cast<int>(i), field.name, codes::kInvalidField,
           absl::StrCat("Invalid field, please re-check data mapping (",
                        field.name, ": no ", target->name(),
                        " record has this GSID)")});
    }
  }
  return errors;
}

}  // namespace

HttpResponse HandleObjectInsert(const GainsightCall& call, TenantData& data) {
  const ObjectDef* object = FindObject(call, data);
  if (object == nullptr) return UnknownObject(call);
  const Json* records = nullptr;
  if (auto error = RecordsOf(call, &records)) return ErrorResponse(*error);
  ResolvedRecords resolved;
  if (auto error = ResolveLookups(*object, call.body, data.objects, data.store,
                                  &resolved)) {
    return ErrorResponse(*error);
  }
  ValidatedBatch batch =
      ValidateRecords(*object, resolved.records, WriteMode::kInsert, {});
  if (!batch.ok() || !resolved.errors.empty()) {
    return WriteFailure(Merged(std::move(resolved.errors), batch.errors),
                        static_cast<int>(records->size()), data);
  }
  if (auto missing = MissingReferences(*object, batch.records, data);
      !missing.empty()) {
    return WriteFailure(missing, static_cast<int>(records->size()), data);
  }

  int64_t now_ms = absl::ToUnixMillis(call.now);
  std::vector<Row> rows;
  std::vector<std::string> gsids;
  for (RecordFields& fields : batch.records) {
    Row row(object->fields().size());
    for (FieldAssignment& assignment : fields) {
      row[assignment.field] = std::move(assignment.value);
    }
    gsids.push_back(NewGsid(object->gsid_prefix()));
    row[object->gsid_field()] = gsids.back();
    row[object->created_date_field()] = now_ms;
    row[object->modified_date_field()] = now_ms;
    rows.push_back(std::move(row));
  }
  data.store.Insert(*object, std::move(rows));
  return WriteSuccess(gsids);
}

HttpResponse HandleObjectUpdate(const GainsightCall& call, TenantData& data) {
  const ObjectDef* object = FindObject(call, data);
  if (object == nullptr) return UnknownObject(call);
  std::vector<int> keys;
  if (auto error = ParseKeys(call.request, *object, &keys)) {
    return ErrorResponse(*error);
  }
  const Json* records = nullptr;
  if (auto error = RecordsOf(call, &records)) return ErrorResponse(*error);
  ResolvedRecords resolved;
  if (auto error = ResolveLookups(*object, call.body, data.objects, data.store,
                                  &resolved)) {
    return ErrorResponse(*error);
  }
  ValidatedBatch batch =
      ValidateRecords(*object, resolved.records, WriteMode::kUpdate, keys);
  if (!batch.ok() || !resolved.errors.empty()) {
    return WriteFailure(Merged(std::move(resolved.errors), batch.errors),
                        static_cast<int>(records->size()), data);
  }
  if (auto missing = MissingReferences(*object, batch.records, data);
      !missing.empty()) {
    return WriteFailure(missing, static_cast<int>(records->size()), data);
  }

  int64_t now_ms = absl::ToUnixMillis(call.now);
  std::vector<Store::Patch> patches;
  for (RecordFields& fields : batch.records) {
    patches.push_back(MakePatch(*object, keys, std::move(fields), now_ms));
  }
  Store::UpdateOutcome outcome = data.store.Update(*object, patches);
  if (!outcome.unmatched.empty()) {
    std::vector<RecordError> errors;
    for (int index : outcome.unmatched) {
      errors.push_back({index, "", codes::kNoMatch, codes::kNoMatchDesc});
    }
    return WriteFailure(errors, static_cast<int>(records->size()), data);
  }
  return WriteSuccess(outcome.first_match_gsids);
}

HttpResponse HandleObjectQuery(const GainsightCall& call, TenantData& data) {
  const ObjectDef* object = FindObject(call, data);
  if (object == nullptr) return UnknownObject(call);
  if (call.body.is_discarded()) {
    return ErrorResponse(MalformedBody("a JSON object with \"select\""));
  }
  QueryPlan plan;
  if (auto error = ParseQuery(*object, call.body, &plan)) {
    return ErrorResponse(*error);
  }
  Json rows;
  data.store.Scan(*object, [&](const std::vector<const Row*>& all) {
    rows = RunQuery(*object, plan, all);
  });
  if (data.query_shape == QueryShape::kArray) {
    return SuccessResponse(std::move(rows));
  }
  Json result = Json::object();
  result["records"] = std::move(rows);
  return SuccessResponse(std::move(result));
}

HttpResponse HandleObjectDelete(const GainsightCall& call, TenantData& data) {
  const ObjectDef* object = FindObject(call, data);
  if (object == nullptr) return UnknownObject(call);
  std::string gsid(absl::StripAsciiWhitespace(call.route.Param("gsid")));
  if (!IsGsidShaped(gsid)) {
    return ErrorResponse(BadRequest(
        codes::kInvalidGsid,
        "Either the Gainsight ID is invalid or missing, please re-check your "
        "request."));
  }
  if (!data.store.Delete(*object, gsid)) {
    return ErrorResponse(BadRequest(codes::kNoMatch, codes::kNoMatchDesc));
  }
  return WriteSuccess({gsid});
}

}  // namespace gg::sandbox
