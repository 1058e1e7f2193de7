// Validation of the records of an insert or update, all of them first:
// Gainsight writes all or nothing, and reports every bad record.
#ifndef GAINSIGHT_GATEWAY_SANDBOX_RECORD_VALIDATION_H_
#define GAINSIGHT_GATEWAY_SANDBOX_RECORD_VALIDATION_H_

#include <string>
#include <vector>

#include "sandbox/json.h"
#include "sandbox/schema.h"
#include "sandbox/value.h"

namespace gg::sandbox {

// One problem with one record.
struct RecordError {
  int index = 0;           // position of the record in the request
  std::string field_name;  // empty when about the record as a whole
  std::string code;
  std::string desc;
};

enum class WriteMode {
  // Required fields must be present; no read-only field may be given.
  kInsert,
  // Required fields may be absent (not null); each record carries every key
  // field (non-null), and a read-only field may appear only as a key.
  kUpdate,
};

// The decoded fields of one record, in the order the record gave them.
using RecordFields = std::vector<FieldAssignment>;

struct ValidatedBatch {
  std::vector<RecordFields> records;  // one per input record when ok()
  std::vector<RecordError> errors;    // every problem, by record order
  bool ok() const { return errors.empty(); }
};

// Validates `records` (a JSON array) as records of `object`. `key_fields`
// are the field indexes named by ?keys= (kUpdate only).
ValidatedBatch ValidateRecords(const ObjectDef& object, const Json& records,
                               WriteMode mode,
                               const std::vector<int>& key_fields);

// data.errors in the indexed shape: [{"index", "fieldName", "errorCode",
// "errorDesc"}].
Json RecordErrorsJson(const std::vector<RecordError>& errors);

// data.errors in the per-record shape a real tenant answers: one entry per
// record of the call (`record_count`), in order; a valid record's entry is
// empty, a rejected one's is [{"success": false, "parsedValue": null,
// "errors": [{"errorMessage", "errorCode", "fieldName", "invalidValue":
// null}]}]. The sandbox never echoes values, so both value keys are null.
Json PerRecordErrorsJson(const std::vector<RecordError>& errors,
                         int record_count);

}  // namespace gg::sandbox

#endif  // GAINSIGHT_GATEWAY_SANDBOX_RECORD_VALIDATION_H_
