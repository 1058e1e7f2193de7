// Request checks shared by every service. Each adds FieldViolations naming
// the request field (e.g. "filter.conditions[2].values"); a request with any
// violation is answered INVALID_ARGUMENT before any upstream call.
#ifndef GAINSIGHT_GATEWAY_SERVER_API_VALIDATION_H_
#define GAINSIGHT_GATEWAY_SERVER_API_VALIDATION_H_

#include <initializer_list>
#include <string>
#include <utility>
#include <vector>

#include "absl/strings/string_view.h"
#include "common/status_details.h"
#include "gainsight/v1/common.pb.h"
#include "google/protobuf/repeated_field.h"
#include "google/protobuf/struct.pb.h"
#include "google/type/date.pb.h"

namespace gg {

using Violations = std::vector<FieldViolation>;
// Appends `more` to `to`.
inline void Append(Violations& to, Violations more) {
  for (FieldViolation& v : more) to.push_back(std::move(v));
}

// Bounds on caller input that operators may tune (flags of the same names).
// The gateway sets them once from its flags before it serves; the checks
// below read them.
struct InputLimits {
  size_t max_filter_expression_length = 4096;
  int max_filter_expression_depth = 32;
  // Parts of a lookup path: "Csm__gr.Email" has 2.
  int max_field_path_parts = 4;
  // Nesting of lists and structs in one record value: a scalar is 0, a list
  // of scalars 1.
  int max_value_depth = 8;
};
void SetInputLimits(const InputLimits& limits);
const InputLimits& CurrentInputLimits();

// A Gainsight field API name: a letter, then letters, digits or '_'.
bool IsFieldApiName(absl::string_view name);
// A field name or a lookup path ("Csm__gr.Email") of at most
// max_field_path_parts parts.
bool IsFieldPath(absl::string_view name);
// A GSID as Gainsight's are observed (docs/gainsight-contract.md): a digit,
// then upper-case letters and digits, at most 64 in all (those seen have 36,
// e.g. "1P02..." for a company). A name ("Acme") or a lower-cased GSID is
// refused before any call.
bool IsGsid(absl::string_view gsid);
// The violation text of a value that is not a GSID.
inline constexpr char kNotAGsid[] =
    "must be a GSID (a digit, then upper-case letters and digits)";
// "is output only" for each (name, set) pair that is set, as `path`.name.
void CheckOutputOnly(std::initializer_list<std::pair<const char*, bool>> fields,
                     absl::string_view path, Violations& out);
// A record value nested deeper than max_value_depth is refused at `path`.
// Measured without recursion.
void CheckValueDepth(const google::protobuf::Value& value,
                     absl::string_view path, Violations& out);
// Every key of a message's custom_fields must be a field API name, and no
// value may nest deeper than max_value_depth.
void CheckCustomFieldNames(const google::protobuf::Struct& custom_fields,
                           absl::string_view path, Violations& out);
// A Cockpit create (CTA, Success Plan) for a relationship names the
// relationship's type as well, and a type needs its relationship
// (violations on PATH.relationship_type_id / PATH.relationship_id).
void CheckRelationshipEntity(bool has_relationship, bool has_type,
                             absl::string_view path, Violations& out);
// local@domain: both parts non-empty, one '@', a dot inside the domain, no
// spaces or control characters, at most 254 characters.
bool IsEmailAddress(absl::string_view email);

void CheckFieldPath(absl::string_view field, absl::string_view path,
                    Violations& out);
void CheckDate(const google::type::Date& date, absl::string_view path,
               Violations& out);
void CheckRequestId(absl::string_view request_id, Violations& out);
// The `gsids` of a delete: a count CheckRecordCount takes, each a GSID,
// none repeated (violations on "gsids[i]").
void CheckDeleteGsids(
    const google::protobuf::RepeatedPtrField<std::string>& gsids,
    Violations& out);
void CheckRecordCount(int count, absl::string_view path, Violations& out);
// 1 to 3 distinct field API names.
void CheckKeys(const google::protobuf::RepeatedPtrField<std::string>& keys,
               Violations& out);
void CheckSelect(const google::protobuf::RepeatedPtrField<std::string>& select,
                 Violations& out);
void CheckFilter(const gainsight::v1::Filter& filter, Violations& out);
void CheckOrderBy(
    const google::protobuf::RepeatedPtrField<gainsight::v1::OrderBy>& order_by,
    Violations& out);

// Most records one batch write request may carry (bigger loads belong on the
// bulk API).
inline constexpr int kMaxBatchRecords = 5000;
// page_size 0 means this.
inline constexpr int kDefaultPageSize = 100;

}  // namespace gg

#endif  // GAINSIGHT_GATEWAY_SERVER_API_VALIDATION_H_
