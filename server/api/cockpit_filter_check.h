// The field names of a Cockpit list's filter (CTAs, Success Plans), checked
// before the list is read against the describe of the MDA object the list
// endpoint reads (CockpitListObject in gainsight/endpoints.h), cached as
// every describe is. A name that is no field of that object fails the
// request (INVALID_ARGUMENT on "filter.conditions[i].field", with the
// closest field names) before any list call; a name in another letter case
// is sent as the describe spells it. Left as given, needing no describe:
// lookup paths ("CompanyId__gr.Name"), names with a space (a Fetch API sample
// selects "Days Due"), the object's default select names (names the Fetch
// APIs' own samples show, such as a Success Plan's StatusName), and the
// conditions the gateway rewrites itself (CTA labels). When the describe
// fails (a tenant without the object, an outage) the names go as given.
// The operands of a described field must be of its type, as for a query
// (CheckOperands): a Fetch API sample compares a date with "2020-04-14"
// and a boolean with false.
#ifndef GAINSIGHT_GATEWAY_SERVER_API_COCKPIT_FILTER_CHECK_H_
#define GAINSIGHT_GATEWAY_SERVER_API_COCKPIT_FILTER_CHECK_H_

#include "absl/functional/any_invocable.h"
#include "absl/status/statusor.h"
#include "api/validation.h"
#include "gainsight/client.h"
#include "gainsight/v1/common.pb.h"
#include "gainsight/v1/metadata.pb.h"
#include "ops/cockpit_reads.h"
#include "ops/metadata_cache.h"

namespace gg {

// Whether the gateway rewrites a condition itself (null: none).
using GatewayCondition = bool (*)(const gainsight::v1::Condition&);

// Whether a condition of `list`'s filter names a field only the describe
// can confirm.
bool FilterNeedsDescribe(const CockpitListCall& list,
                         GatewayCondition gateway_owned);

// Checks `list`'s filter against `object`: the violations (names, and the
// operands of described fields), each condition that passes named as it is
// to be sent.
Violations CheckFilterFields(const gainsight::v1::ObjectMetadata& object,
                             GatewayCondition gateway_owned,
                             CockpitListCall* list);

// Reads the describe when the filter needs it and checks the filter: `done`
// gets the list to read, or the INVALID_ARGUMENT. Runs `done` at once when
// no describe is needed or it is cached.
void CheckCockpitFilter(
    MetadataCache* metadata, CockpitListCall list,
    GatewayCondition gateway_owned, const CallContext& context,
    absl::AnyInvocable<void(absl::StatusOr<CockpitListCall>)> done);

}  // namespace gg

#endif  // GAINSIGHT_GATEWAY_SERVER_API_COCKPIT_FILTER_CHECK_H_
