// The write-time lookups of a record write (gainsight.v1.Lookup), checked
// against the written object's describe and the records before any call.
#ifndef GAINSIGHT_GATEWAY_SERVER_API_WRITE_LOOKUPS_H_
#define GAINSIGHT_GATEWAY_SERVER_API_WRITE_LOOKUPS_H_

#include <set>
#include <string>
#include <vector>

#include "absl/strings/string_view.h"
#include "api/validation.h"
#include "gainsight/v1/common.pb.h"
#include "gainsight/v1/metadata.pb.h"
#include "google/protobuf/struct.pb.h"

namespace gg {

inline constexpr int kMaxLookups = 10;
inline constexpr int kMaxLookupMatches = 3;

struct CheckedLookups {
  // The lookups, each `field` as the describe spells it.
  google::protobuf::RepeatedPtrField<gainsight::v1::Lookup> lookups;
  // The records' source fields that are no field of the object: helper
  // values, sent for matching only.
  std::set<std::string> helper_fields;
  // The fields the lookups fill (described names).
  std::set<std::string> targets;
};

// At most kMaxLookups; each `field` a GSID or lookup field of the object
// (any letter case), filled by one lookup only, set by no record and no key
// of the write; `object_name` an API name; one to kMaxLookupMatches `match`
// pairs of API names (a lookup path on the searched side); `lookup_field`
// empty or an API name; every record with a value for each source field.
// Violations name "lookups[i]..." and "<records_field>[j]".
Violations CheckLookups(
    const gainsight::v1::ObjectMetadata& object,
    const google::protobuf::RepeatedPtrField<gainsight::v1::Lookup>& lookups,
    const google::protobuf::RepeatedPtrField<google::protobuf::Struct>& records,
    absl::string_view records_field, const std::vector<std::string>& keys,
    CheckedLookups* out);

}  // namespace gg

#endif  // GAINSIGHT_GATEWAY_SERVER_API_WRITE_LOOKUPS_H_
