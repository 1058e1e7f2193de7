#include "config/tenants_file.h"

#include <fstream>
#include <set>
#include <sstream>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/strip.h"
#include "common/yaml_reader.h"

namespace gg {

bool IsTenantName(const std::string& name) {
  if (name.empty() || name.size() > 63 || !absl::ascii_islower(name[0])) {
    return false;
  }
  for (char c : name) {
    if (!absl::ascii_islower(c) && !absl::ascii_isdigit(c) && c != '-') {
      return false;
    }
  }
  return true;
}

absl::StatusOr<std::string> ReadKeyFile(const std::string& path) {
  std::ifstream in(path);
  if (!in) return absl::InvalidArgumentError("cannot read the file");
  std::stringstream text;
  text << in.rdbuf();
  std::string key(absl::StripAsciiWhitespace(text.str()));
  if (key.empty()) return absl::InvalidArgumentError("the file is empty");
  return key;
}

absl::StatusOr<std::vector<TenantConfig>> ReadTenantsFile(
    const std::string& path, const TenantConfig& defaults) {
  absl::StatusOr<YamlReader> reader = YamlReader::Open(path);
  if (!reader.ok()) return reader.status();
  const YAML::Node& root = reader->root();
  if (absl::Status s = reader->ExpectMap(root, "the file", {"tenants"});
      !s.ok()) {
    return s;
  }
  const YAML::Node list = root["tenants"];
  if (absl::Status s = reader->ExpectList(list, "'tenants'"); !s.ok()) {
    return s;
  }
  std::vector<TenantConfig> tenants;
  for (const YAML::Node& entry : list) {
    if (absl::Status s = reader->ExpectMap(
            entry, "a tenant",
            {"name", "gainsight_url", "access_key_file", "limits", "headroom"});
        !s.ok()) {
      return s;
    }
    TenantConfig tenant = defaults;
    auto name = reader->String(entry, "name");
    if (!name.ok()) return name.status();
    if (!name->has_value() || !IsTenantName(**name)) {
      return reader->Error(entry,
                           "'name' is required: lower-case letters, digits "
                           "and '-', starting with a letter, at most 63");
    }
    tenant.name = **name;
    auto url = reader->String(entry, "gainsight_url");
    if (!url.ok()) return url.status();
    if (!url->has_value() || !(absl::StartsWith(**url, "https://") ||
                               absl::StartsWith(**url, "http://"))) {
      return reader->Error(entry, absl::StrCat("tenant ", tenant.name,
                                               ": 'gainsight_url' is required "
                                               "(https://...)"));
    }
    tenant.gainsight_url = std::string(absl::StripSuffix(**url, "/"));
    auto key_file = reader->String(entry, "access_key_file");
    if (!key_file.ok()) return key_file.status();
    if (!key_file->has_value()) {
      return reader->Error(entry, absl::StrCat("tenant ", tenant.name,
                                               ": 'access_key_file' is "
                                               "required"));
    }
    absl::StatusOr<std::string> key = ReadKeyFile(**key_file);
    if (!key.ok()) {
      return reader->Error(
          entry["access_key_file"],
          absl::StrCat("tenant ", tenant.name, ": ", **key_file, ": ",
                       key.status().message()));
    }
    tenant.access_key = *std::move(key);
    auto limits = reader->String(entry, "limits");
    if (!limits.ok()) return limits.status();
    if (limits->has_value()) {
      absl::StatusOr<LimitsSpec> spec = ParseLimitsSpec(**limits);
      if (!spec.ok()) {
        return reader->Error(entry["limits"],
                             absl::StrCat("tenant ", tenant.name, ": ",
                                          spec.status().message()));
      }
      tenant.limits = *spec;
    }
    auto headroom = reader->Number(entry, "headroom");
    if (!headroom.ok()) return headroom.status();
    if (headroom->has_value()) {
      if (**headroom < 0 || **headroom >= 1) {
        return reader->Error(entry["headroom"],
                             "'headroom' must be a share from 0 to 1 "
                             "(exclusive)");
      }
      tenant.headroom = **headroom;
    }
    tenants.push_back(std::move(tenant));
  }
  if (tenants.empty()) return reader->Error(list, "no tenants");
  return tenants;
}

}  // namespace gg
