#include "api/page_token.h"

#include <algorithm>
#include <memory>

#include "absl/base/internal/endian.h"
#include "absl/strings/escaping.h"
#include "absl/strings/str_cat.h"
#include "common/status_details.h"
#include "gainsight/endpoints.h"
#include "google/protobuf/io/coded_stream.h"
#include "google/protobuf/io/zero_copy_stream_impl_lite.h"

namespace gg {
namespace {

constexpr char kVersion = 1;
// Tokens this gateway issues are 23 characters; anything much longer is not
// decoded at all.
constexpr size_t kMaxPageTokenLength = 64;

uint64_t Fnv1a(absl::string_view bytes) {
  uint64_t hash = 1469598103934665603ull;
  for (unsigned char c : bytes) {
    hash ^= c;
    hash *= 1099511628211ull;
  }
  return hash;
}

absl::Status BadToken(absl::string_view why) {
  return InvalidArgument({{"page_token", std::string(why)}});
}

}  // namespace

uint64_t QueryFingerprint(const google::protobuf::Message& request) {
  std::unique_ptr<google::protobuf::Message> copy(request.New());
  copy->CopyFrom(request);
  const auto* d = copy->GetDescriptor();
  for (const char* name : {"page_size", "page_token"}) {
    if (const auto* f = d->FindFieldByName(name)) {
      copy->GetReflection()->ClearField(copy.get(), f);
    }
  }
  std::string bytes;
  {
    google::protobuf::io::StringOutputStream stream(&bytes);
    google::protobuf::io::CodedOutputStream out(&stream);
    out.SetSerializationDeterministic(true);
    copy->SerializeToCodedStream(&out);
  }
  return Fnv1a(bytes);
}

std::string EncodePageToken(int64_t offset, uint64_t fingerprint) {
  char raw[17];
  raw[0] = kVersion;
  absl::big_endian::Store64(raw + 1, static_cast<uint64_t>(offset));
  absl::big_endian::Store64(raw + 9, fingerprint);
  return absl::WebSafeBase64Escape(absl::string_view(raw, sizeof(raw)));
}

absl::StatusOr<int64_t> DecodePageToken(absl::string_view token,
                                        uint64_t fingerprint) {
  if (token.empty()) return 0;
  if (token.size() > kMaxPageTokenLength) {
    return BadToken("is not a page token this gateway issued");
  }
  std::string raw;
  if (!absl::WebSafeBase64Unescape(token, &raw) || raw.size() != 17 ||
      raw[0] != kVersion) {
    return BadToken("is not a page token this gateway issued");
  }
  if (absl::big_endian::Load64(raw.data() + 9) != fingerprint) {
    return BadToken(
        "belongs to a different query: keep select, filter and order_by as "
        "they were for the first page");
  }
  int64_t offset =
      static_cast<int64_t>(absl::big_endian::Load64(raw.data() + 1));
  if (offset < 0) return BadToken("is not a page token this gateway issued");
  return offset;
}

int OffsetPage::QueryLimit() const {
  return std::min(page_size + 1, kMaxQueryLimit);
}

size_t OffsetPage::Keep(size_t rows) const {
  return std::min(rows, static_cast<size_t>(page_size));
}

std::string OffsetPage::NextToken(size_t rows) const {
  const bool more = rows > static_cast<size_t>(page_size) ||
                    (page_size == kMaxQueryLimit && rows == kMaxQueryLimit);
  if (!more) return "";
  return EncodePageToken(offset + static_cast<int64_t>(Keep(rows)),
                         fingerprint);
}

OffsetPage ReadPage(const google::protobuf::Message& request, int page_size,
                    absl::string_view page_token, int default_page_size,
                    int max_page_size,
                    std::vector<FieldViolation>& violations) {
  OffsetPage page;
  if (page_size < 0) {
    violations.push_back({"page_size", "must not be negative"});
    page_size = 0;
  }
  // AIP-158: a page past the maximum is cut to it, not refused.
  page.page_size =
      page_size == 0 ? default_page_size : std::min(page_size, max_page_size);
  page.fingerprint = QueryFingerprint(request);
  absl::StatusOr<int64_t> offset =
      DecodePageToken(page_token, page.fingerprint);
  if (offset.ok()) {
    page.offset = *offset;
  } else {
    google::rpc::BadRequest bad;
    GetBadRequest(offset.status(), &bad);
    for (const auto& v : bad.field_violations()) {
      violations.push_back({v.field(), v.description()});
    }
  }
  return page;
}

std::string NumberedPage::NextToken(size_t rows) const {
  if (rows < static_cast<size_t>(page_size)) return "";
  return EncodePageToken(offset + page_size, fingerprint);
}

NumberedPage ReadNumberedPage(const google::protobuf::Message& request,
                              int page_size, absl::string_view page_token,
                              int default_page_size, int max_page_size,
                              std::vector<FieldViolation>& violations) {
  NumberedPage page;
  const OffsetPage offset_page =
      ReadPage(request, page_size, page_token, default_page_size, max_page_size,
               violations);
  page.page_size = offset_page.page_size;
  page.offset = offset_page.offset;
  page.fingerprint = offset_page.fingerprint;
  if (page.offset % page.page_size != 0) {
    violations.push_back(
        {"page_size", "must not change between pages of one listing"});
  }
  return page;
}

}  // namespace gg
