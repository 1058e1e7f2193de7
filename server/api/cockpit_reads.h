// Reads through the Cockpit list endpoints (CTAs, tasks, Success Plans),
// shared by their services: one page of a list, and one record by GSID.
// Rows become messages through the object's `from_row` mapping.
#ifndef GAINSIGHT_GATEWAY_SERVER_API_COCKPIT_READS_H_
#define GAINSIGHT_GATEWAY_SERVER_API_COCKPIT_READS_H_

#include <algorithm>
#include <string>
#include <utility>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "api/page_token.h"
#include "api/unary_call.h"
#include "api/validation.h"
#include "common/status_details.h"
#include "gainsight/client.h"
#include "gainsight/error_mapping.h"
#include "gainsight/query_body.h"
#include "google/protobuf/repeated_ptr_field.h"

namespace gg {

template <typename Message>
using RowMapper = absl::Status (*)(const Json& row, Message* out);

// Appends the rows of a list answer's `data` (an array) to `out`.
template <typename Message>
absl::Status FillFromRows(const Json& data, RowMapper<Message> from_row,
                          absl::string_view what,
                          google::protobuf::RepeatedPtrField<Message>* out) {
  if (!data.is_array()) {
    absl::Status s = absl::InternalError(
        absl::StrCat("Gainsight's ", what, " list is not an array"));
    AttachErrorInfo(s, reason::kMalformed);
    return s;
  }
  for (const Json& row : data) {
    absl::Status s = from_row(row, out->Add());
    if (!s.ok()) {
      AttachErrorInfo(s, reason::kMalformed);
      return s;
    }
  }
  return absl::OkStatus();
}

// The caller's select, or `default_select` when it is empty; Gsid always.
inline std::vector<std::string> SelectOrDefault(
    const google::protobuf::RepeatedPtrField<std::string>& select,
    std::vector<std::string> default_select) {
  if (select.empty()) return default_select;
  std::vector<std::string> names(select.begin(), select.end());
  if (std::find(names.begin(), names.end(), "Gsid") == names.end()) {
    names.insert(names.begin(), "Gsid");
  }
  return names;
}

// What one Cockpit list call reads.
struct CockpitListCall {
  EndpointId endpoint;
  std::vector<std::string> select;
  gainsight::v1::Filter filter;
  NumberedPage page;
  std::string what;  // "CTA", for errors
};

// Reads one page into `out` and `next_page_token`, then replies on `call`.
template <typename Message>
void ReplyWithCockpitPage(GainsightClient* client, UnaryCall* call,
                          CockpitListCall list, RowMapper<Message> from_row,
                          google::protobuf::RepeatedPtrField<Message>* out,
                          std::string* next_page_token) {
  GainsightCall upstream;
  upstream.endpoint = list.endpoint;
  upstream.body = BuildCockpitListBody(
      list.select, list.filter, list.page.page_size, list.page.PageNumber());
  client->Call(std::move(upstream), call->context(),
               [call, from_row, out, next_page_token, page = list.page,
                what = std::move(list.what)](UpstreamOutcome o) {
                 if (!o.status.ok()) {
                   call->Reply(o.status);
                   return;
                 }
                 absl::Status s = FillFromRows(o.data, from_row, what, out);
                 if (s.ok()) *next_page_token = page.NextToken(out->size());
                 call->Reply(s);
               });
}

// A filter on these GSIDs (EQ for one, IN for several).
inline gainsight::v1::Filter GsidFilter(const std::vector<std::string>& gsids) {
  gainsight::v1::Filter filter;
  auto* c = filter.add_conditions();
  c->set_field("Gsid");
  c->set_operator_(gsids.size() == 1 ? gainsight::v1::OPERATOR_EQ
                                     : gainsight::v1::OPERATOR_IN);
  for (const std::string& gsid : gsids) c->add_values()->set_string_value(gsid);
  return filter;
}

// Reads the record `gsid` into `out`, then replies on `call`; NOT_FOUND with
// `not_found_reason` when no record has that GSID.
template <typename Message>
void ReplyWithCockpitRecord(GainsightClient* client, UnaryCall* call,
                            EndpointId endpoint,
                            std::vector<std::string> select,
                            const std::string& gsid,
                            RowMapper<Message> from_row, std::string what,
                            std::string not_found_reason, Message* out) {
  GainsightCall upstream;
  upstream.endpoint = endpoint;
  upstream.body = BuildCockpitListBody(select, GsidFilter({gsid}), 1, 1);
  client->Call(
      std::move(upstream), call->context(),
      [call, from_row, out, what = std::move(what),
       reason = std::move(not_found_reason)](UpstreamOutcome o) {
        if (!o.status.ok()) {
          call->Reply(o.status);
          return;
        }
        google::protobuf::RepeatedPtrField<Message> rows;
        absl::Status s = FillFromRows(o.data, from_row, what, &rows);
        if (s.ok() && rows.empty()) {
          s = absl::NotFoundError(absl::StrCat("no ", what, " with that gsid"));
          AttachErrorInfo(s, reason);
        }
        if (s.ok()) *out = rows[0];
        call->Reply(s);
      });
}

// Checks the `gsid` and `extra_fields` of a get request.
inline void CheckGetRequest(
    const std::string& gsid,
    const google::protobuf::RepeatedPtrField<std::string>& extra_fields,
    Violations& out) {
  if (!IsGsid(gsid)) {
    out.push_back({"gsid", "must be a GSID (letters and digits)"});
  }
  for (int i = 0; i < extra_fields.size(); ++i) {
    CheckFieldPath(extra_fields[i], absl::StrCat("extra_fields[", i, "]"), out);
  }
}

}  // namespace gg

#endif  // GAINSIGHT_GATEWAY_SERVER_API_COCKPIT_READS_H_
