// What the Cockpit services (CTAs, tasks, Success Plans) share on the API
// side: their dependencies, request checks, and replies (list rows mapped to
// messages, write results). The Gainsight calls are in ops/.
#ifndef GAINSIGHT_GATEWAY_SERVER_API_COCKPIT_REPLIES_H_
#define GAINSIGHT_GATEWAY_SERVER_API_COCKPIT_REPLIES_H_

#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "api/idempotent_writes.h"
#include "api/page_token.h"
#include "api/unary_call.h"
#include "api/validation.h"
#include "common/status_details.h"
#include "gainsight/error_mapping.h"
#include "gainsight/query_body.h"
#include "google/protobuf/repeated_ptr_field.h"
#include "ops/cockpit_reads.h"
#include "ops/cockpit_write.h"
#include "ops/metadata_cache.h"
#include "ops/record_ops.h"

namespace gg {

// What every Cockpit service is built on.
struct CockpitServiceDeps {
  CockpitWriteDeps write;
  CockpitReads* reads = nullptr;
  ApiOptions api_options;
  int concurrency = 1;  // write calls of one request in flight
  // Runs creates that carry a request_id at most once.
  IdempotentWrites* idempotent = nullptr;
  // Looks up the companies CTAs name by name.
  RecordOps* records = nullptr;
  // Describes the objects whose fields list filters name.
  MetadataCache* metadata = nullptr;
};

template <typename Message>
using RowMapper = absl::Status (*)(const Json& row, Message* out);

// Appends `rows` to `out` through the object's mapping.
template <typename Message>
absl::Status FillFromRows(const std::vector<Json>& rows,
                          RowMapper<Message> from_row,
                          google::protobuf::RepeatedPtrField<Message>* out) {
  for (const Json& row : rows) {
    absl::Status s = from_row(row, out->Add());
    if (!s.ok()) {
      AttachErrorInfo(s, reason::kMalformed);
      return s;
    }
  }
  return absl::OkStatus();
}

// The names a list reads: the caller's `select` (after Gsid), or the
// object's default select when the caller names none.
inline void SetListSelect(
    const google::protobuf::RepeatedPtrField<std::string>& select,
    std::vector<std::string> default_select, CockpitListCall* list) {
  if (select.empty()) {
    list->own_select = default_select;
  } else {
    list->own_select = {kGsidField};
    list->caller_select.assign(select.begin(), select.end());
  }
  list->caller_select_field = "select";
  list->known_names = std::move(default_select);
}

// The names a get or a task list reads: the object's default select, and
// the caller's `extra_fields`.
inline void SetDefaultSelectAndExtraFields(
    std::vector<std::string> default_select,
    const google::protobuf::RepeatedPtrField<std::string>& extra_fields,
    CockpitListCall* list) {
  list->own_select = default_select;
  list->caller_select.assign(extra_fields.begin(), extra_fields.end());
  list->caller_select_field = "extra_fields";
  list->known_names = std::move(default_select);
}

// Reads one page into `out` and `next_page_token`, then replies on `call`.
template <typename Message>
void ReplyWithCockpitPage(CockpitReads* reads, UnaryCall* call,
                          CockpitListCall list, NumberedPage page,
                          RowMapper<Message> from_row,
                          google::protobuf::RepeatedPtrField<Message>* out,
                          std::string* next_page_token) {
  list.page_size = page.page_size;
  list.page_number = page.PageNumber();
  reads->List(std::move(list), call->context(),
              [call, from_row, out, next_page_token,
               page](absl::StatusOr<std::vector<Json>> rows) {
                if (!rows.ok()) {
                  call->Reply(rows.status());
                  return;
                }
                absl::Status s = FillFromRows(*rows, from_row, out);
                if (s.ok()) *next_page_token = page.NextToken(out->size());
                call->Reply(s);
              });
}

// Reads the record `gsid` into `out`, then replies on `call`; NOT_FOUND with
// `not_found_reason` when no record has that GSID.
template <typename Message>
void ReplyWithCockpitRecord(CockpitReads* reads, UnaryCall* call,
                            CockpitListCall list, const std::string& gsid,
                            RowMapper<Message> from_row, std::string what,
                            std::string not_found_reason, Message* out) {
  reads->Get(std::move(list), gsid, call->context(),
             [call, from_row, out, what = std::move(what),
              reason = std::move(not_found_reason)](
                 absl::StatusOr<std::optional<Json>> row) {
               if (!row.ok()) {
                 call->Reply(row.status());
                 return;
               }
               if (!row->has_value()) {
                 absl::Status s = absl::NotFoundError(
                     absl::StrCat("no ", what, " with that gsid"));
                 AttachErrorInfo(s, reason);
                 call->Reply(s);
                 return;
               }
               absl::Status s = from_row(**row, out);
               if (!s.ok()) AttachErrorInfo(s, reason::kMalformed);
               call->Reply(s);
             });
}

// Checks the `gsid` and `extra_fields` of a get request.
inline void CheckGetRequest(
    const std::string& gsid,
    const google::protobuf::RepeatedPtrField<std::string>& extra_fields,
    Violations& out) {
  if (!IsGsid(gsid)) {
    out.push_back({"gsid", kNotAGsid});
  }
  for (int i = 0; i < extra_fields.size(); ++i) {
    CheckFieldPath(extra_fields[i], absl::StrCat("extra_fields[", i, "]"), out);
  }
}

// Replies on `call` with a batch write's results in `response`.
template <typename Response>
auto ReplyWithWriteResults(UnaryCall* call, Response* response) {
  return [call, response](
             absl::StatusOr<std::vector<gainsight::v1::RecordResult>> results) {
    if (!results.ok()) {
      call->Reply(results.status());
      return;
    }
    for (auto& r : *results) *response->add_results() = std::move(r);
    call->Reply(absl::OkStatus());
  };
}

}  // namespace gg

#endif  // GAINSIGHT_GATEWAY_SERVER_API_COCKPIT_REPLIES_H_
