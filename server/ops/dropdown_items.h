// Picklist items a describe left out: a PICKLIST or MULTI_PICKLIST field
// whose describe lists no `options` but names its category gets the
// category's items from the Dropdown API (one call per category).
#ifndef GAINSIGHT_GATEWAY_SERVER_OPS_DROPDOWN_ITEMS_H_
#define GAINSIGHT_GATEWAY_SERVER_OPS_DROPDOWN_ITEMS_H_

#include "absl/functional/any_invocable.h"
#include "gainsight/client.h"
#include "gainsight/v1/metadata.pb.h"

namespace gg {

// Fills the missing items of `object`'s picklist fields, then runs `done`
// with it. A category whose call fails or whose answer cannot be read is
// left without items (its values are then neither checked nor labelled);
// an unreadable answer is reported by its key names.
void FillDropdownItems(
    GainsightClient* client, gainsight::v1::ObjectMetadata object,
    CallContext context,
    absl::AnyInvocable<void(gainsight::v1::ObjectMetadata)> done);

}  // namespace gg

#endif  // GAINSIGHT_GATEWAY_SERVER_OPS_DROPDOWN_ITEMS_H_
