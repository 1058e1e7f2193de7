// The `lookups` of an MDA write body (Company and custom-object insert and
// update): each record's target field gets the lookup field (the GSID) of
// the record of `objectName` whose fields equal the record's source values.
// Shape: the Company doc sample (company-custom-datamgmt.md §6).
// DECISIONS where the docs are silent: strings match case-insensitively,
// numbers and booleans exactly; source fields that are no field of the
// written object are dropped before validation; ERROR and MARKASERROR fail
// the record with GSOBJ_1002 naming the target field; DEFAULTVALUE leaves
// the field unset (the sandbox's fields have no default values).
#ifndef GAINSIGHT_GATEWAY_SANDBOX_WRITE_LOOKUPS_H_
#define GAINSIGHT_GATEWAY_SANDBOX_WRITE_LOOKUPS_H_

#include <optional>
#include <vector>

#include "sandbox/api_error.h"
#include "sandbox/json.h"
#include "sandbox/record_validation.h"
#include "sandbox/schema.h"
#include "sandbox/store.h"

namespace gg::sandbox {

struct ResolvedRecords {
  Json records;                     // the records with lookups applied
  std::vector<RecordError> errors;  // records a lookup failed
};

// `body`'s records with its lookups applied (a copy; the records as given
// when the body has none), or the error of a malformed `lookups`.
std::optional<ApiError> ResolveLookups(const ObjectDef& object,
                                       const Json& body,
                                       const ObjectRegistry& objects,
                                       const Store& store,
                                       ResolvedRecords* out);

}  // namespace gg::sandbox

#endif  // GAINSIGHT_GATEWAY_SANDBOX_WRITE_LOOKUPS_H_
