#include "sandbox/record_validation.h"

#include <algorithm>
#include <optional>
#include <utility>

#include "absl/strings/str_cat.h"
#include "sandbox/error_codes.h"
#include "sandbox/field_codec.h"

namespace gg::sandbox {
namespace {

bool Contains(const std::vector<int>& list, int value) {
  return std::find(list.begin(), list.end(), value) != list.end();
}

class RecordValidator {
 public:
  RecordValidator(const ObjectDef& object, WriteMode mode,
                  const std::vector<int>& key_fields, int index,
                  std::vector<RecordError>* errors)
      : object_(object),
        mode_(mode),
        key_fields_(key_fields),
        index_(index),
        errors_(errors) {}

  RecordFields Validate(const Json& record) {
    RecordFields fields;
    if (!record.is_object()) {
      AddError("", codes::kValidation,
               "Invalid record, please re-check your request (a record must "
               "be a JSON object)");
      return fields;
    }
    std::vector<bool> given(object_.fields().size(), false);
    for (const auto& [name, json] : record.items()) {
      int field = object_.FieldIndex(name);
      if (field < 0) {
        AddError(
            name, codes::kInvalidField,
            absl::StrCat("Invalid field, please re-check data mapping (", name,
                         ": no such field on ", object_.name(), ")"));
        continue;
      }
      given[field] = true;
      if (std::optional<FieldAssignment> value = Decode(field, json)) {
        fields.push_back(std::move(*value));
      }
    }
    CheckPresence(given);
    return fields;
  }

 private:
  std::optional<FieldAssignment> Decode(int field, const Json& json) {
    const FieldDef& def = object_.field(field);
    bool is_key = Contains(key_fields_, field);
    if (def.read_only && !(mode_ == WriteMode::kUpdate && is_key)) {
      AddError(def.name, codes::kInvalidField,
               absl::StrCat("Invalid field, please re-check data mapping (",
                            def.name, ": read-only)"));
      return std::nullopt;
    }
    Value value;
    FieldIssue issue;
    if (!DecodeFieldValue(def, json, CodecMode::kWrite, &value, &issue)) {
      AddError(def.name, issue.code, issue.desc);
      return std::nullopt;
    }
    if (IsNull(value) && (def.required || is_key)) {
      AddError(def.name, codes::kNullValue,
               absl::StrCat("Invalid field value (", def.name,
                            is_key ? ": key field" : ": required",
                            ", must not be null)"));
      return std::nullopt;
    }
    return FieldAssignment{field, std::move(value)};
  }

  void CheckPresence(const std::vector<bool>& given) {
    for (size_t i = 0; i < given.size(); ++i) {
      if (given[i]) continue;
      const FieldDef& def = object_.field(static_cast<int>(i));
      bool is_key = Contains(key_fields_, static_cast<int>(i));
      if (mode_ == WriteMode::kUpdate ? is_key : def.required) {
        AddError(
            def.name, codes::kNullValue,
            absl::StrCat("Invalid field value (", def.name,
                         is_key ? ": key field" : ": required", ", missing)"));
      }
    }
  }

  void AddError(absl::string_view field_name, absl::string_view code,
                std::string desc) {
    errors_->push_back(RecordError{index_, std::string(field_name),
                                   std::string(code), std::move(desc)});
  }

  const ObjectDef& object_;
  const WriteMode mode_;
  const std::vector<int>& key_fields_;
  const int index_;
  std::vector<RecordError>* const errors_;
};

}  // namespace

ValidatedBatch ValidateRecords(const ObjectDef& object, const Json& records,
                               WriteMode mode,
                               const std::vector<int>& key_fields) {
  ValidatedBatch batch;
  int index = 0;
  for (const Json& record : records) {
    RecordValidator validator(object, mode, key_fields, index++, &batch.errors);
    batch.records.push_back(validator.Validate(record));
  }
  if (!batch.ok()) batch.records.clear();
  return batch;
}

Json RecordErrorsJson(const std::vector<RecordError>& errors) {
  Json out = Json::array();
  for (const RecordError& error : errors) {
    Json item = Json::object();
    item["index"] = error.index;
    item["fieldName"] =
        error.field_name.empty() ? Json(nullptr) : Json(error.field_name);
    item["errorCode"] = error.code;
    item["errorDesc"] = error.desc;
    out.push_back(std::move(item));
  }
  return out;
}

Json PerRecordErrorsJson(const std::vector<RecordError>& errors,
                         int record_count) {
  std::vector<Json> field_errors(record_count, Json::array());
  for (const RecordError& error : errors) {
    if (error.index < 0 || error.index >= record_count) continue;
    Json item = Json::object();
    item["errorMessage"] = error.desc;
    item["errorCode"] = error.code;
    item["fieldName"] =
        error.field_name.empty() ? Json(nullptr) : Json(error.field_name);
    item["invalidValue"] = nullptr;
    field_errors[error.index].push_back(std::move(item));
  }
  Json out = Json::array();
  for (Json& errors_of_record : field_errors) {
    Json entry = Json::array();
    if (!errors_of_record.empty()) {
      Json result = Json::object();
      result["success"] = false;
      result["parsedValue"] = nullptr;
      result["errors"] = std::move(errors_of_record);
      entry.push_back(std::move(result));
    }
    out.push_back(std::move(entry));
  }
  return out;
}

}  // namespace gg::sandbox
