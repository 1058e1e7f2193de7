#include "sandbox/bulk_handlers.h"

#include <algorithm>
#include <string>
#include <utility>
#include <vector>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "gainsight/bulk_wire_names.h"
#include "sandbox/async_status.h"
#include "sandbox/csv.h"
#include "sandbox/envelope.h"
#include "sandbox/error_codes.h"
#include "sandbox/ids.h"
#include "sandbox/record_validation.h"
#include "sandbox/text_values.h"

namespace gg::sandbox {
namespace {

constexpr char kStatusPath[] = "/v1.0/admin/connector/job/bulkimport/status/";

// Loads one data row (an insert, or an upsert by the job's keys); returns
// its errors (none when it was stored).
std::vector<RecordError> LoadRow(const ObjectDef& object,
                                 const BulkDataJob& job, const CsvRow& header,
                                 const CsvRow& cells,
                                 const std::vector<int>& fields, Store& store,
                                 int64_t now_ms) {
  if (cells.size() != header.size()) {
    return {
        RecordError{0, "", codes::kValidation,
                    absl::StrCat("The row has ", cells.size(),
                                 " cells; the header has ", header.size())}};
  }
  Json record = Json::object();
  for (size_t i = 0; i < cells.size(); ++i) {
    if (cells[i].empty()) continue;  // an empty cell is null
    record[header[i]] = TextValueJson(object.field(fields[i]), cells[i]);
  }
  Json records = Json::array();
  records.push_back(std::move(record));
  ValidatedBatch batch =
      ValidateRecords(object, records, WriteMode::kInsert, {});
  if (!batch.ok()) return batch.errors;
  if (job.upsert) {
    Store::Patch patch;
    for (const FieldAssignment& assignment : batch.records.front()) {
      const std::string& name = object.field(assignment.field).name;
      const bool key =
          std::find(job.keys.begin(), job.keys.end(), name) != job.keys.end();
      (key ? patch.keys : patch.changes).push_back(assignment);
    }
    if (patch.keys.size() == job.keys.size()) {
      patch.changes.push_back(
          FieldAssignment{object.modified_date_field(), Value(now_ms)});
      if (store.Update(object, {patch}).unmatched.empty()) return {};
    }
  }
  Row row(object.fields().size());
  for (FieldAssignment& assignment : batch.records.front()) {
    row[assignment.field] = std::move(assignment.value);
  }
  row[object.gsid_field()] = NewGsid(object.gsid_prefix());
  row[object.created_date_field()] = now_ms;
  row[object.modified_date_field()] = now_ms;
  std::vector<Row> rows;
  rows.push_back(std::move(row));
  store.Insert(object, std::move(rows));
  return {};
}

HttpResponse MalformedUpload(absl::string_view why) {
  return ErrorResponse(BadRequest(
      codes::kBulkMalformed, absl::StrCat("MalformedUpload upload: ", why)));
}

}  // namespace

HttpResponse HandleBulkImport(const GainsightCall& call, TenantData& data) {
  const FormPart* job_part = call.request.Form("jobId");
  const FormPart* file = call.request.Form("file");
  if (job_part == nullptr || file == nullptr) {
    return MalformedUpload("multipart parts jobId and file are required");
  }
  std::optional<BulkDataJob> job = data.bulk->FindDataJob(job_part->data);
  if (!job.has_value()) {
    return ErrorResponse(BadRequest(codes::kBulkUnknownJob,
                                    "No Bulk API data job with this jobId"));
  }
  const ObjectDef* object = data.objects.Find(job->object);
  if (object == nullptr) {
    return ErrorResponse(BadRequest(codes::kUnknownObject,
                                    "The data job's object does not exist"));
  }
  if (static_cast<int64_t>(file->data.size()) > kMaxBulkImportBytes) {
    return ErrorResponse(ApiError{413, codes::kBulkTooLarge,
                                  absl::StrCat("The file is larger than ",
                                               kMaxBulkImportBytes, " bytes")});
  }
  absl::StatusOr<std::vector<CsvRow>> rows = ParseCsv(file->data);
  if (!rows.ok()) return MalformedUpload(rows.status().message());
  if (rows->size() < 2) {
    // [CODE] 200 with result false for a file without data.
    HttpResponse response =
        ErrorResponse(BadRequest(codes::kBulkNoData, "No data to import"));
    response.status = 200;
    return response;
  }
  const CsvRow& header = rows->front();
  std::vector<int> fields;
  for (const std::string& name : header) {
    int index = object->FieldIndex(absl::StripAsciiWhitespace(name));
    if (index < 0) {
      return MalformedUpload(absl::StrCat(
          "column ", name, " maps to no field of ", object->name()));
    }
    fields.push_back(index);
  }
  BulkUpload upload;
  upload.status_id = NewRequestId();
  upload.job_id = job->job_id;
  upload.total = static_cast<int64_t>(rows->size()) - 1;
  const int64_t now_ms = absl::ToUnixMillis(call.now);
  for (size_t r = 1; r < rows->size(); ++r) {
    std::vector<RecordError> errors =
        LoadRow(*object, *job, header, (*rows)[r], fields, data.store, now_ms);
    if (errors.empty()) {
      upload.succeeded++;
      continue;
    }
    for (RecordError& e : errors) {
      upload.errors.push_back(
          BulkRowError{static_cast<int64_t>(r), std::move(e.field_name),
                       std::move(e.code), std::move(e.desc)});
    }
  }
  Json out = Json::object();
  out[bulk_wire::kStatusId] = upload.status_id;
  out["statusUrl"] = absl::StrCat(kStatusPath, upload.status_id);
  data.bulk->AddUpload(std::move(upload));
  return SuccessResponse(std::move(out));
}

HttpResponse HandleBulkImportStatus(const GainsightCall& call,
                                    TenantData& data) {
  std::optional<BulkUpload> upload =
      data.bulk->ReadUpload(call.route.Param("statusId"));
  if (!upload.has_value() || upload->people_api) {
    return ErrorResponse(ApiError{404, codes::kBulkUnknownStatus,
                                  "No upload with this status id"});
  }
  Json out = Json::object();
  out[bulk_wire::kStatusId] = upload->status_id;
  out[bulk_wire::kJobId] = upload->job_id;
  AddAsyncStatus(*upload, data.bulk->shapes(), kBulkImportStatusNames, out);
  return SuccessResponse(std::move(out));
}

}  // namespace gg::sandbox
