#include "api/import_reactor.h"

#include <algorithm>
#include <optional>
#include <random>
#include <utility>

#include "absl/container/flat_hash_set.h"
#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_join.h"
#include "absl/strings/strip.h"
#include "api/caller_scope.h"
#include "api/record_check.h"
#include "api/unary_call.h"
#include "api/validation.h"
#include "common/closest_names.h"
#include "common/status_details.h"
#include "gainsight/person_mapping.h"
#include "jobs/people_async_upload.h"
#include "jobs/upload_kind.h"
#include "observe/log.h"

namespace gg {
namespace {

constexpr char kJobIdPrefix[] = "job-";
constexpr int kJobIdHexDigits = 20;
constexpr int kMaxColumns = 1000;
constexpr absl::string_view kUtf8Bom = "\xEF\xBB\xBF";

// A Person import's columns are Person field API names, `Email` (the key)
// among them.
void CheckPeopleColumns(const std::vector<std::string>& columns,
                        absl::string_view path, Violations& out) {
  bool email = false;
  for (size_t i = 0; i < columns.size(); ++i) {
    if (columns[i] == "Email") email = true;
    if (!IsFieldApiName(columns[i])) {
      out.push_back(
          {absl::StrCat(path, "[", i, "]"), "must be a Person field API name"});
    }
  }
  if (!email) {
    out.push_back(
        {std::string(path), "a Person import needs an Email column (the key)"});
  }
}

// Each column of a Person import but the company column must be a field of
// `person` (the tenant's describe), spelled as the describe spells it: the
// header is already spooled as given.
Violations UndescribedPeopleColumns(const gainsight::v1::ObjectMetadata& person,
                                    const std::vector<std::string>& columns,
                                    absl::string_view path) {
  Violations out;
  for (size_t i = 0; i < columns.size(); ++i) {
    if (columns[i] == kPeopleImportCompanyColumn) continue;
    const std::string at = absl::StrCat(path, "[", i, "]");
    const gainsight::v1::FieldMetadata* field = FindField(person, columns[i]);
    if (field == nullptr) {
      out.push_back({at, NotAField(person, columns[i])});
    } else if (field->field_name() != columns[i]) {
      out.push_back({at, absl::StrCat("is spelled ", field->field_name(),
                                      " in the tenant's Person describe")});
    }
  }
  return out;
}

// The columns of an import to a declared data job must be columns the job
// maps, spelled exactly so (the job matches the header of each file to the
// one of the sample file it was made from).
void CheckDataJobColumns(const BulkDataJobSpec& job, absl::string_view job_id,
                         const std::vector<std::string>& columns,
                         absl::string_view path, Violations& out) {
  std::vector<std::string> mapped;
  for (const auto& [column, field] : job.columns) mapped.push_back(column);
  for (size_t i = 0; i < columns.size(); ++i) {
    if (std::find(mapped.begin(), mapped.end(), columns[i]) != mapped.end()) {
      continue;
    }
    out.push_back(
        {absl::StrCat(path, "[", i, "]"),
         absl::StrCat("\"", columns[i], "\" is not a column data job ", job_id,
                      " maps (--bulk-data-jobs-file)",
                      DidYouMean(ClosestNames(columns[i], mapped)))});
  }
}

// The field API name a declared data job maps `column` to; null when none.
const std::string* MappedField(const BulkDataJobSpec& job,
                               absl::string_view column) {
  for (const auto& [name, field] : job.columns) {
    if (name == column) return &field;
  }
  return nullptr;
}

void CheckConnectorJobId(absl::string_view id, Violations& out) {
  if (id.empty()) {
    out.push_back({"header.connector_job_id",
                   "required: the Bulk API data job to upload to"});
    return;
  }
  if (id.size() > 128) {
    out.push_back(
        {"header.connector_job_id", "must be at most 128 characters"});
    return;
  }
  for (char c : id) {
    if (!absl::ascii_isgraph(c)) {
      out.push_back({"header.connector_job_id",
                     "must be printable ASCII without spaces"});
      return;
    }
  }
}

}  // namespace

std::string NewJobId() {
  thread_local std::mt19937_64 rng{std::random_device{}()};
  uint64_t high = rng();
  uint64_t low = rng();
  return absl::StrFormat("%s%04x%016x", kJobIdPrefix, high & 0xffff, low);
}

bool IsJobId(absl::string_view id) {
  if (!absl::ConsumePrefix(&id, kJobIdPrefix)) return false;
  if (id.size() != kJobIdHexDigits) return false;
  for (char c : id) {
    if (!absl::ascii_isxdigit(c) || absl::ascii_isupper(c)) return false;
  }
  return true;
}

ImportReactor::ImportReactor(grpc::CallbackServerContext* context,
                             const ImportSettings& settings,
                             gainsight::v1::StartImportResponse* response)
    : context_(context),
      settings_(settings),
      response_(response),
      splitter_(static_cast<size_t>(settings.max_csv_record_bytes)) {
  StartRead(&message_);
}

absl::Status ImportReactor::ChargeQuota() {
  if (spool_ == nullptr || settings_.quota == nullptr) return absl::OkStatus();
  const int64_t bytes = spool_->bytes();
  const int64_t added = bytes - charged_bytes_;
  charged_bytes_ = bytes;
  return settings_.quota->Charge(bytes, added);
}

void ImportReactor::OnReadDone(bool ok) {
  if (!ok) {
    // The client closed its side (or the call broke: OnCancel says so).
    Complete();
    return;
  }
  messages_++;
  absl::Status status = Take(message_);
  if (status.ok() && !job_.request_id().empty()) fingerprint_.Add(message_);
  if (status.ok()) status = ChargeQuota();
  if (!status.ok()) {
    End(status);
    return;
  }
  if (NeedsDescribe()) {
    ReadDescribe();  // reads on once the describe is taken
    return;
  }
  StartRead(&message_);
}

bool ImportReactor::NeedsDescribe() const {
  return settings_.metadata != nullptr &&
         (IsPeopleImport(job_.object_name()) || data_job_ != nullptr) &&
         !columns_.empty() && !described_;
}

void ImportReactor::ReadDescribe() {
  // The describe is cached: one sync call per --metadata-ttl, against an
  // asynchronous call (10 an hour) a misspelt column would waste. No read is
  // pending meanwhile, so nothing else touches the reactor.
  settings_.metadata->Get(
      data_job_ != nullptr ? data_job_->object : kPersonObject,
      MakeCallContext(*context_, settings_.api_options),
      [this](absl::StatusOr<ObjectMetadataPtr> described) {
        absl::Status status;
        if (described.ok()) {
          status = TakeDescribe(*std::move(described));
        } else if (data_job_ != nullptr) {
          // The data job's own mapping still applies upstream; the describe
          // only lets the cells be checked here.
          Log(LogLevel::kWarning, "bulk_data_job_cells_unchecked",
              {{"connector_job_id", job_.connector_job_id()},
               {"object", data_job_->object},
               {"code", absl::StatusCodeToString(described.status().code())}});
          status = TakeDescribe(nullptr);
        } else {
          status = described.status();
        }
        if (status.ok()) status = ChargeQuota();
        if (!status.ok()) {
          End(status);
          return;
        }
        StartRead(&message_);
      });
}

absl::Status ImportReactor::TakeDescribe(ObjectMetadataPtr described) {
  described_ = true;
  object_ = std::move(described);
  if (!header_from_csv_) column_names_ = columns_;  // a CSV header set them
  column_fields_.clear();
  if (object_ != nullptr && data_job_ == nullptr) {
    Violations violations = UndescribedPeopleColumns(
        *object_, column_names_,
        header_from_csv_ ? "csv_chunk.header" : "header.columns");
    if (!violations.empty()) return InvalidArgument(violations);
    for (const std::string& column : column_names_) {
      column_fields_.push_back(column == kPeopleImportCompanyColumn
                                   ? nullptr
                                   : FindField(*object_, column));
    }
  } else if (object_ != nullptr) {
    for (const std::string& column : column_names_) {
      const std::string* field = MappedField(*data_job_, column);
      const gainsight::v1::FieldMetadata* described_field =
          field != nullptr ? FindField(*object_, *field) : nullptr;
      if (field != nullptr && described_field == nullptr) {
        // The declaration names a field the tenant does not have: its
        // cells are left to Gainsight.
        Log(LogLevel::kWarning, "bulk_data_job_field_unknown",
            {{"connector_job_id", job_.connector_job_id()},
             {"object", data_job_->object},
             {"field", *field}});
      }
      column_fields_.push_back(described_field);
    }
  }
  std::vector<std::string> waiting = std::move(waiting_records_);
  waiting_records_.clear();
  for (const std::string& record : waiting) {
    if (absl::Status s = AddCsvRecord(record); !s.ok()) return s;
  }
  return absl::OkStatus();
}

void ImportReactor::CheckCells(const std::vector<std::string>& cells,
                               int64_t row_number, absl::string_view path,
                               bool path_per_column, Violations& out) const {
  for (size_t c = 0; c < cells.size() && c < column_fields_.size(); ++c) {
    if (cells[c].empty()) continue;  // leaves the field be
    const gainsight::v1::FieldMetadata* field = column_fields_[c];
    std::string problem;
    if (field != nullptr) {
      problem = CellProblem(*field, cells[c]);
    } else if (data_job_ == nullptr && !IsGsid(cells[c])) {
      problem = kNotAGsid;  // a Person import's company column
    }
    if (problem.empty()) continue;
    if (path_per_column) {
      out.push_back({absl::StrCat(path, ".", column_names_[c]),
                     absl::StrCat("row ", row_number, ": ", problem)});
    } else {
      out.push_back(
          {std::string(path), absl::StrCat("row ", row_number, ", column ",
                                           column_names_[c], ": ", problem)});
    }
  }
}

void ImportReactor::OnCancel() { cancelled_ = true; }

void ImportReactor::OnDone() {
  if (spool_ != nullptr) spool_->Discard();
  delete this;
}

void ImportReactor::End(const absl::Status& status) {
  if (finished_) return;
  finished_ = true;
  if (!status.ok() && spool_ != nullptr) spool_->Discard();
  Finish(ToGrpcStatus(status));
}

absl::Status ImportReactor::Take(
    const gainsight::v1::StartImportRequest& message) {
  using Request = gainsight::v1::StartImportRequest;
  if (messages_ == 1) {
    if (message.part_case() != Request::kHeader) {
      return InvalidArgument(
          {{"header", "the first message must be a header"}});
    }
    return TakeHeader(message.header());
  }
  switch (message.part_case()) {
    case Request::kHeader:
      return InvalidArgument(
          {{"header", "only the first message may be a header"}});
    case Request::kRows:
      if (mode_ == Mode::kCsv) {
        return InvalidArgument(
            {{"rows", "a stream carries rows or csv_chunk, not both"}});
      }
      mode_ = Mode::kRows;
      return TakeRows(message.rows());
    case Request::kCsvChunk:
      if (mode_ == Mode::kRows) {
        return InvalidArgument(
            {{"csv_chunk", "a stream carries rows or csv_chunk, not both"}});
      }
      mode_ = Mode::kCsv;
      return TakeCsv(message.csv_chunk());
    default:
      return InvalidArgument({{"part", "a message must carry a part"}});
  }
}

absl::Status ImportReactor::TakeHeader(
    const gainsight::v1::ImportHeader& header) {
  Violations violations;
  if (header.object_name().empty()) {
    violations.push_back({"header.object_name", "required"});
  } else if (!IsFieldApiName(header.object_name())) {
    violations.push_back({"header.object_name", "must be an object API name"});
  }
  if (!IsPeopleImport(header.object_name())) {
    CheckConnectorJobId(header.connector_job_id(), violations);
  }
  if (!gainsight::v1::ImportDelivery_IsValid(header.delivery())) {
    violations.push_back({"header.delivery", "must be an ImportDelivery"});
  }
  if (header.columns_size() > kMaxColumns) {
    violations.push_back(
        {"header.columns", absl::StrCat("at most ", kMaxColumns, " columns")});
  }
  absl::flat_hash_set<std::string> seen;
  for (int i = 0; i < header.columns_size(); ++i) {
    const std::string& column = header.columns(i);
    const std::string path = absl::StrCat("header.columns[", i, "]");
    if (absl::StripAsciiWhitespace(column).empty()) {
      violations.push_back({path, "must not be empty"});
    } else if (column.find_first_of("\r\n") != std::string::npos) {
      violations.push_back({path, "must not hold a line break"});
    } else if (!seen.insert(column).second) {
      violations.push_back({path, "names a column twice"});
    }
  }
  Violations request_id;
  CheckRequestId(header.request_id(), request_id);
  for (FieldViolation& v : request_id) {
    v.field = "header." + v.field;
    violations.push_back(std::move(v));
  }
  if (IsPeopleImport(header.object_name()) && header.columns_size() > 0 &&
      violations.empty()) {
    CheckPeopleColumns({header.columns().begin(), header.columns().end()},
                       "header.columns", violations);
  }
  if (!IsPeopleImport(header.object_name()) && violations.empty()) {
    auto declared = settings_.data_jobs.find(header.connector_job_id());
    if (declared != settings_.data_jobs.end()) {
      data_job_ = &declared->second;
      if (!absl::EqualsIgnoreCase(data_job_->object, header.object_name())) {
        violations.push_back(
            {"header.object_name",
             absl::StrCat("data job ", header.connector_job_id(), " loads ",
                          data_job_->object, " (--bulk-data-jobs-file)")});
      }
      CheckDataJobColumns(*data_job_, header.connector_job_id(),
                          {header.columns().begin(), header.columns().end()},
                          "header.columns", violations);
    }
  }
  if (!violations.empty()) return InvalidArgument(violations);
  if (absl::Status s = CheckStreamObject(*context_, header.object_name());
      !s.ok()) {
    return s;
  }
  if (!IsPeopleImport(header.object_name()) &&
      !settings_.missing_bulk_api_settings.empty()) {
    // Refused before a row is spooled: no upload could authenticate.
    const std::string missing =
        absl::StrJoin(settings_.missing_bulk_api_settings, ", ");
    absl::Status status = absl::FailedPreconditionError(absl::StrCat(
        "Bulk API imports need the tenant's GS Bulk API connection, which "
        "this gateway is not configured with; missing: ",
        missing, ". (Person imports do not need it.)"));
    AttachErrorInfo(status, "BULK_API_NOT_CONFIGURED", {{"missing", missing}});
    return status;
  }
  job_.set_id(NewJobId());
  job_.set_owner(AuthenticatedCaller(*context_).value_or(""));
  job_.set_object_name(header.object_name());
  // A Person import has no data job (Job.connector_job_id stays empty).
  if (!IsPeopleImport(header.object_name())) {
    job_.set_connector_job_id(header.connector_job_id());
  }
  job_.set_request_id(header.request_id());
  job_.set_delivery(header.delivery() ==
                            gainsight::v1::IMPORT_DELIVERY_UNSPECIFIED
                        ? gainsight::v1::IMPORT_DELIVERY_EXACTLY_ONCE
                        : header.delivery());
  columns_.assign(header.columns().begin(), header.columns().end());
  header_cells_ = columns_.size();
  spool_ = std::make_unique<ImportSpoolWriter>(
      settings_.spool_dir, job_.id(), settings_.max_part_bytes,
      UploadKindFor(job_.object_name()).max_part_rows());
  if (!columns_.empty()) {
    std::string line;
    AppendCsvLine(columns_, line);
    line.resize(line.size() - 2);  // without CRLF
    spool_->SetHeader(std::move(line));
  }
  return absl::OkStatus();
}

absl::Status ImportReactor::TakeRows(const gainsight::v1::ImportRows& rows) {
  if (columns_.empty()) {
    return InvalidArgument(
        {{"header.columns", "required when rows come as records"}});
  }
  std::vector<std::string> cells(columns_.size());
  std::string line;
  for (int r = 0; r < rows.rows_size(); ++r) {
    const auto& fields = rows.rows(r).fields();
    const int64_t row_number = spool_->rows() + 1;
    Violations violations;
    for (const auto& [key, value] : fields) {
      if (std::find(columns_.begin(), columns_.end(), key) == columns_.end()) {
        violations.push_back(
            {absl::StrCat("rows.rows[", r, "].", key),
             absl::StrCat("row ", row_number, ": not one of the columns")});
      }
    }
    for (size_t c = 0; c < columns_.size(); ++c) {
      auto it = fields.find(columns_[c]);
      if (it == fields.end()) {
        cells[c].clear();
        continue;
      }
      absl::StatusOr<std::string> cell = CsvCellOf(it->second);
      if (!cell.ok()) {
        violations.push_back(
            {absl::StrCat("rows.rows[", r, "].", columns_[c]),
             absl::StrCat("row ", row_number, ": ", cell.status().message())});
        continue;
      }
      cells[c] = *std::move(cell);
    }
    if (violations.empty() && !column_fields_.empty()) {
      CheckCells(cells, row_number, absl::StrCat("rows.rows[", r, "]"),
                 /*path_per_column=*/true, violations);
    }
    if (!violations.empty()) return InvalidArgument(violations);
    line.clear();
    AppendCsvLine(cells, line);
    line.resize(line.size() - 2);
    if (absl::Status s = spool_->AddRow(line); !s.ok()) return s;
  }
  return absl::OkStatus();
}

absl::Status ImportReactor::TakeCsv(const std::string& chunk) {
  if (columns_.empty()) header_from_csv_ = true;
  absl::Status status;
  splitter_.Feed(chunk, [&](const std::string& record) {
    if (status.ok()) status = AddCsvRecord(record);
  });
  if (status.ok() && splitter_.overflowed()) return CsvRecordTooLong();
  return status;
}

absl::Status ImportReactor::CsvRecordTooLong() const {
  return InvalidArgument(
      {{"csv_chunk",
        absl::StrCat("row ", spool_->rows() + 1, " is longer than ",
                     splitter_.max_record_bytes(),
                     " bytes (--max-csv-record-bytes); is a quote left "
                     "open?")}});
}

absl::Status ImportReactor::AddCsvRecord(const std::string& record) {
  if (header_from_csv_ && columns_.empty()) {
    // Spreadsheet exports start with a UTF-8 byte order mark: it is no
    // part of the first column's name.
    std::string header = record;
    if (absl::StartsWith(header, kUtf8Bom)) header.erase(0, kUtf8Bom.size());
    std::vector<std::string> names = ParseCsvRecord(header);
    Violations violations;
    if (IsPeopleImport(job_.object_name())) {
      CheckPeopleColumns(names, "csv_chunk.header", violations);
    } else if (data_job_ != nullptr) {
      CheckDataJobColumns(*data_job_, job_.connector_job_id(), names,
                          "csv_chunk.header", violations);
    }
    if (!violations.empty()) return InvalidArgument(violations);
    header_cells_ = names.size();
    column_names_ = std::move(names);
    columns_.push_back(header);  // only marks that the header came
    spool_->SetHeader(header);
    return absl::OkStatus();
  }
  if (NeedsDescribe()) {
    waiting_records_.push_back(record);  // taken with the describe
    return absl::OkStatus();
  }
  // Cells checked against the describe are parsed once.
  std::optional<std::vector<std::string>> cells;
  if (!column_fields_.empty()) cells = ParseCsvRecord(record);
  // A ragged row would be read against the wrong columns upstream.
  if (const size_t count = cells ? cells->size() : CountCsvCells(record);
      count != header_cells_) {
    return InvalidArgument(
        {{"csv_chunk",
          absl::StrCat("row ", spool_->rows() + 1, " has ", count,
                       count == 1 ? " cell" : " cells", "; the header has ",
                       header_cells_, " columns")}});
  }
  if (cells) {
    Violations violations;
    CheckCells(*cells, spool_->rows() + 1, "csv_chunk",
               /*path_per_column=*/false, violations);
    if (!violations.empty()) return InvalidArgument(violations);
  }
  absl::Status status = spool_->AddRow(record);
  if (status.code() == absl::StatusCode::kInvalidArgument) {
    return InvalidArgument({{"csv_chunk", std::string(status.message())}});
  }
  return status;
}

void ImportReactor::Complete() {
  if (finished_) return;
  // A read fails both when the client closes its side and when the call
  // breaks; only the first makes a job.
  if (cancelled_ || context_->IsCancelled()) {
    End(absl::CancelledError("the stream broke off; no job was created"));
    return;
  }
  if (messages_ == 0) {
    End(InvalidArgument({{"header", "the stream carried no header"}}));
    return;
  }
  if (mode_ == Mode::kCsv) {
    absl::Status status;
    bool closed = splitter_.Finish([&](const std::string& record) {
      if (status.ok()) status = AddCsvRecord(record);
    });
    if (!closed) {
      status = InvalidArgument(
          {{"csv_chunk",
            absl::StrCat("the CSV ends inside a quoted field: the quote "
                         "opened on line ",
                         splitter_.open_quote_line(),
                         " of the CSV is never closed")}});
    }
    if (!status.ok()) {
      End(status);
      return;
    }
  }
  if (spool_->rows() == 0) {
    End(InvalidArgument({{"rows", "the import carries no data rows"}}));
    return;
  }
  absl::StatusOr<std::vector<SpooledPart>> parts = spool_->Finish();
  if (!parts.ok()) {
    End(parts.status());
    return;
  }
  if (absl::Status s = ChargeQuota(); !s.ok()) {
    End(s);
    return;
  }
  job_.set_total_rows(spool_->rows());
  Queue(*std::move(parts));
}

void ImportReactor::Queue(std::vector<SpooledPart> parts) {
  std::optional<IdempotencyTicket> ticket;
  if (!job_.request_id().empty() && settings_.idempotent != nullptr) {
    ticket = IdempotentWrites::Ticket(
        CallerId(*context_),
        gainsight::v1::StartImportRequest::descriptor()->full_name(),
        job_.request_id(), fingerprint_.Finish());
    // Starting the job takes milliseconds: a claim that outlives a crashed
    // replica by a minute at most.
    IdempotentWrites::Claimed claimed =
        settings_.idempotent->Claim(*ticket, absl::Minutes(1), response_);
    if (claimed.kind == IdempotentWrites::Claimed::Kind::kRunning) {
      End(settings_.idempotent->InProgress(*ticket));
      return;
    }
    if (claimed.kind == IdempotentWrites::Claimed::Kind::kAnswer) {
      End(claimed.answer);  // the spool goes with the stream (OnDone)
      return;
    }
  }
  absl::StatusOr<gainsight::v1::Job> job =
      settings_.runner->Create(job_, parts);
  if (job.ok()) {
    spool_.reset();  // the job owns the files now
    *response_->mutable_job() = *std::move(job);
  }
  if (ticket.has_value()) {
    settings_.idempotent->Record(*ticket, job.status(), *response_);
  }
  End(job.status());
}

}  // namespace gg
