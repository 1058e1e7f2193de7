// The `lookups` object of an MDA write body (Company, relationship and
// custom-object insert and update): Gainsight resolves each target field
// from the records' source fields in the write call itself.
#ifndef GAINSIGHT_GATEWAY_SERVER_GAINSIGHT_LOOKUPS_BODY_H_
#define GAINSIGHT_GATEWAY_SERVER_GAINSIGHT_LOOKUPS_BODY_H_

#include "gainsight/envelope.h"
#include "gainsight/v1/common.pb.h"
#include "google/protobuf/repeated_ptr_field.h"

namespace gg {

// {"<field>": {"fields": {source: target}, "lookupField": "Gsid",
//  "objectName": ..., "multiMatchOption": "FIRSTMATCH"|"MARKASERROR",
//  "onNoMatch": "ERROR"|"NULLABLE"|"DEFAULTVALUE"}, ...}; null for none.
// `field` and `object_name` as given (callers pass the described names).
Json LookupsBody(
    const google::protobuf::RepeatedPtrField<gainsight::v1::Lookup>& lookups);

}  // namespace gg

#endif  // GAINSIGHT_GATEWAY_SERVER_GAINSIGHT_LOOKUPS_BODY_H_
