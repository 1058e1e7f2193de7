#include "jobs/people_async_upload.h"

#include <fstream>
#include <sstream>
#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"
#include "jobs/csv_encoder.h"

namespace gg {
namespace {

absl::StatusOr<std::string> ReadPart(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    return absl::DataLossError(
        absl::StrCat("the spooled part ", path, " cannot be read"));
  }
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

}  // namespace

int64_t PeopleAsyncUpload::max_part_rows() const {
  return kMaxPeopleAsyncRecords;
}

absl::StatusOr<Json> PeopleAsyncBody(absl::string_view csv) {
  std::vector<std::vector<std::string>> records;
  CsvRecordSplitter splitter;
  auto take = [&](const std::string& record) {
    records.push_back(ParseCsvRecord(record));
  };
  splitter.Feed(csv, take);
  if (!splitter.Finish(take)) {
    return absl::InvalidArgumentError("the CSV ends inside a quoted field");
  }
  if (records.empty()) return absl::InvalidArgumentError("no header line");
  const std::vector<std::string>& header = records.front();
  Json people = Json::array();
  for (size_t r = 1; r < records.size(); ++r) {
    const std::vector<std::string>& cells = records[r];
    if (cells.size() != header.size()) {
      return absl::InvalidArgumentError(
          absl::StrCat("row ", r, " has ", cells.size(), " cells; the header ",
                       header.size()));
    }
    Json person = Json::object();
    for (size_t c = 0; c < cells.size(); ++c) {
      if (cells[c].empty()) continue;  // an empty cell leaves the field be
      if (header[c] == kPeopleImportCompanyColumn) {
        Json company = Json::object();
        company[kPeopleImportCompanyColumn] = cells[c];
        person["companies"] = Json::array({std::move(company)});
        continue;
      }
      person[header[c]] = cells[c];
    }
    people.push_back(std::move(person));
  }
  Json body = Json::object();
  body["records"] = std::move(people);
  return body;
}

absl::StatusOr<GainsightCall> PeopleAsyncUpload::UploadCall(
    const gainsight::v1::Job& job, const gainsight::v1::JobPart& part,
    const std::string& part_path) const {
  (void)job;
  absl::StatusOr<std::string> csv = ReadPart(part_path);
  if (!csv.ok()) return csv.status();
  absl::StatusOr<Json> body = PeopleAsyncBody(*csv);
  if (!body.ok()) {
    return absl::DataLossError(
        absl::StrCat("the spooled part ", part.index(),
                     " is damaged: ", body.status().message()));
  }
  GainsightCall call;
  call.endpoint = EndpointId::kPeopleAsyncUpsert;
  call.body = *std::move(body);
  call.record_count = static_cast<int>(part.row_count());
  return call;
}

GainsightCall PeopleAsyncUpload::StatusCall(
    const std::string& status_id) const {
  GainsightCall call;
  call.endpoint = EndpointId::kPeopleAsyncStatus;
  call.path_params = {{"statusId", status_id}};
  return call;
}

}  // namespace gg
