#include "api/export_reactor.h"

#include <algorithm>
#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"
#include "api/record_check.h"
#include "api/validation.h"
#include "common/status_details.h"
#include "gainsight/custom_row.h"

namespace gg {
namespace {

constexpr int kDefaultBatch = 1000;
constexpr int kMaxBatch = 5000;

BulkExport::CellKind KindOf(const gainsight::v1::ObjectMetadata& object,
                            const std::string& column) {
  for (const auto& field : object.fields()) {
    if (field.field_name() != column) continue;
    switch (field.data_type()) {
      case gainsight::v1::DATA_TYPE_NUMBER:
      case gainsight::v1::DATA_TYPE_CURRENCY:
      case gainsight::v1::DATA_TYPE_PERCENTAGE:
      case gainsight::v1::DATA_TYPE_DATE:  // epoch ms, as query rows
      case gainsight::v1::DATA_TYPE_DATE_TIME:
        return BulkExport::CellKind::kNumber;
      case gainsight::v1::DATA_TYPE_BOOLEAN:
        return BulkExport::CellKind::kBoolean;
      default:
        return BulkExport::CellKind::kText;
    }
  }
  return BulkExport::CellKind::kText;  // lookup paths
}

}  // namespace

ExportReactor::ExportReactor(grpc::CallbackServerContext* context,
                             const gainsight::v1::ExportRequest* request,
                             const ExportDeps& deps)
    : request_(request),
      deps_(deps),
      context_(MakeCallContext(*context, deps.api_options)) {
  if (!request->request_id().empty()) {
    context_.request_id = request->request_id();
  }
  Violations violations;
  if (!IsFieldApiName(request->object_name())) {
    violations.push_back(
        {"object_name", "must be an object API name, e.g. \"Company\""});
  }
  if (!request->select().empty()) CheckSelect(request->select(), violations);
  CheckFilter(request->filter(), violations);
  CheckOrderBy(request->order_by(), violations);
  CheckRequestId(request->request_id(), violations);
  if (request->batch_size() < 0 || request->batch_size() > kMaxBatch) {
    violations.push_back(
        {"batch_size", absl::StrCat("must be 0 to ", kMaxBatch)});
  }
  if (!violations.empty()) {
    End(InvalidArgument(violations));
    return;
  }
  batch_size_ =
      request->batch_size() == 0 ? kDefaultBatch : request->batch_size();
  deps_.metadata->Get(request->object_name(), context_,
                      [this](absl::StatusOr<ObjectMetadataPtr> metadata) {
                        if (!metadata.ok()) {
                          End(metadata.status());
                          return;
                        }
                        Begin(*std::move(metadata));
                      });
}

void ExportReactor::Begin(ObjectMetadataPtr metadata) {
  metadata_ = std::move(metadata);
  Violations violations;
  CheckQueryFields(*metadata_, request_->select(), request_->filter(),
                   request_->order_by(), violations);
  if (!violations.empty()) {
    End(InvalidArgument(violations));
    return;
  }
  QuerySpec spec;
  if (request_->select().empty()) {
    for (const auto& f : metadata_->fields()) {
      spec.select.push_back(f.field_name());
    }
  } else {
    spec.select = {request_->select().begin(), request_->select().end()};
  }
  spec.filter = request_->filter();
  spec.order_by = {request_->order_by().begin(), request_->order_by().end()};
  spec.limit = kMaxExportRecords;
  UseDescribedNames(*metadata_, &spec);
  std::vector<BulkExport::CellKind> kinds;
  for (const std::string& column : spec.select) {
    kinds.push_back(KindOf(*metadata_, column));
  }
  export_ = std::make_shared<BulkExport>(
      deps_.export_options, deps_.client, deps_.scheduler, deps_.clock,
      metadata_->object_name(), std::move(spec), context_);
  export_->SetColumnKinds(std::move(kinds));
  export_->Start([this](absl::StatusOr<int> chunks) {
    if (!chunks.ok()) {
      End(chunks.status());
      return;
    }
    chunks_ = *chunks;
    FetchNextChunk();
  });
}

void ExportReactor::FetchNextChunk() {
  if (next_chunk_ >= chunks_) {
    End(absl::OkStatus());
    return;
  }
  export_->FetchChunk(next_chunk_++,
                      [this](absl::StatusOr<BulkExport::Rows> rows) {
                        if (!rows.ok()) {
                          End(rows.status());
                          return;
                        }
                        rows_ = *std::move(rows);
                        row_pos_ = 0;
                        WriteNext();
                      });
}

void ExportReactor::WriteNext() {
  if (row_pos_ >= rows_.size()) {
    rows_.clear();
    FetchNextChunk();
    return;
  }
  out_.Clear();
  out_.set_offset(sent_);
  const size_t end =
      std::min(rows_.size(), row_pos_ + static_cast<size_t>(batch_size_));
  for (; row_pos_ < end; ++row_pos_) {
    absl::Status s =
        RowToStruct(*metadata_, rows_[row_pos_], out_.add_records(),
                    deps_.api_options.date_zone);
    if (!s.ok()) {
      End(s);
      return;
    }
    sent_++;
  }
  StartWrite(&out_);
}

void ExportReactor::OnWriteDone(bool ok) {
  if (!ok) {
    End(absl::CancelledError("the client went away"));
    return;
  }
  WriteNext();
}

void ExportReactor::OnCancel() {
  // Whatever is in flight ends with CANCELLED and finishes the stream.
  if (context_.cancel != nullptr) context_.cancel->Cancel();
}

void ExportReactor::OnDone() { delete this; }

void ExportReactor::End(const absl::Status& status) {
  if (ended_.exchange(true)) return;
  Finish(ToGrpcStatus(status));
}

}  // namespace gg
