// Picklist values of MDA objects (Company, relationship, custom objects)
// against the object's describe: writes take an item's label (any letter
// case) or its GSID and refuse inactive items; reads answer labels; filters
// are sent with the items' GSIDs, the form Gainsight stores.
#ifndef GAINSIGHT_GATEWAY_SERVER_API_PICKLIST_FIELDS_H_
#define GAINSIGHT_GATEWAY_SERVER_API_PICKLIST_FIELDS_H_

#include <string>

#include "absl/strings/string_view.h"
#include "api/validation.h"
#include "gainsight/envelope.h"
#include "gainsight/query_body.h"
#include "gainsight/v1/metadata.pb.h"
#include "google/protobuf/struct.pb.h"

namespace gg {

// Whether `field` is a PICKLIST or MULTI_PICKLIST.
bool IsPicklist(const gainsight::v1::FieldMetadata& field);

// The item of `field` a write's `value` names: the item with that GSID, or
// the one active item with that label (exactly; else in any letter case,
// spaces around ignored). Null with `problem` set when none: an unknown value
// (listing the active labels), a label of several active items (listing their
// GSIDs), or an inactive item (naming its label). A field whose describe
// lists no items accepts any value (null item, empty problem).
const gainsight::v1::PicklistItem* ChoosePicklistItem(
    const gainsight::v1::FieldMetadata& field, absl::string_view value,
    std::string* problem);

// `record` (keys as the describe spells them; values checked) with each
// picklist value sent as the item's exact label, or as its GSID when the
// caller gave the GSID.
void SendPicklistsAsDescribed(const gainsight::v1::ObjectMetadata& object,
                              Json& record);

// Each picklist value of a query row (keys as selected) that is an item's
// GSID becomes the item's label; other values (a label already) stay.
void LabelPicklists(const gainsight::v1::ObjectMetadata& object, Json& row);

// Conditions on picklist fields with EQ, NE, IN or NOT_IN get item GSIDs as
// operands: a GSID stays; a label becomes the GSIDs of every item with that
// label (exactly, else in any letter case; active or not; EQ turns into IN and
// NE into NOT_IN when there are several). An operand that names no item is a
// violation on "filter.conditions[i].values[j]".
void UsePicklistIds(const gainsight::v1::ObjectMetadata& object,
                    QuerySpec* spec, Violations& out);

}  // namespace gg

#endif  // GAINSIGHT_GATEWAY_SERVER_API_PICKLIST_FIELDS_H_
