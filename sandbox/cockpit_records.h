// What CTA and task writes and lists share: record decoding with the
// Cockpit's codes (unknown key: whole call GSOBJ_1008; missing required
// field: COCKPIT_9700; a GSID naming nothing: GSOBJ_1011), owner checks, and
// list rows with flat lookup columns ("OwnerId__gr.Email").
#ifndef GAINSIGHT_GATEWAY_SANDBOX_COCKPIT_RECORDS_H_
#define GAINSIGHT_GATEWAY_SANDBOX_COCKPIT_RECORDS_H_

#include <optional>
#include <string>
#include <vector>

#include "absl/functional/function_ref.h"
#include "absl/strings/string_view.h"
#include "sandbox/cockpit_wire.h"
#include "sandbox/gainsight_call.h"
#include "sandbox/json.h"
#include "sandbox/schema.h"
#include "sandbox/value.h"

namespace gg::sandbox {

// 400 GSOBJ_1008 when a record has a key that is not a field of `object`
// (nor referenceId or Gsid): nothing of the call is written.
std::optional<HttpResponse> RejectUnknownKeys(
    const ObjectDef& object, const std::vector<const Json*>& records);

// Cockpit writes send picklists by label, as every public sample does
// ("type": "Risk"); the sandbox stores the item's GSID in `id_field`.
struct PicklistLabel {
  const char* key;       // what a write sends: "type"
  const char* id_field;  // what the sandbox stores: "TypeId"
};

// 400 GSOBJ_1008 when a record writes an id field itself (no public sample
// does; the sandbox holds clients to the labels).
std::optional<HttpResponse> RejectPicklistIds(
    const std::vector<PicklistLabel>& labels,
    const std::vector<const Json*>& records);

// `record` with each label key replaced by its id field, in the order of
// `labels`; `resolve(label, text, partial)` gives the item GSID (`partial`:
// the record translated so far, for labels scoped by another). A label that
// names nothing: nullopt, with a GSOBJ_1011 `outcome` on its key.
std::optional<Json> LabelsToIds(
    const std::vector<PicklistLabel>& labels, const Json& record,
    absl::FunctionRef<std::optional<std::string>(const PicklistLabel& label,
                                                 const std::string& text,
                                                 const Json& partial)>
        resolve,
    RecordOutcome* outcome);

// Decodes the record's fields (all but referenceId and Gsid) into `changes`.
// `fixed` fields may be given on create only. False with `outcome` set on
// the first bad field.
bool DecodeCockpitRecord(const ObjectDef& object, const Json& record,
                         bool create, const std::vector<std::string>& fixed,
                         std::vector<FieldAssignment>* changes,
                         RecordOutcome* outcome);

// The first required field that `row` leaves null, as a COCKPIT_9700
// outcome.
std::optional<RecordOutcome> MissingRequired(const ObjectDef& object,
                                             const Row& row);

// A GSOBJ_1011 outcome on `field`.
RecordOutcome NoMatch(const std::string& field);

// Whether `gsid` names an active GsUser.
bool IsActiveUser(const TenantData& data, const std::string& gsid);
// The GSID of the first active GsUser with `email` (case-insensitive).
std::optional<std::string> ActiveUserByEmail(const TenantData& data,
                                             absl::string_view email);

// Copies `changes` into `row`.
void ApplyChanges(std::vector<FieldAssignment> changes, Row& row);
// Replaces the stored row with the same Gsid by `row`.
void ReplaceRow(Store& store, const ObjectDef& object, const Row& row);

// What a lookup column (`Field__gr.Attr`) reads.
enum class LookupKind {
  kRecord,    // a record of `target` (an object name), any of its fields
  kPicklist,  // an item of the configuration category `target`: Name
  kPlaybook,  // a playbook: Name
};
struct CockpitLookup {
  const char* field;
  LookupKind kind;
  const char* target;
};

// How a list answers: the object's fields, its lookups, and the keys every
// row carries (when not null), selected or not.
struct CockpitListSpec {
  const ObjectDef* object;
  std::vector<CockpitLookup> lookups;
  std::vector<std::string> defaults;
};

// The key a select entry stands for (fields and lookup attributes matched
// case-insensitively), or nullopt when it names nothing.
std::optional<std::string> CanonicalSelectKey(const CockpitListSpec& spec,
                                              const TenantData& data,
                                              const std::string& key);

// One list row: the defaults plus `select`, in alphabetical key order, null
// values left out.
Json CockpitRowJson(const CockpitListSpec& spec, const TenantData& data,
                    const Row& row, const std::vector<std::string>& select);

// A list call over `table` (the spec's object, or its deleted twin).
HttpResponse HandleCockpitList(const CockpitListSpec& spec,
                               const ObjectDef& table,
                               const GainsightCall& call, TenantData& data,
                               bool deleted);

}  // namespace gg::sandbox

#endif  // GAINSIGHT_GATEWAY_SANDBOX_COCKPIT_RECORDS_H_
