// THE mapping from Gainsight's Data Management JSON (object list and
// describe, digest §7) to gainsight.v1 metadata messages.
#ifndef GAINSIGHT_GATEWAY_SERVER_GAINSIGHT_METADATA_MAPPING_H_
#define GAINSIGHT_GATEWAY_SERVER_GAINSIGHT_METADATA_MAPPING_H_

#include <vector>

#include "absl/status/status.h"
#include "absl/strings/string_view.h"
#include "gainsight/envelope.h"
#include "gainsight/v1/metadata.pb.h"

namespace gg {

// "STRING" -> DATA_TYPE_STRING, ...; UNSPECIFIED for names it does not know.
gainsight::v1::DataType DataTypeFromName(absl::string_view name);

// One object entry of the list or describe answer. Fields are filled when the
// entry has a `fields` array. INTERNAL when `entry` is not an object with an
// `objectName`.
absl::Status ObjectFromJson(const Json& entry,
                            gainsight::v1::ObjectMetadata* out);

// Query of the describe call: the flags real clients send so that the
// answer holds the object alone, without children or related objects
// ([CODE] estuary/connectors source-gainsight-nxt api.py).
inline constexpr char kDescribeQuery[] =
    "ic=false&cl=0&idd=false&ihc=false&piec=false";

// The object named `object_name` (any letter case) in the `data` of a
// describe answer: an array of object entries (or, tolerated, one entry).
// The entry is picked by its objectName, never by position. INTERNAL when
// no entry has that name.
// The items of a Dropdown API answer's `data` (`childItems`: `gsid`,
// `name`, `systemName`, `active` (absent: true), `default`, `displayOrder`,
// `color`). INTERNAL when `data` has no `childItems` list.
absl::Status DropdownItemsFromJson(
    const Json& data, std::vector<gainsight::v1::PicklistItem>* out);

absl::Status DescribeFromJson(const Json& data, absl::string_view object_name,
                              gainsight::v1::ObjectMetadata* out);

// The `data` of a list answer: an array of object entries.
absl::Status ObjectListFromJson(const Json& data,
                                gainsight::v1::ListObjectsResponse* out);

}  // namespace gg

#endif  // GAINSIGHT_GATEWAY_SERVER_GAINSIGHT_METADATA_MAPPING_H_
