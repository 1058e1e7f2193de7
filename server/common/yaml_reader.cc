#include "common/yaml_reader.h"

#include <fstream>
#include <sstream>

#include "absl/strings/ascii.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"

namespace gg {

absl::StatusOr<YamlReader> YamlReader::Open(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    return absl::InvalidArgumentError(
        absl::StrCat(path, ": cannot read the file"));
  }
  std::string text;
  char buffer[8192];
  while (in.read(buffer, sizeof(buffer)) || in.gcount() > 0) {
    text.append(buffer, static_cast<size_t>(in.gcount()));
    if (static_cast<int64_t>(text.size()) > kMaxConfigFileBytes) {
      return absl::InvalidArgumentError(
          absl::StrCat(path, ": larger than ", kMaxConfigFileBytes, " bytes"));
    }
  }
  return Parse(path, text);
}

absl::StatusOr<YamlReader> YamlReader::Parse(const std::string& path,
                                             const std::string& text) {
  if (static_cast<int64_t>(text.size()) > kMaxConfigFileBytes) {
    return absl::InvalidArgumentError(
        absl::StrCat(path, ": larger than ", kMaxConfigFileBytes, " bytes"));
  }
  try {
    YAML::Node root = YAML::Load(text);
    return YamlReader(path, std::move(root));
  } catch (const YAML::Exception& e) {
    // The parser's depth guard (DeepRecursion) is a ParserException too.
    return absl::InvalidArgumentError(
        absl::StrCat(path, ":", e.mark.line + 1, ": ", e.msg));
  }
}

absl::Status YamlReader::Error(const YAML::Node& at,
                               absl::string_view message) const {
  const YAML::Mark mark = at.IsDefined() ? at.Mark() : YAML::Mark::null_mark();
  const int line = mark.is_null() ? 1 : mark.line + 1;
  return absl::InvalidArgumentError(
      absl::StrCat(path_, ":", line, ": ", message));
}

absl::Status YamlReader::ExpectMap(
    const YAML::Node& node, absl::string_view what,
    std::initializer_list<absl::string_view> allowed) const {
  if (!node.IsMap()) return Error(node, absl::StrCat(what, " must be a map"));
  for (const auto& entry : node) {
    if (!entry.first.IsScalar()) {
      return Error(entry.first, absl::StrCat(what, ": keys must be names"));
    }
    const std::string key = entry.first.Scalar();
    bool known = false;
    for (absl::string_view a : allowed) known = known || a == key;
    if (!known) {
      return Error(entry.first,
                   absl::StrCat(what, ": unknown key '", key, "' (known: ",
                                absl::StrJoin(allowed, ", "), ")"));
    }
  }
  return absl::OkStatus();
}

absl::Status YamlReader::ExpectList(const YAML::Node& node,
                                    absl::string_view what) const {
  if (!node.IsSequence()) {
    return Error(node, absl::StrCat(what, " must be a list"));
  }
  return absl::OkStatus();
}

absl::StatusOr<std::optional<std::string>> YamlReader::Scalar(
    const YAML::Node& map, const char* key, absl::string_view kind) const {
  const YAML::Node value = map[key];
  if (!value.IsDefined() || value.IsNull()) return std::nullopt;
  if (!value.IsScalar()) {
    return Error(value, absl::StrCat("'", key, "' must be ", kind));
  }
  return value.Scalar();
}

absl::StatusOr<std::optional<std::string>> YamlReader::String(
    const YAML::Node& map, const char* key) const {
  return Scalar(map, key, "a string");
}

absl::StatusOr<std::optional<double>> YamlReader::Number(
    const YAML::Node& map, const char* key) const {
  absl::StatusOr<std::optional<std::string>> text =
      Scalar(map, key, "a number");
  if (!text.ok()) return text.status();
  if (!text->has_value()) return std::nullopt;
  double value;
  if (!absl::SimpleAtod(**text, &value)) {
    return Error(map[key], absl::StrCat("'", key, "' must be a number"));
  }
  return value;
}

absl::StatusOr<std::optional<int64_t>> YamlReader::Integer(
    const YAML::Node& map, const char* key) const {
  absl::StatusOr<std::optional<std::string>> text =
      Scalar(map, key, "a whole number");
  if (!text.ok()) return text.status();
  if (!text->has_value()) return std::nullopt;
  int64_t value;
  if (!absl::SimpleAtoi(**text, &value)) {
    return Error(map[key], absl::StrCat("'", key, "' must be a whole number"));
  }
  return value;
}

absl::StatusOr<std::optional<bool>> YamlReader::Bool(const YAML::Node& map,
                                                     const char* key) const {
  absl::StatusOr<std::optional<std::string>> text =
      Scalar(map, key, "true or false");
  if (!text.ok()) return text.status();
  if (!text->has_value()) return std::nullopt;
  const std::string lower = absl::AsciiStrToLower(**text);
  if (lower == "true") return true;
  if (lower == "false") return false;
  return Error(map[key], absl::StrCat("'", key, "' must be true or false"));
}

absl::StatusOr<std::optional<std::vector<std::string>>> YamlReader::Strings(
    const YAML::Node& map, const char* key) const {
  const YAML::Node value = map[key];
  if (!value.IsDefined() || value.IsNull()) return std::nullopt;
  std::vector<std::string> out;
  if (value.IsScalar()) {
    out.push_back(value.Scalar());
    return out;
  }
  if (!value.IsSequence()) {
    return Error(value, absl::StrCat("'", key, "' must be a list of strings"));
  }
  for (const YAML::Node& item : value) {
    if (!item.IsScalar()) {
      return Error(item, absl::StrCat("'", key, "' must be a list of strings"));
    }
    out.push_back(item.Scalar());
  }
  return out;
}

}  // namespace gg
