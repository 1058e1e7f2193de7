#include "sandbox/field_codec.h"

#include <algorithm>
#include <cmath>
#include <optional>

#include "absl/strings/str_cat.h"
#include "absl/time/civil_time.h"
#include "absl/time/time.h"
#include "sandbox/datetime.h"
#include "sandbox/error_codes.h"
#include "sandbox/ids.h"

namespace gg::sandbox {
namespace {

bool Fail(FieldIssue* issue, const char* code, absl::string_view prefix,
          const FieldDef& field, absl::string_view why) {
  issue->code = code;
  issue->desc = absl::StrCat(prefix, " (", field.name, ": ", why, ")");
  return false;
}

bool InvalidField(FieldIssue* issue, const FieldDef& field,
                  absl::string_view why) {
  return Fail(issue, codes::kInvalidField,
              "Invalid field, please re-check data mapping", field, why);
}

// A picklist value is stored as its item's label. Writes take an active
// item's exact label or its GSID; filters also take an inactive item's GSID
// and any other text as it is.
bool DecodePicklist(const FieldDef& field, const std::string& text,
                    CodecMode mode, Value* out, FieldIssue* issue) {
  const std::string* label = PicklistLabelOf(field, text);
  if (label == nullptr &&
      std::find(field.picklist.begin(), field.picklist.end(), text) !=
          field.picklist.end()) {
    label = &text;
  }
  if (mode == CodecMode::kWrite) {
    const bool inactive = std::find(field.inactive_picklist.begin(),
                                    field.inactive_picklist.end(),
                                    label != nullptr ? *label : text) !=
                          field.inactive_picklist.end();
    if (inactive) return InvalidField(issue, field, "the item is inactive");
    if (label == nullptr) {
      return InvalidField(issue, field, "not an item of the picklist");
    }
  }
  *out = label != nullptr ? *label : text;
  return true;
}

bool DecodeString(const FieldDef& field, const Json& json, CodecMode mode,
                  Value* out, FieldIssue* issue) {
  if (!json.is_string()) return InvalidField(issue, field, "expected a string");
  const std::string& text = json.get_ref<const std::string&>();
  if (mode == CodecMode::kWrite) {
    if (field.type == FieldType::kString && field.max_length > 0 &&
        CountCodePoints(text) > field.max_length) {
      return Fail(issue, codes::kFieldTooLong,
                  "Field exceeds maximum allowed length", field,
                  absl::StrCat("at most ", field.max_length, " characters"));
    }
    if (field.type == FieldType::kGsid && !IsGsidShaped(text)) {
      return InvalidField(issue, field, "expected a GSID");
    }
  }
  if (field.type == FieldType::kPicklist)
    return DecodePicklist(field, text, mode, out, issue);
  *out = text;
  return true;
}

bool DecodeDate(const FieldDef& field, const Json& json, CodecMode mode,
                Value* out, FieldIssue* issue) {
  bool is_date = field.type == FieldType::kDate;
  std::optional<int64_t> millis;
  if (json.is_string()) {
    const std::string& text = json.get_ref<const std::string&>();
    millis = is_date ? ParseDate(text) : ParseDateTime(text);
    if (!millis.has_value() && mode == CodecMode::kFilter) {
      millis = is_date ? ParseDateTime(text) : ParseDate(text);
    }
  }
  if (!millis.has_value()) {
    return is_date
               ? Fail(issue, codes::kInvalidDate, "Invalid date format", field,
                      "expected YYYY-MM-DD or MM-dd-yyyy")
               : Fail(issue, codes::kInvalidDateTime, "Invalid dateTime format",
                      field, "expected ISO 8601 or yyyy-MM-dd HH:mm:ss");
  }
  *out = *millis;
  return true;
}

}  // namespace

bool DecodeFieldValue(const FieldDef& field, const Json& json, CodecMode mode,
                      Value* out, FieldIssue* issue) {
  if (json.is_null()) {
    *out = std::monostate();
    return true;
  }
  switch (field.type) {
    case FieldType::kString:
    case FieldType::kGsid:
    case FieldType::kPicklist:
      return DecodeString(field, json, mode, out, issue);
    case FieldType::kNumber:
    case FieldType::kCurrency:
      if (!json.is_number()) {
        return InvalidField(issue, field, "expected a number");
      }
      *out = json.get<double>();
      return true;
    case FieldType::kBoolean:
      if (!json.is_boolean()) {
        return Fail(issue, codes::kValidation, "Invalid Boolean Value", field,
                    "expected true or false");
      }
      *out = json.get<bool>();
      return true;
    case FieldType::kDate:
    case FieldType::kDateTime:
      return DecodeDate(field, json, mode, out, issue);
  }
  return InvalidField(issue, field, "unsupported type");
}

Json EncodeFieldValue(const FieldDef& field, const Value& value) {
  switch (value.index()) {
    case 1:
      return std::get<bool>(value);
    case 2: {
      double number = std::get<double>(value);
      // Whole numbers within the exactly representable range print as
      // integers: 250000, not 250000.0.
      if (std::trunc(number) == number && std::fabs(number) < 9.007e15) {
        return static_cast<int64_t>(number);
      }
      return number;
    }
    case 3: {
      const int64_t ms = std::get<int64_t>(value);
      if (field.type != FieldType::kDate ||
          field.date_zone == absl::UTCTimeZone()) {
        return ms;
      }
      // Stored as UTC midnight; the tenant keeps its own zone's midnight.
      const absl::CivilDay day =
          absl::ToCivilDay(absl::FromUnixMillis(ms), absl::UTCTimeZone());
      return absl::ToUnixMillis(absl::FromCivil(day, field.date_zone));
    }
    case 4:
      if (field.type == FieldType::kPicklist && !field.picklist_reads_label) {
        return PicklistItemGsid(field, std::get<std::string>(value));
      }
      return std::get<std::string>(value);
    default:
      return nullptr;
  }
}

int CountCodePoints(absl::string_view text) {
  int count = 0;
  for (unsigned char c : text) {
    if ((c & 0xC0) != 0x80) ++count;  // not a continuation byte
  }
  return count;
}

}  // namespace gg::sandbox
