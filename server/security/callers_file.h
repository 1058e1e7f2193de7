// --callers-file: callers that authenticate with a bearer token
// (`authorization: Bearer TOKEN`). Only the SHA-256 of each token is
// stored; a caller may have several (for rotation). YAML or JSON:
//
//   callers:
//     - id: crm-sync
//       token_sha256:
//       6b3a55e0261b0304143f805a24924d0c1c44524821305f31d9277843b8a10f4e
//
// (`printf %s "$TOKEN" | sha256sum` gives the hash.)
#ifndef GAINSIGHT_GATEWAY_SERVER_SECURITY_CALLERS_FILE_H_
#define GAINSIGHT_GATEWAY_SERVER_SECURITY_CALLERS_FILE_H_

#include <string>

#include "absl/container/flat_hash_map.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "common/yaml_reader.h"

namespace gg {

struct CallerTokens {
  // Lower-case hex SHA-256 of a token -> the caller it names.
  absl::flat_hash_map<std::string, std::string> by_hash;
};

absl::StatusOr<CallerTokens> ParseCallers(const YamlReader& file);
absl::StatusOr<CallerTokens> ReadCallersFile(const std::string& path);

// Lower-case hex SHA-256 of `data`.
std::string Sha256Hex(absl::string_view data);

}  // namespace gg

#endif  // GAINSIGHT_GATEWAY_SERVER_SECURITY_CALLERS_FILE_H_
