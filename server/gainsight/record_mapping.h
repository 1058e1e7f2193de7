// THE mapping between a typed proto message (Company, ...) and Gainsight's
// record JSON: which proto field is which Gainsight field API name, and how
// each value is encoded. One table per object; the code here is generic
// (protobuf reflection), so adding a field is one table row.
#ifndef GAINSIGHT_GATEWAY_SERVER_GAINSIGHT_RECORD_MAPPING_H_
#define GAINSIGHT_GATEWAY_SERVER_GAINSIGHT_RECORD_MAPPING_H_

#include <initializer_list>
#include <string>
#include <utility>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/string_view.h"
#include "absl/time/time.h"
#include "gainsight/envelope.h"
#include "google/protobuf/descriptor.h"
#include "google/protobuf/message.h"

namespace gg {

enum class FieldKind {
  kString,     // JSON string
  kDouble,     // JSON number
  kInt64,      // JSON integer
  kBool,       // JSON boolean
  kDate,       // google.type.Date; written "YYYY-MM-DD"
  kTimestamp,  // google.protobuf.Timestamp (output only)
};

// How an API reads dates and times back: the MDA data APIs answer epoch
// milliseconds, the Cockpit APIs ISO text ("2026-03-31",
// "2026-03-31T10:15:30.120Z"; a date may also come as a full time).
enum class DateEncoding { kEpochMillis, kIsoText };

struct FieldMapping {
  const char* api_name;    // Gainsight field API name, e.g. "RenewalDate"
  const char* proto_name;  // proto field name, e.g. "renewal_date"
  FieldKind kind;
  bool output_only = false;
};

class RecordMapping {
 public:
  // `descriptor` must have a `gsid` string field and a `custom_fields`
  // google.protobuf.Struct field, besides the fields named in `fields`.
  RecordMapping(const google::protobuf::Descriptor* descriptor,
                std::vector<FieldMapping> fields,
                DateEncoding dates = DateEncoding::kEpochMillis);

  // The record JSON for a write: every set, writable field plus
  // custom_fields. `Gsid` is included only when `include_gsid` (keyed
  // updates that match on it).
  Json ToRecord(const google::protobuf::Message& message,
                bool include_gsid) const;

  // Fills `out` from a query row: typed fields from their API names (and
  // "Gsid"), every other key into custom_fields. A DATE given as epoch ms
  // is the day at that instant in `date_zone` (the zone whose midnight the
  // tenant stores dates at); ISO text names its day itself.
  absl::Status FromRow(const Json& row, google::protobuf::Message* out,
                       absl::TimeZone date_zone = absl::UTCTimeZone()) const;

  // API names of Gsid and every typed field: the default `select`.
  std::vector<std::string> DefaultSelect() const;

  // The mapping of an API name (nullptr for custom or unknown names).
  const FieldMapping* Find(absl::string_view api_name) const;

  const std::vector<FieldMapping>& fields() const { return fields_; }

  // The proto field a field API name of a write error stands for: its row's
  // field, `Gsid` -> "gsid", else "custom_fields.<name>". `writes` names
  // fields the gateway fills itself (e.g. {"TypeId", "type"}) first.
  std::string ErrorField(
      absl::string_view api_name,
      std::initializer_list<std::pair<const char*, const char*>> writes = {})
      const;

 private:
  const google::protobuf::Descriptor* const descriptor_;
  const std::vector<FieldMapping> fields_;
  const DateEncoding dates_;
  const google::protobuf::FieldDescriptor* gsid_;
  const google::protobuf::FieldDescriptor* custom_fields_;
};

// Reads give a picklist's label in one field and its GSID in another; where
// a row had no label, the label field takes the GSID. Pairs are (label
// field, GSID field) proto names, e.g. {"type", "type_id"}.
void FillMissingLabels(
    std::initializer_list<std::pair<const char*, const char*>> label_and_id,
    google::protobuf::Message* message);

// Sets `record[key]` for each (key, value) whose value is not empty.
void SetNonEmpty(
    std::initializer_list<std::pair<const char*, const std::string*>> values,
    Json& record);

}  // namespace gg

#endif  // GAINSIGHT_GATEWAY_SERVER_GAINSIGHT_RECORD_MAPPING_H_
