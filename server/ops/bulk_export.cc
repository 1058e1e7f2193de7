#include "ops/bulk_export.h"

#include <algorithm>
#include <utility>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "gainsight/bulk_wire.h"
#include "jobs/csv_encoder.h"

namespace gg {
namespace {

Json TypedCell(const std::string& cell, BulkExport::CellKind kind) {
  if (cell.empty()) return nullptr;
  switch (kind) {
    case BulkExport::CellKind::kNumber: {
      double d;
      if (absl::SimpleAtod(cell, &d)) return d;
      return cell;
    }
    case BulkExport::CellKind::kBoolean: {
      bool b;
      if (absl::SimpleAtob(cell, &b)) return b;
      return cell;
    }
    case BulkExport::CellKind::kText:
      break;
  }
  return cell;
}

}  // namespace

BulkExport::BulkExport(Options options, GainsightClient* client,
                       Scheduler* scheduler, Clock* clock, std::string object,
                       QuerySpec spec, CallContext context)
    : options_(options),
      client_(client),
      scheduler_(scheduler),
      clock_(clock),
      object_(std::move(object)),
      spec_(std::move(spec)),
      context_(std::move(context)) {}

void BulkExport::Start(absl::AnyInvocable<void(absl::StatusOr<int>)> done) {
  started_ = std::move(done);
  GainsightCall call;
  call.endpoint = EndpointId::kBulkExportSubmit;
  call.path_params = {{"object", object_}};
  call.body = BuildQueryBody(spec_);
  auto self = shared_from_this();
  client_->Call(std::move(call), context_, [self](UpstreamOutcome outcome) {
    if (!outcome.status.ok()) {
      self->started_(outcome.status);
      return;
    }
    absl::StatusOr<ExportSubmitted> submitted = ParseExportSubmit(outcome.data);
    if (!submitted.ok()) {
      self->started_(submitted.status());
      return;
    }
    self->status_url_ = submitted->status_url;
    self->Poll(0);
  });
}

void BulkExport::Poll(int attempt) {
  absl::Duration delay = options_.poll_interval;
  for (int i = 0; i < attempt && delay < options_.max_poll_interval; ++i) {
    delay *= 2;
  }
  delay = std::min(delay, options_.max_poll_interval);
  if (clock_->Now() + delay >= context_.deadline) {
    started_(absl::DeadlineExceededError(
        "the bulk export did not finish before the call's deadline"));
    return;
  }
  auto self = shared_from_this();
  scheduler_->RunAt(clock_->Now() + delay, [self, attempt] {
    if (self->context_.cancel != nullptr &&
        self->context_.cancel->cancelled()) {
      self->started_(absl::CancelledError("export cancelled"));
      return;
    }
    GainsightCall call;
    call.endpoint = EndpointId::kBulkExportStatus;
    call.url = self->status_url_;
    self->client_->Call(
        std::move(call), self->context_,
        [self, attempt](UpstreamOutcome outcome) {
          if (!outcome.status.ok()) {
            self->started_(outcome.status);
            return;
          }
          ExportStatus status = ParseExportStatus(outcome.data);
          switch (status.state) {
            case AsyncState::kCompleted:
              self->chunk_urls_ = std::move(status.chunk_urls);
              self->started_(static_cast<int>(self->chunk_urls_.size()));
              return;
            case AsyncState::kFailed:
              self->started_(absl::UnavailableError(absl::StrCat(
                  "Gainsight's bulk export ended ", status.state_text)));
              return;
            case AsyncState::kUnknown:
              LogUnknownStateOnce("bulk export", status.state_text,
                                  outcome.data);
              break;
            case AsyncState::kInit:
            case AsyncState::kInProgress:
              break;
          }
          self->Poll(attempt + 1);
        });
  });
}

void BulkExport::FetchChunk(
    int index, absl::AnyInvocable<void(absl::StatusOr<Rows>)> done) {
  if (index < 0 || index >= static_cast<int>(chunk_urls_.size())) {
    done(absl::OutOfRangeError("no such export chunk"));
    return;
  }
  GainsightCall call;
  call.endpoint = EndpointId::kBulkExportChunk;
  call.url = chunk_urls_[index];
  call.raw_response = true;
  auto self = shared_from_this();
  client_->Call(
      std::move(call), context_,
      [self, done = std::move(done)](UpstreamOutcome outcome) mutable {
        if (!outcome.status.ok()) {
          done(outcome.status);
          return;
        }
        if (!outcome.data.is_string()) {
          done(absl::InternalError("bulk export chunk without a body"));
          return;
        }
        const std::string& csv = outcome.data.get_ref<const std::string&>();
        Rows rows;
        std::vector<std::string> header;
        CsvRecordSplitter splitter;
        auto take = [&](const std::string& record) {
          std::vector<std::string> cells = ParseCsvRecord(record);
          if (header.empty()) {
            header = std::move(cells);
            return;
          }
          Json row = Json::object();
          for (size_t c = 0; c < header.size() && c < cells.size(); ++c) {
            CellKind kind =
                c < self->kinds_.size() ? self->kinds_[c] : CellKind::kText;
            row[header[c]] = TypedCell(cells[c], kind);
          }
          rows.push_back(std::move(row));
        };
        splitter.Feed(csv, take);
        if (!splitter.Finish(take)) {
          done(absl::InternalError("bulk export chunk: unterminated quote"));
          return;
        }
        done(std::move(rows));
      });
}

}  // namespace gg
