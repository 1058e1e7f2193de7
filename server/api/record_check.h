// Checks of custom-object requests against the object's metadata, run before
// any write: every field known, each value of the JSON type its data type
// takes, no read-only field written, required fields on inserts.
#ifndef GAINSIGHT_GATEWAY_SERVER_API_RECORD_CHECK_H_
#define GAINSIGHT_GATEWAY_SERVER_API_RECORD_CHECK_H_

#include <set>
#include <string>
#include <vector>

#include "absl/strings/string_view.h"
#include "api/page_token.h"
#include "api/validation.h"
#include "gainsight/endpoints.h"
#include "gainsight/envelope.h"
#include "gainsight/query_body.h"
#include "gainsight/v1/common.pb.h"
#include "gainsight/v1/metadata.pb.h"
#include "google/protobuf/struct.pb.h"

namespace gg {

enum class RecordWrite {
  kInsert,  // required fields must be set; no read-only field
  kUpdate,  // read-only fields only as keys
  kUpsert,  // may insert: required fields must be set; no read-only field
};

// The field named `name`: exactly, else in another letter case (field
// names match case-insensitively; the describe's spelling is what is sent).
// Null when none.
const gainsight::v1::FieldMetadata* FindField(
    const gainsight::v1::ObjectMetadata& object, absl::string_view name);

// "is not a field of OBJECT", with the closest field names when some are
// close ("(did you mean Region__gc?)").
std::string NotAField(const gainsight::v1::ObjectMetadata& object,
                      absl::string_view name);

// `name` as the describe spells it; unchanged when it names no field or is
// a lookup path.
std::string DescribedName(const gainsight::v1::ObjectMetadata& object,
                          absl::string_view name);
// The select, filter and ordering fields of `spec` as the describe spells
// them.
void UseDescribedNames(const gainsight::v1::ObjectMetadata& object,
                       QuerySpec* spec);
// `record` with its keys as the describe spells them.
Json WithDescribedNames(const gainsight::v1::ObjectMetadata& object,
                        const Json& record);

// The operands of `condition` (at path `at`, e.g. "filter.conditions[2]"),
// a condition on `field`, that are not of its type: a number, boolean, date
// or date-time field compares with a value written as ValueProblem takes it;
// other fields with any value. Violations on "AT.values[j]".
void CheckOperands(const gainsight::v1::FieldMetadata& field,
                   const gainsight::v1::Condition& condition,
                   absl::string_view at, Violations& out);

// Why `value` cannot be written to `field` ("" when it can).
std::string ValueProblem(const gainsight::v1::FieldMetadata& field,
                         const google::protobuf::Value& value);

// Why the CSV text `cell` of an import cannot be written to `field` ("" when
// it can; an empty cell leaves the field unset): the text of a value
// ValueProblem takes (a number, true or false, "YYYY-MM-DD", an RFC 3339
// date-time, a picklist item's label or GSID). How a CSV cell lists several
// items of a multi-picklist is unconfirmed: such a cell is refused only when
// no reading fits (one item, or items separated by ';' or by ',').
std::string CellProblem(const gainsight::v1::FieldMetadata& field,
                        absl::string_view cell);

// Checks records[index] (`path`, e.g. "records[3]"); violations name
// "records[3].FieldName".
void CheckRecord(const gainsight::v1::ObjectMetadata& object,
                 const google::protobuf::Struct& record, absl::string_view path,
                 RecordWrite write, const std::vector<std::string>& keys,
                 Violations& out);

// Checks the records of a write (the request's repeated field `field`, e.g.
// "records") against the describe, by `keys` (described names): each as
// CheckRecord does, and no two upserted records with the same keys. Fills
// `out` with the records as JSON, their names as the describe spells them.
// `helper_fields` (write-time lookups' sources that are no fields) pass
// unchecked; `lookup_targets` count as set (the lookups fill them).
Violations CheckDescribedRecords(
    const gainsight::v1::ObjectMetadata& object,
    const google::protobuf::RepeatedPtrField<google::protobuf::Struct>& records,
    absl::string_view field, RecordWrite write,
    const std::vector<std::string>& keys, std::vector<Json>* out,
    const std::set<std::string>& helper_fields = {},
    const std::set<std::string>& lookup_targets = {});

// The API name of every field of the describe: a query's select when the
// caller names none.
std::vector<std::string> DescribedFieldNames(
    const gainsight::v1::ObjectMetadata& object);

// Key fields must be fields of the object (violations on "keys[i]").
void CheckKeyFields(const gainsight::v1::ObjectMetadata& object,
                    const std::vector<std::string>& keys, Violations& out);

// Field names in select, filter and order_by must be fields of the object
// (in any letter case), and a condition's operands of the type its field
// compares (numbers, booleans, dates, date-times); lookup paths
// ("Company_ID__gr.Name") are left to Gainsight.
void CheckQuerySpec(const gainsight::v1::ObjectMetadata& object,
                    const QuerySpec& spec, Violations& out);
// CheckQuerySpec of a request's parts.
void CheckQueryFields(
    const gainsight::v1::ObjectMetadata& object,
    const google::protobuf::RepeatedPtrField<std::string>& select,
    const gainsight::v1::Filter& filter,
    const google::protobuf::RepeatedPtrField<gainsight::v1::OrderBy>& order_by,
    Violations& out);

// The shape checks of an MDA query request (select, filter, order_by) and
// its page (page_size up to kMaxQueryLimit, default kDefaultPageSize;
// page_token bound to the request).
template <typename Request>
OffsetPage CheckQueryRequest(const Request& request, Violations& out) {
  CheckSelect(request.select(), out);
  CheckFilter(request.filter(), out);
  CheckOrderBy(request.order_by(), out);
  return ReadPage(request, request.page_size(), request.page_token(),
                  kDefaultPageSize, kMaxQueryLimit, out);
}

// The query of one page of a described object's records: `select` (every
// described field when empty; Gsid added), `filter` and `order_by` checked
// as CheckQueryFields does and sent as the describe spells them, picklist
// operands as item GSIDs (UsePicklistIds), `page`'s limit and offset.
// Fills `out`; violations when a name or operand does not fit.
Violations DescribedQuery(
    const gainsight::v1::ObjectMetadata& object,
    const google::protobuf::RepeatedPtrField<std::string>& select,
    const gainsight::v1::Filter& filter,
    const google::protobuf::RepeatedPtrField<gainsight::v1::OrderBy>& order_by,
    const OffsetPage& page, QuerySpec* out);

}  // namespace gg

#endif  // GAINSIGHT_GATEWAY_SERVER_API_RECORD_CHECK_H_
