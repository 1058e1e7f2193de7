// Opaque AIP-158 page tokens: the next offset plus a fingerprint of the
// query, so a token is refused when the query around it changed. Stable
// across replicas (no per-process hashing).
#ifndef GAINSIGHT_GATEWAY_SERVER_API_PAGE_TOKEN_H_
#define GAINSIGHT_GATEWAY_SERVER_API_PAGE_TOKEN_H_

#include <cstdint>
#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "google/protobuf/message.h"

namespace gg {

// Fingerprint of a query request: every field except page_size and
// page_token.
uint64_t QueryFingerprint(const google::protobuf::Message& request);

std::string EncodePageToken(int64_t offset, uint64_t fingerprint);

// The offset in `token` (0 for an empty token); INVALID_ARGUMENT with a
// BadRequest on `page_token` when it is malformed or from another query.
absl::StatusOr<int64_t> DecodePageToken(absl::string_view token,
                                        uint64_t fingerprint);

}  // namespace gg

#endif  // GAINSIGHT_GATEWAY_SERVER_API_PAGE_TOKEN_H_
