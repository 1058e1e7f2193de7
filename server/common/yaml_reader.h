// Configuration files that operators write (tenants, callers, policy): YAML,
// or JSON (which YAML reads too). Files are size-capped, nesting is bounded
// by the parser, and every error names the file and the line.
#ifndef GAINSIGHT_GATEWAY_SERVER_COMMON_YAML_READER_H_
#define GAINSIGHT_GATEWAY_SERVER_COMMON_YAML_READER_H_

#include <cstdint>
#include <initializer_list>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "yaml-cpp/yaml.h"

namespace gg {

inline constexpr int64_t kMaxConfigFileBytes = 1 << 20;

class YamlReader {
 public:
  // Reads and parses `path`. Errors: INVALID_ARGUMENT "PATH:LINE: why".
  static absl::StatusOr<YamlReader> Open(const std::string& path);
  // Parses `text` as if read from `path` (for tests and for files already
  // in memory).
  static absl::StatusOr<YamlReader> Parse(const std::string& path,
                                          const std::string& text);

  const YAML::Node& root() const { return root_; }
  const std::string& path() const { return path_; }

  // "PATH:LINE: message" for the node's line (the file's first line when
  // the node has no position).
  absl::Status Error(const YAML::Node& at, absl::string_view message) const;

  // A map whose keys are all in `allowed`.
  absl::Status ExpectMap(
      const YAML::Node& node, absl::string_view what,
      std::initializer_list<absl::string_view> allowed) const;
  absl::Status ExpectList(const YAML::Node& node, absl::string_view what) const;

  // Scalars of a map entry; nullopt when the key is absent (or null).
  absl::StatusOr<std::optional<std::string>> String(const YAML::Node& map,
                                                    const char* key) const;
  absl::StatusOr<std::optional<double>> Number(const YAML::Node& map,
                                               const char* key) const;
  absl::StatusOr<std::optional<int64_t>> Integer(const YAML::Node& map,
                                                 const char* key) const;
  absl::StatusOr<std::optional<bool>> Bool(const YAML::Node& map,
                                           const char* key) const;
  // A list of strings (a single string counts as a list of one).
  absl::StatusOr<std::optional<std::vector<std::string>>> Strings(
      const YAML::Node& map, const char* key) const;

 private:
  YamlReader(std::string path, YAML::Node root)
      : path_(std::move(path)), root_(std::move(root)) {}
  absl::StatusOr<std::optional<std::string>> Scalar(
      const YAML::Node& map, const char* key, absl::string_view kind) const;
  std::string path_;
  YAML::Node root_;
};

}  // namespace gg

#endif  // GAINSIGHT_GATEWAY_SERVER_COMMON_YAML_READER_H_
