// gainsight.v1.BulkService: imports streamed to disk and run as durable jobs
// (jobs/job_runner.h), the reads of those jobs, and exports through
// Gainsight's bulk export.
#ifndef GAINSIGHT_GATEWAY_SERVER_API_BULK_SERVICE_H_
#define GAINSIGHT_GATEWAY_SERVER_API_BULK_SERVICE_H_

#include <cstdint>
#include <string>

#include "absl/status/status.h"
#include "api/export_reactor.h"
#include "api/import_reactor.h"
#include "gainsight/v1/bulk.grpc.pb.h"
#include "jobs/job_runner.h"
#include "jobs/spool_quota.h"

namespace gg {

class BulkService final : public gainsight::v1::BulkService::CallbackService {
 public:
  // `settings.runner` may be null when the spool could not be opened; every
  // job call then answers `unavailable`.
  BulkService(ImportSettings settings, absl::Status unavailable,
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
  grpc::ServerUnaryReactor* CancelJob(
      grpc::CallbackServerContext* context,
      const gainsight::v1::CancelJobRequest* request,
      gainsight::v1::CancelJobResponse* response) override;
  grpc::ServerWriteReactor<gainsight::v1::ExportResponse>* Export(
      grpc::CallbackServerContext* context,
      const gainsight::v1::ExportRequest* request) override;

 private:
  const ImportSettings settings_;
  JobRunner* const runner_;
  const absl::Status unavailable_;
  const ExportDeps export_deps_;
};

}  // namespace gg

#endif  // GAINSIGHT_GATEWAY_SERVER_API_BULK_SERVICE_H_
