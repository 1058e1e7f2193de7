// The StartImport stream: checks the header, encodes rows (or passes raw CSV
// records through) into the disk spool as they arrive, within the spool's
// limits, and on the client's close stores the job and answers with it. A
// Person import reads the tenant's Person describe (cached) as soon as its
// columns are known, before it reads on: each column must be a Person field,
// and each row's cells of the field's type, so a typo fails the stream before
// the job is queued. An import to a declared data job (ImportSettings::
// data_jobs) is checked alike: the job's object, only columns the job maps,
// and each cell of the type of the field its column is mapped to. A stream that
// breaks off, that carries bad input, or whose job cannot be stored leaves no
// job and no spool behind. A header with a request_id makes the import start
// once (api/idempotent_writes.h): a retry of the whole stream (every message
// the same) answers the first job, a different stream with that id is
// INVALID_ARGUMENT.
#ifndef GAINSIGHT_GATEWAY_SERVER_API_IMPORT_REACTOR_H_
#define GAINSIGHT_GATEWAY_SERVER_API_IMPORT_REACTOR_H_

#include <atomic>
#include <memory>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "api/idempotent_writes.h"
#include "api/unary_call.h"
#include "api/validation.h"
#include "common/bulk_data_jobs.h"
#include "gainsight/v1/bulk.grpc.pb.h"
#include "jobs/csv_encoder.h"
#include "jobs/import_spool.h"
#include "jobs/job_runner.h"
#include "jobs/spool_quota.h"
#include "ops/metadata_cache.h"

namespace gg {

// What an import needs besides the stream.
struct ImportSettings {
  std::string spool_dir;
  // Largest spooled part (one Bulk API upload), header included.
  int64_t max_part_bytes = 79000000;
  JobRunner* runner = nullptr;
  SpoolQuota* quota = nullptr;
  // Longest CSV record of a csv_chunk stream (past it INVALID_ARGUMENT).
  int64_t max_csv_record_bytes = 1 << 20;
  // The GS Bulk API connection settings that are missing (flag names);
  // Bulk API imports are refused while any is.
  std::vector<std::string> missing_bulk_api_settings;
  // Starts an import that carries a request_id at most once (may be null).
  IdempotentWrites* idempotent = nullptr;
  // The Bulk API data jobs the operator declared: an import to one must
  // name the object it loads, and only columns it maps.
  BulkDataJobSpecs data_jobs;
  // Describes Person, whose fields a Person import's columns must be and
  // whose types its cells must fit, and the objects of declared data jobs,
  // whose fields' types the cells of their mapped columns must fit (may be
  // null: neither is checked).
  MetadataCache* metadata = nullptr;
  // The deadline of that describe when the caller set none.
  ApiOptions api_options;
};

class ImportReactor
    : public grpc::ServerReadReactor<gainsight::v1::StartImportRequest> {
 public:
  // Starts reading; the spool must have room (SpoolQuota::CheckRoomForImport).
  ImportReactor(grpc::CallbackServerContext* context,
                const ImportSettings& settings,
                gainsight::v1::StartImportResponse* response);

  void OnReadDone(bool ok) override;
  void OnCancel() override;
  void OnDone() override;

 private:
  absl::Status Take(const gainsight::v1::StartImportRequest& message);
  absl::Status TakeHeader(const gainsight::v1::ImportHeader& header);
  absl::Status TakeRows(const gainsight::v1::ImportRows& rows);
  absl::Status TakeCsv(const std::string& chunk);
  absl::Status AddCsvRecord(const std::string& record);
  absl::Status CsvRecordTooLong() const;
  // A Person import, or one to a declared data job, whose columns are known
  // and whose describe is not: reads the describe, takes it (TakeDescribe),
  // then reads on.
  bool NeedsDescribe() const;
  void ReadDescribe();
  // Checks the columns against `described` (null for a data job whose
  // describe failed: its cells go unchecked), then takes the CSV records
  // that waited for it.
  absl::Status TakeDescribe(ObjectMetadataPtr described);
  // Why a row's cells do not fit the fields of their columns: violations on
  // `path` (e.g. "rows.rows[2]"), each naming the row.
  void CheckCells(const std::vector<std::string>& cells, int64_t row_number,
                  absl::string_view path, bool path_per_column,
                  Violations& out) const;
  // Stores the job of the spooled `parts` and answers with it.
  void Queue(std::vector<SpooledPart> parts);
  void Complete();
  void End(const absl::Status& status);

  // Charges what the spool grew by since the last charge.
  absl::Status ChargeQuota();

  grpc::CallbackServerContext* const context_;
  const ImportSettings& settings_;
  gainsight::v1::StartImportResponse* const response_;
  int64_t charged_bytes_ = 0;
  std::atomic<bool> cancelled_{false};

  gainsight::v1::StartImportRequest message_;
  int64_t messages_ = 0;
  gainsight::v1::Job job_;  // header fields
  std::vector<std::string> columns_;
  enum class Mode { kUnknown, kRows, kCsv } mode_ = Mode::kUnknown;
  bool header_from_csv_ = false;  // csv_chunk without columns
  // Cells every CSV row must have: the header's columns.
  size_t header_cells_ = 0;
  bool finished_ = false;
  // The declared data job an import uploads to (null: none declared).
  const BulkDataJobSpec* data_job_ = nullptr;
  // Whether the describe was taken (a Person import, a declared data job).
  bool described_ = false;
  // The describe, and the field each column's cells must fit (null: the
  // column's cells are not checked against a field).
  ObjectMetadataPtr object_;
  // The columns' names (a CSV header's cells, or the header's columns).
  std::vector<std::string> column_names_;
  std::vector<const gainsight::v1::FieldMetadata*> column_fields_;
  // CSV records that came after the header, before the describe.
  std::vector<std::string> waiting_records_;
  // Of every message, when the header carries a request_id.
  StreamFingerprint fingerprint_;
  CsvRecordSplitter splitter_;
  std::unique_ptr<ImportSpoolWriter> spool_;
};

// A fresh gateway job id: "job-" and 20 lower-case hex digits.
std::string NewJobId();
bool IsJobId(absl::string_view id);

}  // namespace gg

#endif  // GAINSIGHT_GATEWAY_SERVER_API_IMPORT_REACTOR_H_
