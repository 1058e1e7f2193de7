#include "security/callers_file.h"

#include <openssl/evp.h>

#include "absl/strings/ascii.h"
#include "absl/strings/escaping.h"
#include "absl/strings/str_cat.h"
#include "security/policy_file.h"

namespace gg {

std::string Sha256Hex(absl::string_view data) {
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int length = 0;
  EVP_Digest(data.data(), data.size(), digest, &length, EVP_sha256(), nullptr);
  return absl::BytesToHexString(absl::string_view(
      reinterpret_cast<const char*>(digest), static_cast<size_t>(length)));
}

absl::StatusOr<CallerTokens> ParseCallers(const YamlReader& file) {
  const YAML::Node& root = file.root();
  if (absl::Status s = file.ExpectMap(root, "the callers file", {"callers"});
      !s.ok()) {
    return s;
  }
  const YAML::Node callers = root["callers"];
  if (absl::Status s = file.ExpectList(callers, "'callers'"); !s.ok()) return s;
  CallerTokens tokens;
  for (const YAML::Node& node : callers) {
    if (absl::Status s =
            file.ExpectMap(node, "a caller", {"id", "token_sha256"});
        !s.ok()) {
      return s;
    }
    auto id = file.String(node, "id");
    if (!id.ok()) return id.status();
    if (!id->has_value() || !IsCallerId(**id) || **id == "*") {
      return file.Error(node,
                        "'id' is required: printable, no spaces, at most 256 "
                        "characters");
    }
    auto hash = file.String(node, "token_sha256");
    if (!hash.ok()) return hash.status();
    // Never echoes the value: it is a secret's hash.
    if (!hash->has_value() || (*hash)->size() != 64 ||
        !std::all_of((*hash)->begin(), (*hash)->end(),
                     [](char c) { return absl::ascii_isxdigit(c); })) {
      return file.Error(node, absl::StrCat("caller ", **id,
                                           ": 'token_sha256' must be 64 hex "
                                           "digits (the token's SHA-256)"));
    }
    std::string key = absl::AsciiStrToLower(**hash);
    if (!tokens.by_hash.emplace(key, **id).second) {
      return file.Error(
          node, absl::StrCat("caller ", **id, ": the token is listed twice"));
    }
  }
  return tokens;
}

absl::StatusOr<CallerTokens> ReadCallersFile(const std::string& path) {
  absl::StatusOr<YamlReader> file = YamlReader::Open(path);
  if (!file.ok()) return file.status();
  return ParseCallers(*file);
}

}  // namespace gg
