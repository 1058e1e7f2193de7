#include "config/bulk_data_jobs_file.h"

#include <set>
#include <utility>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"

namespace gg {
namespace {

// Printable ASCII without spaces, 1 to `max` characters (ids and API names).
bool IsToken(const std::string& s, size_t max) {
  if (s.empty() || s.size() > max) return false;
  for (char c : s) {
    if (!absl::ascii_isgraph(c)) return false;
  }
  return true;
}

absl::Status ReadColumns(const YamlReader& reader, const YAML::Node& entry,
                         const std::string& job_id, BulkDataJobSpec* job) {
  const YAML::Node columns = entry["columns"];
  if (!columns || !columns.IsMap() || columns.size() == 0) {
    return reader.Error(entry, absl::StrCat("data job ", job_id,
                                            ": 'columns' is required: each "
                                            "CSV column and the field it is "
                                            "mapped to"));
  }
  if (columns.size() > static_cast<size_t>(kMaxDeclaredColumns)) {
    return reader.Error(
        columns, absl::StrCat("at most ", kMaxDeclaredColumns, " columns"));
  }
  std::set<std::string> seen;
  for (auto it = columns.begin(); it != columns.end(); ++it) {
    if (!it->first.IsScalar() || !it->second.IsScalar()) {
      return reader.Error(it->first,
                          "a column maps a CSV column name to a field name");
    }
    const std::string column = it->first.Scalar();
    const std::string field = it->second.Scalar();
    if (absl::StripAsciiWhitespace(column).empty() || column.size() > 1000 ||
        column.find_first_of("\r\n") != std::string::npos) {
      return reader.Error(it->first,
                          "a CSV column name: 1 to 1000 characters on one "
                          "line");
    }
    if (!IsToken(field, 255)) {
      return reader.Error(
          it->second,
          absl::StrCat("column '", column, "': a field API name (no spaces)"));
    }
    if (!seen.insert(column).second) {
      return reader.Error(it->first,
                          absl::StrCat("column '", column, "' twice"));
    }
    job->columns.emplace_back(column, field);
  }
  return absl::OkStatus();
}

}  // namespace

absl::StatusOr<BulkDataJobSpecs> ReadBulkDataJobs(const YamlReader& reader) {
  const YAML::Node& root = reader.root();
  if (absl::Status s = reader.ExpectMap(root, "the file", {"data_jobs"});
      !s.ok()) {
    return s;
  }
  const YAML::Node list = root["data_jobs"];
  if (absl::Status s = reader.ExpectList(list, "'data_jobs'"); !s.ok()) {
    return s;
  }
  if (list.size() > static_cast<size_t>(kMaxDeclaredDataJobs)) {
    return reader.Error(
        list, absl::StrCat("at most ", kMaxDeclaredDataJobs, " data jobs"));
  }
  BulkDataJobSpecs jobs;
  for (const YAML::Node& entry : list) {
    if (absl::Status s = reader.ExpectMap(entry, "a data job",
                                          {"job_id", "object", "columns"});
        !s.ok()) {
      return s;
    }
    auto job_id = reader.String(entry, "job_id");
    if (!job_id.ok()) return job_id.status();
    if (!job_id->has_value() || !IsToken(**job_id, 128)) {
      return reader.Error(entry,
                          "'job_id' is required: the data job's id, printable "
                          "ASCII without spaces, at most 128");
    }
    const std::string id = **job_id;
    BulkDataJobSpec job;
    auto object = reader.String(entry, "object");
    if (!object.ok()) return object.status();
    if (!object->has_value() || !IsToken(**object, 255)) {
      return reader.Error(entry, absl::StrCat("data job ", id,
                                              ": 'object' is required: the "
                                              "API name of the object it "
                                              "loads"));
    }
    job.object = **object;
    if (absl::Status s = ReadColumns(reader, entry, id, &job); !s.ok()) {
      return s;
    }
    if (!jobs.emplace(id, std::move(job)).second) {
      return reader.Error(entry, absl::StrCat("data job ", id, " twice"));
    }
  }
  return jobs;
}

absl::StatusOr<BulkDataJobSpecs> ReadBulkDataJobsFile(const std::string& path) {
  absl::StatusOr<YamlReader> reader = YamlReader::Open(path);
  if (!reader.ok()) return reader.status();
  return ReadBulkDataJobs(*reader);
}

}  // namespace gg
