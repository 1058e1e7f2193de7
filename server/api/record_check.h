// Checks of custom-object requests against the object's metadata, run before
// any write: every field known, each value of the JSON type its data type
// takes, no read-only field written, required fields on inserts.
#ifndef GAINSIGHT_GATEWAY_SERVER_API_RECORD_CHECK_H_
#define GAINSIGHT_GATEWAY_SERVER_API_RECORD_CHECK_H_

#include <string>
#include <vector>

#include "absl/strings/string_view.h"
#include "api/validation.h"
#include "gainsight/v1/common.pb.h"
#include "gainsight/v1/metadata.pb.h"
#include "google/protobuf/struct.pb.h"

namespace gg {

enum class RecordWrite {
  kInsert,  // required fields must be set; no read-only field
  kUpdate,  // read-only fields only as keys
  kUpsert,  // may insert: required fields must be set; no read-only field
};

// The field named exactly `name`, or nullptr.
const gainsight::v1::FieldMetadata* FindField(
    const gainsight::v1::ObjectMetadata& object, absl::string_view name);

// Why `value` cannot be written to `field` ("" when it can).
std::string ValueProblem(const gainsight::v1::FieldMetadata& field,
                         const google::protobuf::Value& value);

// Checks records[index] (`path`, e.g. "records[3]"); violations name
// "records[3].FieldName".
void CheckRecord(const gainsight::v1::ObjectMetadata& object,
                 const google::protobuf::Struct& record, absl::string_view path,
                 RecordWrite write, const std::vector<std::string>& keys,
                 Violations& out);

// Key fields must be fields of the object (violations on "keys[i]").
void CheckKeyFields(const gainsight::v1::ObjectMetadata& object,
                    const std::vector<std::string>& keys, Violations& out);

// Field names in select, filter and order_by must be fields of the object;
// lookup paths ("Company_ID__gr.Name") are left to Gainsight.
void CheckQueryFields(
    const gainsight::v1::ObjectMetadata& object,
    const google::protobuf::RepeatedPtrField<std::string>& select,
    const gainsight::v1::Filter& filter,
    const google::protobuf::RepeatedPtrField<gainsight::v1::OrderBy>& order_by,
    Violations& out);

}  // namespace gg

#endif  // GAINSIGHT_GATEWAY_SERVER_API_RECORD_CHECK_H_
