// Picklist values a caller gives (a label, any letter case, or an item's
// GSID), checked against the tenant's configuration. Cockpit writes send
// picklists by label, as every public sample does, so the item found must be
// one whose label names it alone.
#ifndef GAINSIGHT_GATEWAY_SERVER_GAINSIGHT_PICKLIST_H_
#define GAINSIGHT_GATEWAY_SERVER_GAINSIGHT_PICKLIST_H_

#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "gainsight/v1/cta.pb.h"
#include "google/protobuf/repeated_ptr_field.h"

namespace gg {

// ErrorInfo reasons of a label that names no item, or several.
inline constexpr char kUnknownLabelReason[] = "UNKNOWN_PICKLIST_LABEL";
inline constexpr char kAmbiguousLabelReason[] = "AMBIGUOUS_PICKLIST_LABEL";

using PicklistItems = std::vector<const gainsight::v1::PicklistItem*>;
PicklistItems ItemsOf(
    const google::protobuf::RepeatedPtrField<gainsight::v1::PicklistItem>&
        items);
PicklistItems ItemsOf(const std::vector<gainsight::v1::PicklistItem>& items);

// The item `value` names: the item with that GSID, or the one active item
// with that label (case-insensitive, surrounding spaces ignored). Otherwise
// INVALID_ARGUMENT with a BadRequest on `field` (e.g. "ctas[2].status"):
// UNKNOWN_PICKLIST_LABEL listing the allowed labels, or
// AMBIGUOUS_PICKLIST_LABEL listing the GSIDs of the items that share the
// label. With `by_label_only` (the item will be sent by label), a GSID whose
// label another active item shares is ambiguous too.
absl::StatusOr<gainsight::v1::PicklistItem> ResolvePicklistItem(
    const PicklistItems& items, absl::string_view value,
    absl::string_view field, bool by_label_only = true);

// INVALID_ARGUMENT "FIELD: DESCRIPTION" with a BadRequest on `field` and
// ErrorInfo `reason` (kUnknownLabelReason, kAmbiguousLabelReason).
absl::Status PicklistRefusal(absl::string_view field,
                             const std::string& description,
                             const char* reason);

// ResolvePicklistItem's GSID, for calls that send GSIDs.
absl::StatusOr<std::string> ResolvePicklistValue(
    const google::protobuf::RepeatedPtrField<gainsight::v1::PicklistItem>&
        items,
    absl::string_view value, absl::string_view field);

}  // namespace gg

#endif  // GAINSIGHT_GATEWAY_SERVER_GAINSIGHT_PICKLIST_H_
