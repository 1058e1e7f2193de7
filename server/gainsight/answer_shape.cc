#include "gainsight/answer_shape.h"

#include "absl/strings/str_cat.h"

namespace gg {
namespace {

std::string ScalarShape(const Json& value) {
  if (value.is_null()) return "null";
  if (value.is_string()) return "string";
  if (value.is_boolean()) return "boolean";
  if (value.is_number()) return "number";
  if (value.is_array()) return absl::StrCat("[", value.size(), "]");
  return "{}";
}

std::string ObjectShape(const Json& object) {
  std::string out = "{";
  int listed = 0;
  for (auto it = object.begin(); it != object.end(); ++it) {
    if (listed == kMaxShapeKeys) {
      absl::StrAppend(&out, ",+", object.size() - listed);
      break;
    }
    if (listed > 0) out += ",";
    absl::StrAppend(&out, it.key().substr(0, kMaxShapeKeyLength));
    ++listed;
  }
  return out + "}";
}

// One level: an object's keys, or a scalar's type.
std::string Level(const Json& value) {
  return value.is_object() ? ObjectShape(value) : ScalarShape(value);
}

}  // namespace

std::string AnswerShape(const Json& data) {
  if (data.is_array()) {
    std::string out = absl::StrCat("[", data.size(), "]");
    if (!data.empty()) absl::StrAppend(&out, Level(data.front()));
    return out;
  }
  return Level(data);
}

}  // namespace gg
