#include "sandbox/bulk_export_handlers.h"

#include <cmath>
#include <string>
#include <utility>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/strip.h"
#include "gainsight/bulk_wire_names.h"
#include "sandbox/csv.h"
#include "sandbox/envelope.h"
#include "sandbox/error_codes.h"
#include "sandbox/ids.h"
#include "sandbox/query.h"

namespace gg::sandbox {
namespace {

// [SEC] Default number of records an export reads.
constexpr int64_t kDefaultExportLimit = 1000000;
// DECISION: a host a client must never send the key to.
constexpr char kForeignOrigin[] = "http://elsewhere.invalid:8";

// A query row value as a CSV cell: text as it is, whole numbers without a
// fraction, booleans true/false, null empty (dates stay epoch ms, as the
// query endpoint answers them).
std::string Cell(const Json& value) {
  if (value.is_null()) return "";
  if (value.is_string()) return value.get<std::string>();
  if (value.is_boolean()) return value.get<bool>() ? "true" : "false";
  if (value.is_number_integer()) return absl::StrCat(value.get<int64_t>());
  if (value.is_number()) {
    double d = value.get<double>();
    if (d == std::trunc(d) && std::fabs(d) < 1e15) {
      return absl::StrCat(static_cast<int64_t>(d));
    }
    return absl::StrFormat("%.17g", d);
  }
  return DumpJson(value);
}

HttpResponse UnknownExport() {
  return ErrorResponse(
      ApiError{404, codes::kBulkUnknownExport, "No such bulk export"});
}

// A handed-out URL in the form the shapes ask for.
std::string ExportUrl(const GainsightCall& call, const BulkShapes& shapes,
                      const std::string& path) {
  if (shapes.url_form == "absolute") {
    const std::string* host = call.request.Header("Host");
    return absl::StrCat("http://", host != nullptr ? *host : "127.0.0.1", path);
  }
  if (shapes.url_form == "foreign") return absl::StrCat(kForeignOrigin, path);
  return path;
}

}  // namespace

HttpResponse HandleBulkExportSubmit(const GainsightCall& call,
                                    TenantData& data) {
  const ObjectDef* object = data.objects.Find(call.route.Param("object"));
  if (object == nullptr) {
    return ErrorResponse(BadRequest(
        codes::kUnknownObject, absl::StrCat("Requested object not found (",
                                            call.route.Param("object"), ")")));
  }
  if (!call.body.is_object()) {
    return ErrorResponse(BadRequest(
        codes::kValidation, "Malformed request body: expected a JSON object"));
  }
  // The query endpoint's parser, without its page cap.
  Json body = call.body;
  int64_t limit = kDefaultExportLimit;
  auto limit_it = body.find("limit");
  if (limit_it != body.end()) {
    if (!limit_it->is_number_integer() || limit_it->get<int64_t>() < 1) {
      return ErrorResponse(BadRequest(
          codes::kValidation, "Invalid limit: must be a positive integer"));
    }
    limit = limit_it->get<int64_t>();
    body.erase("limit");
  }
  QueryPlan plan;
  if (auto error = ParseQuery(*object, body, &plan)) {
    return ErrorResponse(*error);
  }
  plan.limit = limit;
  Json rows;
  data.store.Scan(*object, [&](const std::vector<const Row*>& all) {
    rows = RunQuery(*object, plan, all);
  });
  CsvRow header;
  for (const auto& [key, field] : plan.select) header.push_back(key);
  const std::string header_line = CsvLine(header);
  BulkExport job;
  job.job_id = NewRequestId();
  job.total = static_cast<int64_t>(rows.size());
  CsvRow cells(header.size());
  for (size_t i = 0; i < rows.size(); ++i) {
    if (i % kBulkExportChunkRows == 0) job.chunks.push_back(header_line);
    for (size_t c = 0; c < header.size(); ++c) {
      cells[c] = Cell(rows[i][header[c]]);
    }
    job.chunks.back() += CsvLine(cells);
  }
  const BulkShapes shapes = data.bulk->shapes();
  Json out = Json::object();
  out["jobId"] = job.job_id;
  out[shapes.status_url_key] = ExportUrl(
      call, shapes, data.bulk->ExportUrlPath(ExportUrlTarget{job.job_id, -1}));
  data.bulk->AddExport(std::move(job));
  return SuccessResponse(std::move(out));
}

HttpResponse HandleBulkExportStatus(const GainsightCall& call,
                                    TenantData& data) {
  const std::string& job_id = call.route.Param("jobId");
  std::optional<BulkJobs::ExportStatus> status = data.bulk->ReadExport(job_id);
  if (!status.has_value()) return UnknownExport();
  const BulkShapes shapes = data.bulk->shapes();
  Json out = Json::object();
  out[bulk_wire::kJobId] = job_id;
  if (status->reads < shapes.export_status_reads) {
    out[bulk_wire::kJobStatus] = bulk_wire::kStateInProgress;
    return SuccessResponse(std::move(out));
  }
  out[bulk_wire::kJobStatus] = bulk_wire::kStateCompleted;
  out[bulk_wire::kTotalRecords] = status->total;
  Json chunks = Json::array();
  for (size_t i = 0; i < status->chunks; ++i) {
    Json chunk = Json::object();
    chunk[shapes.chunk_url_key] = ExportUrl(
        call, shapes,
        data.bulk->ExportUrlPath(ExportUrlTarget{job_id, static_cast<int>(i)}));
    chunk["offset"] = static_cast<int64_t>(i) * kBulkExportChunkRows;
    chunk["limit"] = kBulkExportChunkRows;
    chunks.push_back(std::move(chunk));
  }
  out[bulk_wire::kChunkDetails] = std::move(chunks);
  return SuccessResponse(std::move(out));
}

HttpResponse HandleBulkExportChunk(const GainsightCall& call,
                                   TenantData& data) {
  // A CSV is not JSON: a strict server refuses a client that accepts JSON
  // only.
  const std::string* accept = call.request.Header("Accept");
  if (accept != nullptr &&
      absl::StripAsciiWhitespace(*accept) == "application/json") {
    return ErrorResponse(ApiError{
        406, codes::kNotAcceptable,
        "Not Acceptable: the chunk is text/csv; send the Accept list of the "
        "Bulk REST APIs article"});
  }
  size_t index = 0;
  if (!absl::SimpleAtoi(call.route.Param("index"), &index)) {
    return UnknownExport();
  }
  std::optional<std::string> chunk =
      data.bulk->ExportChunk(call.route.Param("jobId"), index);
  if (!chunk.has_value()) return UnknownExport();
  HttpResponse response;
  response.content_type = "text/csv; charset=utf-8";
  response.body = *std::move(chunk);
  return response;
}

}  // namespace gg::sandbox
