// Values that arrive as text (a CSV cell, a People API bulk record) read per
// the field's data type.
#ifndef GAINSIGHT_GATEWAY_SANDBOX_TEXT_VALUES_H_
#define GAINSIGHT_GATEWAY_SANDBOX_TEXT_VALUES_H_

#include <string>

#include "sandbox/json.h"
#include "sandbox/schema.h"

namespace gg::sandbox {

// The JSON `text` stands for in a record of `field`: numbers and booleans
// typed, everything else the text. Text that does not parse stays text, so
// that validation reports it.
Json TextValueJson(const FieldDef& field, const std::string& text);

}  // namespace gg::sandbox

#endif  // GAINSIGHT_GATEWAY_SANDBOX_TEXT_VALUES_H_
