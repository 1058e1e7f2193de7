#include "gainsight/json_value.h"

#include <cmath>

namespace gg {

Json ValueToJson(const google::protobuf::Value& value) {
  switch (value.kind_case()) {
    case google::protobuf::Value::kNullValue:
    case google::protobuf::Value::KIND_NOT_SET:
      return nullptr;
    case google::protobuf::Value::kNumberValue: {
      double d = value.number_value();
      // Whole numbers go out as integers (ids, counts, epoch milliseconds).
      if (std::trunc(d) == d && std::fabs(d) < 9007199254740992.0) {
        return static_cast<int64_t>(d);
      }
      return d;
    }
    case google::protobuf::Value::kStringValue:
      return value.string_value();
    case google::protobuf::Value::kBoolValue:
      return value.bool_value();
    case google::protobuf::Value::kStructValue: {
      Json object = Json::object();
      MergeStructInto(value.struct_value(), object);
      return object;
    }
    case google::protobuf::Value::kListValue: {
      Json array = Json::array();
      for (const auto& v : value.list_value().values()) {
        array.push_back(ValueToJson(v));
      }
      return array;
    }
  }
  return nullptr;
}

google::protobuf::Value JsonToValue(const Json& json) {
  google::protobuf::Value value;
  if (json.is_null()) {
    value.set_null_value(google::protobuf::NULL_VALUE);
  } else if (json.is_boolean()) {
    value.set_bool_value(json.get<bool>());
  } else if (json.is_number()) {
    value.set_number_value(json.get<double>());
  } else if (json.is_string()) {
    value.set_string_value(json.get<std::string>());
  } else if (json.is_array()) {
    auto* list = value.mutable_list_value();
    for (const Json& item : json) *list->add_values() = JsonToValue(item);
  } else if (json.is_object()) {
    auto* fields = value.mutable_struct_value()->mutable_fields();
    for (auto it = json.begin(); it != json.end(); ++it) {
      (*fields)[it.key()] = JsonToValue(it.value());
    }
  }
  return value;
}

void MergeStructInto(const google::protobuf::Struct& fields, Json& out) {
  // Struct is a map: emit keys in a stable (sorted) order.
  std::map<std::string, const google::protobuf::Value*> sorted;
  for (const auto& [key, value] : fields.fields()) sorted[key] = &value;
  for (const auto& [key, value] : sorted) out[key] = ValueToJson(*value);
}

}  // namespace gg
