// Conversion between a field's JSON form and its stored Value: the write
// rules of each Gainsight data type, and the read encoding of query rows.
#ifndef GAINSIGHT_GATEWAY_SANDBOX_FIELD_CODEC_H_
#define GAINSIGHT_GATEWAY_SANDBOX_FIELD_CODEC_H_

#include <string>

#include "sandbox/json.h"
#include "sandbox/schema.h"
#include "sandbox/value.h"

namespace gg::sandbox {

// Why a value was refused: a Gainsight error code and a description that
// names the field but never repeats the value.
struct FieldIssue {
  std::string code;
  std::string desc;
};

enum class CodecMode {
  // A record value in an insert or update: every rule applies (type, length,
  // GSID shape, picklist label, date format).
  kWrite,
  // A query filter operand: type rules only. DATE and DATETIME fields take
  // either a date or a date-time.
  kFilter,
};

// Decodes `json`, given for `field`, into `out`. JSON null decodes to null;
// whether null is allowed is the caller's rule. On failure returns false and
// fills `issue`.
bool DecodeFieldValue(const FieldDef& field, const Json& json, CodecMode mode,
                      Value* out, FieldIssue* issue);

// The JSON a query row holds for `value` of `field`: null, a boolean, a
// number (an integer when whole), epoch ms for DATE (the day's midnight in
// the field's date_zone) and DATETIME, the string (the label for a
// PICKLIST).
Json EncodeFieldValue(const FieldDef& field, const Value& value);

// Number of Unicode code points in UTF-8 `text`.
int CountCodePoints(absl::string_view text);

}  // namespace gg::sandbox

#endif  // GAINSIGHT_GATEWAY_SANDBOX_FIELD_CODEC_H_
