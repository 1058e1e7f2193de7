// gainsight.v1.BulkService: imports streamed to disk and run as durable jobs
// (jobs/job_runner.h), the reads of those jobs, and exports through
// Gainsight's bulk export.
#ifndef GAINSIGHT_GATEWAY_SERVER_API_BULK_SERVICE_H_
#define GAINSIGHT_GATEWAY_SERVER_API_BULK_SERVICE_H_

#include <cstdint>
#include <string>

#include "absl/status/status.h"
#include "api/export_reactor.h"
#include "gainsight/v1/bulk.grpc.pb.h"
#include "jobs/job_runner.h"

namespace gg {

class BulkService final : public gainsight::v1::BulkService::CallbackService {
 public:
  struct Options {
    std::string spool_dir;
    // Largest spooled part (one Bulk API upload), header included.
    int64_t max_part_bytes = 79000000;
    // Longest CSV record of a csv_chunk stream.
    int64_t max_csv_record_bytes = 1 << 20;
  };
  // `runner` may be null when the spool could not be opened; every call
  // then answers `unavailable`.
  BulkService(Options options, JobRunner* runner, absl::Status unavailable,
              ExportDeps export_deps);

  grpc::ServerReadReactor<gainsight::v1::StartImportRequest>* StartImport(
      grpc::CallbackServerContext* context,
      gainsight::v1::StartImportResponse* response) override;
  grpc::ServerUnaryReactor* GetJob(
      grpc::CallbackServerContext* context,
      const gainsight::v1::GetJobRequest* request,
      gainsight::v1::GetJobResponse* response) override;
  grpc::ServerUnaryReactor* ListJobs(
      grpc::CallbackServerContext* context,
      const gainsight::v1::ListJobsRequest* request,
      gainsight::v1::ListJobsResponse* response) override;
  grpc::ServerWriteReactor<gainsight::v1::WatchJobResponse>* WatchJob(
      grpc::CallbackServerContext* context,
      const gainsight::v1::WatchJobRequest* request) override;
  grpc::ServerWriteReactor<gainsight::v1::ExportResponse>* Export(
      grpc::CallbackServerContext* context,
      const gainsight::v1::ExportRequest* request) override;

 private:
  const Options options_;
  JobRunner* const runner_;
  const absl::Status unavailable_;
  const ExportDeps export_deps_;
};

}  // namespace gg

#endif  // GAINSIGHT_GATEWAY_SERVER_API_BULK_SERVICE_H_
