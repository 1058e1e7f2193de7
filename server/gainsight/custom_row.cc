#include "gainsight/custom_row.h"

#include <string>

#include "absl/time/time.h"
#include "gainsight/json_value.h"

namespace gg {
namespace {

const gainsight::v1::FieldMetadata* Field(
    const gainsight::v1::ObjectMetadata& object, const std::string& name) {
  for (const auto& f : object.fields()) {
    if (f.field_name() == name) return &f;
  }
  return nullptr;
}

google::protobuf::Value StringValue(std::string text) {
  google::protobuf::Value v;
  v.set_string_value(std::move(text));
  return v;
}

}  // namespace

absl::Status RowToStruct(const gainsight::v1::ObjectMetadata& object,
                         const Json& row, google::protobuf::Struct* out,
                         absl::TimeZone date_zone) {
  if (!row.is_object()) {
    return absl::InternalError("Gainsight query row is not a JSON object");
  }
  auto& fields = *out->mutable_fields();
  for (const auto& [name, value] : row.items()) {
    const gainsight::v1::FieldMetadata* field = Field(object, name);
    if (field != nullptr && value.is_number()) {
      const absl::Time t =
          absl::FromUnixMillis(static_cast<int64_t>(value.get<double>()));
      if (field->data_type() == gainsight::v1::DATA_TYPE_DATE) {
        fields[name] = StringValue(absl::FormatTime("%Y-%m-%d", t, date_zone));
        continue;
      }
      if (field->data_type() == gainsight::v1::DATA_TYPE_DATE_TIME) {
        fields[name] = StringValue(
            absl::FormatTime("%Y-%m-%d%ET%H:%M:%E3SZ", t, absl::UTCTimeZone()));
        continue;
      }
    }
    fields[name] = JsonToValue(value);
  }
  return absl::OkStatus();
}

}  // namespace gg
