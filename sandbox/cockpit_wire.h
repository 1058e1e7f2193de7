// What the Cockpit and Success Plan APIs share on the wire: the write body
// {"requests":[{"record":{...}}]} and its per-record answers, the list body
// {select, where{conditions[{fieldName,...}], expression}, pageSize,
// pageNumber}, ISO date encoding, and GSID lookups in the store. Shapes are
// the endpoint table's decisions (server/gainsight/endpoints.cc).
#ifndef GAINSIGHT_GATEWAY_SANDBOX_COCKPIT_WIRE_H_
#define GAINSIGHT_GATEWAY_SANDBOX_COCKPIT_WIRE_H_

#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "absl/functional/function_ref.h"
#include "absl/strings/string_view.h"
#include "sandbox/http_message.h"
#include "sandbox/json.h"
#include "sandbox/query.h"
#include "sandbox/sandbox_options.h"
#include "sandbox/schema.h"
#include "sandbox/store.h"
#include "sandbox/value.h"

namespace gg::sandbox {

// The outcome of one record of a write: a GSID, or an error on a field.
struct RecordOutcome {
  std::string gsid;
  std::string field;
  std::string code;  // empty on success
  std::string desc;

  bool ok() const { return code.empty(); }
  static RecordOutcome Failed(std::string field, std::string code,
                              std::string desc) {
    return {"", std::move(field), std::move(code), std::move(desc)};
  }
};

// Checks the {"requests":[{"record":{...}}]} wrapper (1 to 50 requests); the
// records on success, else the 400 GSOBJ_1008 answer.
std::optional<HttpResponse> ParseWriteRequests(
    const Json& body, std::vector<const Json*>* records);

// The record's referenceId, or its index as a string when it has none.
Json ReferenceIdOf(const Json& record, size_t index);

// {"referenceId", "success": true, "Gsid"} or {"referenceId", "success":
// false, "fieldName", "errorCode", "errorDesc"}.
Json RecordResultJson(const Json& reference, const RecordOutcome& outcome);

// The 200 answer of a Cockpit write: one (referenceId, outcome) per record,
// in the shape the sandbox is set to (SandboxOptions::cockpit_answer).
HttpResponse CockpitWriteResponse(
    const std::vector<std::pair<Json, RecordOutcome>>& outcomes,
    CockpitAnswerShape shape);

// "2026-06-30" and "2026-02-01T10:15:30.120Z".
std::string FormatCockpitDate(int64_t epoch_ms);
std::string FormatCockpitInstant(int64_t epoch_ms);

// A field value as the Cockpit APIs answer it: ISO dates, whole numbers as
// integers, null for null.
Json CockpitValue(const FieldDef& field, const Value& value);

// A parsed list body.
struct CockpitListRequest {
  std::vector<std::string> select;  // canonical keys, in request order
  QueryPlan where;                  // only its where part is used
  int64_t page_size = 100;
  int64_t page_number = 1;  // 1-based
};

// Parses a list body over `object`'s fields. `canonical` maps a select
// entry to the key the rows use, or nullopt for an unknown field (400
// COCKPIT_5101 with data {}). Other errors are 400 GSOBJ_1008 (or the query
// language's codes for the where).
std::optional<HttpResponse> ParseCockpitList(
    const Json& body, const ObjectDef& object, int64_t max_page_size,
    absl::FunctionRef<std::optional<std::string>(const std::string&)> canonical,
    CockpitListRequest* out);

// The rows of `object` that match the request's where, on its page, in
// insertion order (copies, so callers may read the store again).
std::vector<Row> CockpitPage(const Store& store, const ObjectDef& object,
                             const CockpitListRequest& request);

// 200 with `rows`; a deleted list adds top-level pageSize and
// currentPageNum.
HttpResponse CockpitListResponse(Json rows, const CockpitListRequest& request,
                                 bool deleted);

// The row of `object` whose Gsid is `gsid`, if any.
std::optional<Row> FindByGsid(const Store& store, const ObjectDef& object,
                              absl::string_view gsid);

}  // namespace gg::sandbox

#endif  // GAINSIGHT_GATEWAY_SANDBOX_COCKPIT_WIRE_H_
