// The StartImport stream: checks the header, encodes rows (or passes raw CSV
// records through) into the disk spool as they arrive, and on the client's
// close stores the job and answers with it. A stream that breaks off, or
// that carries bad input, leaves no job and no spool behind.
#ifndef GAINSIGHT_GATEWAY_SERVER_API_IMPORT_REACTOR_H_
#define GAINSIGHT_GATEWAY_SERVER_API_IMPORT_REACTOR_H_

#include <atomic>
#include <memory>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "gainsight/v1/bulk.grpc.pb.h"
#include "jobs/csv_encoder.h"
#include "jobs/import_spool.h"
#include "jobs/job_runner.h"

namespace gg {

class ImportReactor
    : public grpc::ServerReadReactor<gainsight::v1::StartImportRequest> {
 public:
  // A CSV record (csv_chunk) longer than `max_csv_record_bytes` fails the
  // stream with INVALID_ARGUMENT.
  ImportReactor(grpc::CallbackServerContext* context, std::string spool_dir,
                int64_t max_part_bytes, int64_t max_csv_record_bytes,
                JobRunner* runner,
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
  void Complete();
  void End(const absl::Status& status);

  grpc::CallbackServerContext* const context_;
  const std::string spool_dir_;
  const int64_t max_part_bytes_;
  JobRunner* const runner_;
  gainsight::v1::StartImportResponse* const response_;
  std::atomic<bool> cancelled_{false};

  gainsight::v1::StartImportRequest message_;
  int64_t messages_ = 0;
  gainsight::v1::Job job_;  // header fields
  std::vector<std::string> columns_;
  enum class Mode { kUnknown, kRows, kCsv } mode_ = Mode::kUnknown;
  bool header_from_csv_ = false;  // csv_chunk without columns
  bool finished_ = false;
  CsvRecordSplitter splitter_;
  std::unique_ptr<ImportSpoolWriter> spool_;
};

// A fresh gateway job id: "job-" and 20 lower-case hex digits.
std::string NewJobId();
bool IsJobId(absl::string_view id);

}  // namespace gg

#endif  // GAINSIGHT_GATEWAY_SERVER_API_IMPORT_REACTOR_H_
