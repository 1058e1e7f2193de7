// Setting request fields by name (reflection), from flag values.
#ifndef GAINSIGHT_GSCTL_REQUEST_FIELDS_H_
#define GAINSIGHT_GSCTL_REQUEST_FIELDS_H_

#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "gainsight/v1/common.pb.h"
#include "google/protobuf/message.h"

namespace gsctl {

void SetString(google::protobuf::Message* m, const std::string& field,
               const std::string& value);
void AddStrings(google::protobuf::Message* m, const std::string& field,
                const std::vector<std::string>& values);
void SetBool(google::protobuf::Message* m, const std::string& field,
             bool value);
absl::Status SetInt32(google::protobuf::Message* m, const std::string& field,
                      const std::string& text, const std::string& flag);
// An enum field from a short, case-insensitive name: "relationship" for
// ENTITY_TYPE_RELATIONSHIP, "all-open-tasks" for ..._ALL_OPEN_TASKS.
absl::Status SetEnum(google::protobuf::Message* m, const std::string& field,
                     const std::string& text, const std::string& flag);
bool HasField(const google::protobuf::Message& m, const std::string& field);

// "Arr:GTE:100000" -> a condition. Values that read as numbers or
// true/false are sent as such; "..." in double quotes stays text.
absl::StatusOr<gainsight::v1::Condition> ParseCondition(
    const std::string& text);
// "Name" or "Name:desc".
absl::StatusOr<gainsight::v1::OrderBy> ParseOrderBy(const std::string& text);

}  // namespace gsctl

#endif  // GAINSIGHT_GSCTL_REQUEST_FIELDS_H_
