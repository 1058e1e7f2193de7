// Records read from JSON or CSV files, and their conversion into request
// messages (typed ones such as Company, or google.protobuf.Struct records).
#ifndef GAINSIGHT_GSCTL_RECORDS_H_
#define GAINSIGHT_GSCTL_RECORDS_H_

#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "gainsight/v1/metadata.pb.h"
#include "google/protobuf/message.h"
#include "google/protobuf/struct.pb.h"

namespace gsctl {

struct Records {
  std::vector<google::protobuf::Struct> records;
  // CSV records hold text values only (empty cells left out).
  bool from_csv = false;
  // Column names in file order (CSV header, or first appearance in JSON).
  std::vector<std::string> columns;
  // CSV: the file line (from 1) each record starts on.
  std::vector<int> lines;
};

// A JSON array of objects, or one object (after a UTF-8 byte order mark).
absl::StatusOr<Records> RecordsFromJson(absl::string_view text);
// A header line (named, distinct columns), then one record per line. A
// leading UTF-8 byte order mark is skipped.
absl::StatusOr<Records> RecordsFromCsv(absl::string_view text);
// Reads `path` ("-": stdin) as `format` ("json", "csv", or "" to go by the
// file's extension; stdin defaults to JSON).
absl::StatusOr<Records> ReadRecords(const std::string& path,
                                    const std::string& format);

// The field of `type` that `key` names: proto name, JSON name, or the same
// letters ignoring case and underscores (Gainsight API names such as
// "RenewalDate"). Null when none.
const google::protobuf::FieldDescriptor* FindFieldLoose(
    const google::protobuf::Descriptor* type, const std::string& key);

// Fills a typed message from a record. Keys match a field by proto name, JSON
// name or Gainsight API name, ignoring case and underscores ("Name" -> name,
// "RenewalDate" -> renewal_date); other keys go to `custom_fields`. A date
// string "YYYY-MM-DD" fills a google.type.Date. With `from_csv`, text is
// converted to the field's type (number, true/false, enum name).
absl::Status FillMessage(const google::protobuf::Struct& record, bool from_csv,
                         google::protobuf::Message* out);

// Converts the text values of a CSV record to the JSON types `object`'s
// fields take (numbers, booleans, lists for multi-select picklists).
void TypeByMetadata(const gainsight::v1::ObjectMetadata& object,
                    google::protobuf::Struct* record);

}  // namespace gsctl

#endif  // GAINSIGHT_GSCTL_RECORDS_H_
