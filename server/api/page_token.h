// Opaque AIP-158 page tokens: the next offset plus a fingerprint of the
// query, so a token is refused when the query around it changed. Stable
// across replicas (no per-process hashing).
#ifndef GAINSIGHT_GATEWAY_SERVER_API_PAGE_TOKEN_H_
#define GAINSIGHT_GATEWAY_SERVER_API_PAGE_TOKEN_H_

#include <cstdint>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "common/status_details.h"
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

// One page of an offset-paged Gainsight query. Gainsight is asked for one row
// more than the page, which tells whether another page follows.
struct OffsetPage {
  int page_size = 0;
  int64_t offset = 0;
  uint64_t fingerprint = 0;

  // The `limit` to ask Gainsight for.
  int QueryLimit() const;
  // How many of the `rows` Gainsight returned belong on this page.
  size_t Keep(size_t rows) const;
  // The next page's token after `rows` came back; empty on the last page.
  std::string NextToken(size_t rows) const;
};

// Reads `page_size` (0: `default_page_size`; past `max_page_size`, cut to it
// as AIP-158 asks; negative, a violation) and `page_token` of a query
// request. Bad values add their violations to `violations`.
OffsetPage ReadPage(const google::protobuf::Message& request, int page_size,
                    absl::string_view page_token, int default_page_size,
                    int max_page_size, std::vector<FieldViolation>& violations);

// One page of a Gainsight list that pages by number (the Cockpit lists,
// playbooks). Numbered pages only line up while the page size stays the
// same, so a token from another page size is refused. Gainsight tells no
// total: a full page may have a next one, which may come back empty.
struct NumberedPage {
  int page_size = 0;
  int64_t offset = 0;
  uint64_t fingerprint = 0;

  // The 1-based page number to ask for.
  int64_t PageNumber() const { return offset / page_size + 1; }
  // The next page's token after `rows` came back; empty on the last page.
  std::string NextToken(size_t rows) const;
};

// Reads `page_size` (0: `default_page_size`; past `max_page_size`, cut to
// it; negative, a violation) and `page_token` of a list request. Bad values
// add their violations.
NumberedPage ReadNumberedPage(const google::protobuf::Message& request,
                              int page_size, absl::string_view page_token,
                              int default_page_size, int max_page_size,
                              std::vector<FieldViolation>& violations);

}  // namespace gg

#endif  // GAINSIGHT_GATEWAY_SERVER_API_PAGE_TOKEN_H_
