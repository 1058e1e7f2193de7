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

// A Gainsight field API name: a letter, then letters, digits or '_'.
bool IsFieldApiName(absl::string_view name);
// A field name or a lookup path ("Csm__gr.Email").
bool IsFieldPath(absl::string_view name);
// A GSID: 1 to 64 letters and digits.
bool IsGsid(absl::string_view gsid);
// "is output only" for each (name, set) pair that is set, as `path`.name.
void CheckOutputOnly(std::initializer_list<std::pair<const char*, bool>> fields,
                     absl::string_view path, Violations& out);
// Every key of a message's custom_fields must be a field API name.
void CheckCustomFieldNames(const google::protobuf::Struct& custom_fields,
                           absl::string_view path, Violations& out);
// local@domain: both parts non-empty, one '@', a dot inside the domain, no
// spaces or control characters, at most 254 characters.
bool IsEmailAddress(absl::string_view email);

void CheckFieldPath(absl::string_view field, absl::string_view path,
                    Violations& out);
void CheckDate(const google::type::Date& date, absl::string_view path,
               Violations& out);
void CheckRequestId(absl::string_view request_id, Violations& out);
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
void CheckPageSize(int page_size, Violations& out);

// Most records one batch write request may carry (bigger loads belong on the
// bulk API).
inline constexpr int kMaxBatchRecords = 5000;
// Longest filter expression, and how deep its parentheses may nest.
inline constexpr size_t kMaxFilterExpressionLength = 4096;
inline constexpr int kMaxFilterExpressionDepth = 32;
// page_size 0 means this.
inline constexpr int kDefaultPageSize = 100;

}  // namespace gg

#endif  // GAINSIGHT_GATEWAY_SERVER_API_VALIDATION_H_
