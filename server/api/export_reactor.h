// The Export stream: checks the request, reads the object's metadata,
// runs one bulk export (ops/bulk_export.h) and streams its records in
// batches, one chunk in memory at a time and one message in flight.
#ifndef GAINSIGHT_GATEWAY_SERVER_API_EXPORT_REACTOR_H_
#define GAINSIGHT_GATEWAY_SERVER_API_EXPORT_REACTOR_H_

#include <atomic>
#include <memory>
#include <string>

#include "api/unary_call.h"
#include "gainsight/v1/bulk.grpc.pb.h"
#include "ops/bulk_export.h"
#include "ops/metadata_cache.h"

namespace gg {

struct ExportDeps {
  GainsightClient* client = nullptr;
  MetadataCache* metadata = nullptr;
  Scheduler* scheduler = nullptr;
  Clock* clock = nullptr;
  ApiOptions api_options;
  BulkExport::Options export_options;
};

class ExportReactor
    : public grpc::ServerWriteReactor<gainsight::v1::ExportResponse> {
 public:
  ExportReactor(grpc::CallbackServerContext* context,
                const gainsight::v1::ExportRequest* request,
                const ExportDeps& deps);

  void OnWriteDone(bool ok) override;
  void OnCancel() override;
  void OnDone() override;

 private:
  void Begin(ObjectMetadataPtr metadata);
  void FetchNextChunk();
  // Writes the next batch of the current chunk, or fetches the next chunk,
  // or finishes.
  void WriteNext();
  void End(const absl::Status& status);

  const gainsight::v1::ExportRequest* const request_;
  const ExportDeps deps_;
  CallContext context_;
  std::atomic<bool> ended_{false};
  int batch_size_ = 1000;
  ObjectMetadataPtr metadata_;
  std::shared_ptr<BulkExport> export_;
  int chunks_ = 0;
  int next_chunk_ = 0;
  BulkExport::Rows rows_;
  size_t row_pos_ = 0;
  int64_t sent_ = 0;
  gainsight::v1::ExportResponse out_;
};

}  // namespace gg

#endif  // GAINSIGHT_GATEWAY_SERVER_API_EXPORT_REACTOR_H_
