// Relationship <-> Gainsight `relationship` record.
#ifndef GAINSIGHT_GATEWAY_SERVER_GAINSIGHT_RELATIONSHIP_MAPPING_H_
#define GAINSIGHT_GATEWAY_SERVER_GAINSIGHT_RELATIONSHIP_MAPPING_H_

#include <string>

#include "absl/status/status.h"
#include "absl/strings/string_view.h"
#include "absl/time/time.h"
#include "gainsight/envelope.h"
#include "gainsight/record_mapping.h"
#include "gainsight/v1/metadata.pb.h"
#include "gainsight/v1/relationship.pb.h"

namespace gg {

// The object's API name in the data API's paths
// (/v1/data/objects/relationship, /v1/data/objects/query/relationship).
inline constexpr char kRelationshipObject[] = "relationship";

const RecordMapping& RelationshipMapping();

// The typed field API name `name` stands for, in any letter case ("" when
// it names no typed field; "Gsid" for the GSID).
std::string RelationshipTypedName(absl::string_view name);

// The Relationship a query row stands for (picklists as the row has them):
// typed fields from their API names in any letter case, every other field
// into custom_fields in CustomObjectService's encoding (dates as
// "YYYY-MM-DD", date-times as RFC 3339). A DATE is the day at its epoch ms
// in `date_zone`.
absl::Status RelationshipFromRow(const gainsight::v1::ObjectMetadata& describe,
                                 const Json& row, absl::TimeZone date_zone,
                                 gainsight::v1::Relationship* out);

}  // namespace gg

#endif  // GAINSIGHT_GATEWAY_SERVER_GAINSIGHT_RELATIONSHIP_MAPPING_H_
