#include "sandbox/text_values.h"

#include "absl/strings/numbers.h"

namespace gg::sandbox {

Json TextValueJson(const FieldDef& field, const std::string& text) {
  switch (field.type) {
    case FieldType::kNumber:
    case FieldType::kCurrency: {
      double d;
      if (absl::SimpleAtod(text, &d)) return d;
      return text;
    }
    case FieldType::kBoolean: {
      bool b;
      if (absl::SimpleAtob(text, &b)) return b;
      return text;
    }
    default:
      return text;
  }
}

}  // namespace gg::sandbox
