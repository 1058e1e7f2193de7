#include "gainsight/endpoints.h"

#include <cctype>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"

namespace gg {

const std::vector<Endpoint>& AllEndpoints() {
  // Evidence for each row, graded and sourced: docs/gainsight-contract.md.
  static const auto* kEndpoints = new std::vector<Endpoint>{
      // [DOC] method and 50-record limit; [CODE] path. A rejection answers
      // data.errors per record in input order ([CODE] a real tenant's 400)
      // or, tolerated, indexed: ParseRecordErrors reads both.
      {EndpointId::kObjectInsert, HttpMethod::kPost,
       "/v1/data/objects/{object}", CallClass::kSync, false, 50},
      // [CODE] path and ?keys=; a keyed update can be repeated safely.
      {EndpointId::kObjectUpdate, HttpMethod::kPut, "/v1/data/objects/{object}",
       CallClass::kSync, true, 50},
      // [DOC-copy] path and body.
      {EndpointId::kObjectQuery, HttpMethod::kPost,
       "/v1/data/objects/query/{object}", CallClass::kSync, true, 0},
      // Decision ([2ND], UNCONFIRMED): one GSID in the path, no body.
      {EndpointId::kObjectDelete, HttpMethod::kDelete,
       "/v1/data/objects/{object}/{gsid}", CallClass::kSync, true, 0},
      // [DOC-copy] path (§7.1), called without its optional parameters.
      {EndpointId::kObjectList, HttpMethod::kGet,
       "/v1/meta/services/objects/list", CallClass::kSync, true, 0},
      // [CODE] path, called with the flags real clients send
      // (kDescribeQuery: ic=false&cl=0&idd=false&ihc=false&piec=false); the
      // object is the answer's entry of its name, not data[0].
      {EndpointId::kObjectDescribe, HttpMethod::kGet,
       "/v1/meta/services/objects/{object}/describe", CallClass::kSync, true,
       0},
      // [DOC-copy] the Data Management page's "Get API - categoryID": the
      // category's `childItems` (`gsid`, `name`, `active`, ...). Called for
      // a picklist field whose describe lists no `options` (a live describe
      // answered `options: []` for one, tap-gainsight
      // describe_picklist_fields_live.json); path: contract review §4.
      {EndpointId::kDropdownItems, HttpMethod::kGet,
       "/v1/meta/services/dropdowns/{category}", CallClass::kSync, true, 0},
      // People API, evidence: ../shared/gainsight-api/person-relationship.md
      // §3. Reads of Person and Company_Person use kObjectQuery (§3.6).
      // [CODE] PUT, path, and a single-object body keyed on Email; one
      // person per call. Decision: idempotent (the same body again finds
      // the person by Email and changes nothing more). The answer's data is
      // UNCONFIRMED (no public source shows it): any 2xx is a success; the
      // GSID is read from the shapes UpsertedPersonGsid accepts, else read
      // back by Email. The sandbox answers the person as stored, with Gsid
      // and its companies[] rows (or null, a variant). Unknown company: 400
      // GSOBJ_PEOPLE1001, nothing written.
      {EndpointId::kPeopleUpsert, HttpMethod::kPut,
       "/v1/peoplemgmt/v1.0/people", CallClass::kSync, true, 1},
      // Decision (UNCONFIRMED, probably wrong): the evidence names a "Person
      // Delete API ... to delete Person records" (IBM deletePersonsRecords)
      // and calls it asynchronous with status tracking (a [SEC] digest); no
      // public source has its path, body or answer. This row is the one
      // place to change when a tenant shows it; until then a tenant without
      // the route answers 404 GS_APIG_1000 (UNIMPLEMENTED for callers). One
      // person by GSID in the path, no body, any 2xx answer; whether the
      // person's Company_Person rows go with it is undocumented (the
      // sandbox deletes them). Unknown GSID: 400 GSOBJ_1011.
      {EndpointId::kPeopleDelete, HttpMethod::kDelete,
       "/v1/peoplemgmt/v1.0/people/{gsid}", CallClass::kSync, true, 0},
      // Cockpit, evidence: ../shared/gainsight-api/cta-task-playbook.md.
      // [SECONDARY] GET path and its ?category=...&et=COMPANY parameters
      // (§3.5). Decision (response UNCONFIRMED): data is an object keyed by
      // category (CTA_TYPE, CTA_STATUS, CTA_PRIORITY, CTA_REASON), each an
      // array of items {gsid, name, systemName, active, displayOrder,
      // typeName}; typeName is "ALL_CTA_TYPE" or the name of the one CTA
      // type the item is scoped to; status items also carry `closed`.
      {EndpointId::kCtaConfig, HttpMethod::kGet,
       "/v2/cockpit/admin/picklist/lite", CallClass::kSync, true, 0},
      // Success Plan API, evidence:
      // ../shared/gainsight-api/successplan-bulk-limits.md §2. Cockpit
      // shapes: dates are ISO strings ("2026-06-30", "...T10:15:30.120Z").
      // [CODE] path, body {select, where{conditions[{fieldName, alias,
      // operator, value}], expression}, pageSize, pageNumber (1-based)};
      // data is an array, empty past the last page. Decision (trailing
      // slash seen both ways): sent without it. Decision (page size
      // UNCONFIRMED): at most kMaxSuccessPlanPageSize. Decision (select
      // error code UNCONFIRMED): an unknown select field is 400
      // COCKPIT_5101 (the CTA sibling's code).
      {EndpointId::kSuccessPlanList, HttpMethod::kPost, "/v2/successPlan/list",
       CallClass::kSync, true, 0},
      // [SEC] path; same body and data as the list. Decision: the answer
      // adds top-level pageSize and currentPageNum ([DOC-sibling] CTA).
      {EndpointId::kSuccessPlanDeletedList, HttpMethod::kPost,
       "/v2/successPlan/deleted/list", CallClass::kSync, true, 0},
      // [SEC] path and {"requests":[{"record":{...}}]}. Decision (per-call
      // maximum UNCONFIRMED): 50 records, the general sync cap. Decision
      // (type/status by name UNCONFIRMED): the gateway resolves labels
      // itself and sends SuccessPlanTypeId and StatusId GSIDs; the owner
      // is OwnerId (a GSID). Decision (answer UNCONFIRMED): data is an
      // array, one entry per request in order: {"referenceId", "success":
      // true, "Gsid"} or {"referenceId", "success": false, "fieldName",
      // "errorCode", "errorDesc"}; records fail alone. A company that does
      // not exist: GSOBJ_1011 on CompanyId. A bad body: 400 GSOBJ_1008.
      {EndpointId::kSuccessPlanCreate, HttpMethod::kPost, "/v2/successPlan",
       CallClass::kSync, false, 50},
      // [SEC] path, same wrapper, each record with Gsid. Decision: answers
      // like create; a Gsid that matches no plan fails its record with
      // GSOBJ_1011 on Gsid. Repeating an update changes nothing more.
      {EndpointId::kSuccessPlanUpdate, HttpMethod::kPut, "/v2/successPlan",
       CallClass::kSync, true, 50},
      // [SEC] path, ?category=<comma list>&et=COMPANY. Decision (status
      // category and answer UNCONFIRMED): categories SUCCESS_PLAN_TYPE and
      // SUCCESS_PLAN_STATUS; data maps each asked category to its items
      // [{"gsid", "name", "systemName", "active", "default",
      // "displayOrder"}], statuses adding "closed". et=RELATIONSHIP is
      // accepted (same lists); any other et or category is 400 GSOBJ_1008.
      {EndpointId::kSuccessPlanPicklist, HttpMethod::kGet,
       "/v2/successPlan/admin/picklist/lite", CallClass::kSync, true, 0},
      // Cockpit CTAs and tasks, evidence:
      // ../shared/gainsight-api/cta-task-playbook.md. Shared decisions:
      //  - writes take {"requests":[{"record":{...}}]} and answer like the
      //    Success Plan writes: data is an array, one entry per request in
      //    order, {"referenceId", "success": true, "Gsid"} or
      //    {"referenceId", "success": false, "fieldName", "errorCode",
      //    "errorDesc"}; records fail alone;
      //  - the gateway resolves labels and owner emails itself and sends
      //    GSIDs: TypeId, StatusId, PriorityId, ReasonId, OwnerId (the
      //    digest's by-name keys and lookups blocks are [SECONDARY]);
      //  - record errors: a missing required field is COCKPIT_9700, a GSID
      //    that names nothing (company, owner, picklist item, playbook,
      //    plan, CTA, task) or a reason/status the type does not allow is
      //    GSOBJ_1011, both with fieldName; an unknown field is 400
      //    GSOBJ_1008 for the whole call;
      //  - dates are "yyyy-MM-dd", times ISO with millis and Z.
      // [SEC] path. Record keys: Name, CompanyId, RelationshipId, TypeId,
      // StatusId, PriorityId, ReasonId, OwnerId, DueDate, Comments,
      // IsImportant, PlaybookId, SuccessPlanId, custom *__gc. Decision:
      // a PlaybookId turns each of the playbook's task templates into a
      // task of the CTA (due = today + dueDays, owner = the template's or
      // the CTA's); a SuccessPlanId must name a plan of the same company.
      {EndpointId::kCtaCreate, HttpMethod::kPost, "/v2/cockpit/cta",
       CallClass::kSync, false, 50},
      // [SEC] path and wrapper, each record with Gsid. Decision (cascade
      // parameter names UNCONFIRMED): query parameters
      // dueDateCascade=NO|ALL_OPEN_TASKS|PLAYBOOK_TASKS and
      // ownerCascade=NO|OWNER|ALL_OPEN_TASKS, always sent. A PlaybookId is
      // applied only to a CTA without one (ignored otherwise). A closed
      // status closes the CTA (IsClosed, ClosedDate); an open one reopens
      // it. Unknown Gsid: GSOBJ_1011 on Gsid.
      {EndpointId::kCtaUpdate, HttpMethod::kPut, "/v2/cockpit/cta",
       CallClass::kSync, true, 50},
      // [DOC-COPY] path and body {select, where{conditions[{fieldName,
      // alias, operator, value[]}], expression}, pageSize, pageNumber};
      // data is a flat array of rows with the default fields always
      // present (Gsid, Name, CompanyId, CompanyId__gr.Name, EntityType,
      // TypeId, TypeId__gr.Name, StatusId, StatusId__gr.Name, PriorityId,
      // PriorityId__gr.Name, ReasonId, ReasonId__gr.Name, OwnerId,
      // OwnerId__gr.Email, OwnerId__gr.Name, DueDate, IsClosed,
      // IsImportant), null fields omitted. Unknown select field: 400
      // COCKPIT_5101. Decision: rows come in creation order.
      {EndpointId::kCtaList, HttpMethod::kPost, "/v2/cockpit/cta/list",
       CallClass::kSync, true, 0},
      // [DOC] path, same body; the answer adds pageSize and currentPageNum.
      {EndpointId::kCtaDeletedList, HttpMethod::kPost,
       "/v2/cockpit/cta/deleted/list", CallClass::kSync, true, 0},
      // Decision (path and body UNCONFIRMED): the CTA write wrapper. Record
      // keys: CtaId (required, must exist), Name (required), Description,
      // TypeId, StatusId, PriorityId, OwnerId (empty: the CTA's owner),
      // DueDate (required), custom *__gc. A CtaId that names no CTA:
      // GSOBJ_1011 on CtaId.
      {EndpointId::kTaskCreate, HttpMethod::kPost, "/v2/cockpit/task",
       CallClass::kSync, false, 50},
      // Decision (UNCONFIRMED): PUT, records by Gsid; CtaId cannot change.
      {EndpointId::kTaskUpdate, HttpMethod::kPut, "/v2/cockpit/task",
       CallClass::kSync, true, 50},
      // [SEC] POST path. Decision (body UNCONFIRMED): the CTA list body over
      // task fields (the gateway sends CtaId EQ one GSID); rows carry Gsid,
      // CtaId, CompanyId, Name, Description, TypeId(__gr.Name),
      // StatusId(__gr.Name), PriorityId(__gr.Name), OwnerId, OwnerId__gr.Email,
      // OwnerId__gr.Name, DueDate, PlaybookId, IsClosed, ClosedDate,
      // CreatedDate, ModifiedDate; creation order.
      {EndpointId::kTaskList, HttpMethod::kPost, "/v2/cockpit/task/list",
       CallClass::kSync, true, 0},
      // Decision (UNCONFIRMED): the CTA configuration endpoint with
      // ?category=TASK_TYPE,TASK_STATUS,TASK_PRIORITY&et=COMPANY; items as
      // there (typeName always ALL_CTA_TYPE), statuses with `closed`.
      {EndpointId::kTaskConfig, HttpMethod::kGet,
       "/v2/cockpit/admin/picklist/lite", CallClass::kSync, true, 0},
      // Decision (path, parameters and answer UNCONFIRMED: no source has
      // them): GET with ?pageSize=&pageNumber= (1-based) and optional
      // ctaTypeId=<GSID> (that type's playbooks and those for every type),
      // entityType=COMPANY|RELATIONSHIP, includeInactive=true. data is an
      // array by name of {gsid, name, description, ctaTypeId, ctaTypeName
      // (both absent for every type), entityType, active, taskCount,
      // createdDate, modifiedDate}.
      {EndpointId::kPlaybookList, HttpMethod::kGet, "/v2/cockpit/playbook",
       CallClass::kSync, true, 0},
      // Decision (UNCONFIRMED): one playbook as in the list plus "tasks":
      // [{gsid, name, description, typeName, priorityName, ownerEmail,
      // dueDays, position (from 1)}] in playbook order. Unknown GSID: 400
      // GSOBJ_1011.
      {EndpointId::kPlaybookGet, HttpMethod::kGet,
       "/v2/cockpit/playbook/{gsid}", CallClass::kSync, true, 0},
      // Bulk API import, evidence: ../shared/gainsight-api/
      // successplan-bulk-limits.md §3 and contract-review-2026-12.md §1 row 1,
      // §2.8. [CODE] path, multipart/form-data with parts `file` (the CSV,
      // UTF-8, header row, RFC 4180) and `jobId` (the data job an admin
      // configured); counts as an asynchronous call. [CODE][DOC] it
      // authenticates as the GS Bulk API connection: that connection's own
      // access key in `accessKey`, with `appOrgId` and `loginName` (every
      // published cURL sends the three; bulk_wire_names.h). [DOC] success is
      // result true with a Request ID and a Status ID; Decision (key names
      // UNCONFIRMED): data {"statusId", "statusUrl"}, read leniently
      // (bulk_wire.cc). A CSV without data rows: 200 with result false,
      // GS_7571 ([CODE] code). Decision (UNCONFIRMED): an unknown jobId is
      // 400 GS_7572, a file over kMaxBulkImportBytes is 413 GS_7573, a CSV
      // that cannot be parsed is 400 GS_7574; nothing is loaded then. Not
      // idempotent: a second upload of the same rows loads them again (for
      // an insert data job), and Gainsight offers no lookup of an upload
      // whose answer was lost.
      {EndpointId::kBulkImport, HttpMethod::kPost,
       "/v1.0/admin/connector/job/bulkimport", CallClass::kBulk, false, 0,
       Auth::kBulkApiConnection},
      // [DOC] path and the states INIT, IN_PROGRESS, COMPLETED; [DOC] the
      // header table lists no auth header: Decision: the connection's
      // headers are sent, as on the upload. Decision (fields UNCONFIRMED):
      // data {"statusId", "jobId", "jobStatus", "totalCount",
      // "successCount", "failureCount", "errors": [{"rowNumber" (data row
      // from 1), "fieldName", "errorCode", "errorDesc"}]}; the gateway also
      // reads `status`, a processed `Count` and `errorDetails`
      // (bulk_wire.cc). Counts as a sync call ([UNCONFIRMED], §5.3).
      // Unknown statusId: 404 GS_7575.
      {EndpointId::kBulkImportStatus, HttpMethod::kGet,
       "/v1.0/admin/connector/job/bulkimport/status/{statusId}",
       CallClass::kSync, true, 0, Auth::kBulkApiConnection},
      // Bulk REST export, evidence: same digest §4, review §1 row 2. [DOC]
      // path, MDA query body (select, where, orderBy, limit, offset);
      // asynchronous class; [DOC] header list: the key in `authentication`
      // (prose: `accesskey`): both are sent. [SEC] answer: a job id and a
      // status URL (Decision: data {"jobId", "statusURL"}, read
      // leniently).
      {EndpointId::kBulkExportSubmit, HttpMethod::kPost,
       "/v3/exports/data/bulk/{object}", CallClass::kBulk, false, 0,
       Auth::kBulkExportKey},
      // [DOC] three steps: the status is read from the URL the submit
      // answer returns (relative or absolute; followed on the tenant's host
      // only), never from a path built here. [SEC] data {"jobId",
      // "jobStatus" (SUBMITTED, NOT_STARTED, IN_PROGRESS, COMPLETED,
      // FAILED, ABORTED), "totalRecords", "chunkDetails": [{"chunkURL",
      // "offset", "limit"}]}, kBulkExportChunkRows-row chunks. Sync class.
      {EndpointId::kBulkExportStatus, HttpMethod::kGet, "{statusURL}",
       CallClass::kSync, true, 0, Auth::kBulkExportKey},
      // [DOC] each chunk from its `chunkURL`: CSV, header row of the select
      // strings, RFC 4180; sent with the doc's Accept list, not
      // `application/json` alone. Sync class (whether chunks count as async
      // is UNCONFIRMED; default: no).
      {EndpointId::kBulkExportChunk, HttpMethod::kGet, "{chunkURL}",
       CallClass::kSync, true, 0, Auth::kBulkExportKey},
      // People API bulk (asynchronous) upsert, evidence:
      // ../shared/gainsight-api/person-relationship.md §3.5. [2ND] up to 50
      // people a call, answered at once with a status id, counted as an
      // asynchronous call. Decision (path UNCONFIRMED, the digest's [2ND]
      // guess): PUT .../people/async. Decision (body UNCONFIRMED): {"records":
      // [person, ...]}, each person shaped as for kPeopleUpsert (Email the
      // key, companies[] with Company_ID); values may come as text and are
      // read per the field's data type, as in a Bulk API CSV. Decision
      // (answer UNCONFIRMED): data {"statusId"}. A body that is not a list of
      // 1 to 50 objects: 400 GSOBJ_VCRUDR1001, nothing is loaded. Not
      // idempotent (the status id is new each time).
      {EndpointId::kPeopleAsyncUpsert, HttpMethod::kPut,
       "/v1/peoplemgmt/v1.0/people/async", CallClass::kBulk, false,
       kMaxPeopleAsyncRecords},
      // Decision (path and fields UNCONFIRMED; [2ND] the states INIT,
      // INPROGRESS, COMPLETED, a processed Count, per-record error details
      // with row, field, values and code, the upserted people): data
      // {"statusId", "status", "totalCount", "successCount", "failureCount",
      // "errorDetails": [{"rowNumber" (record from 1), "fieldName",
      // "errorCode", "errorMessage"}], "people": [{"Gsid", "Email"}]}; the
      // gateway also reads a processed `Count` without success/failure
      // counts (bulk_wire.cc). Counts and lists are final only with
      // COMPLETED. Each record is upserted on its own (a bad record fails
      // alone). FAILED is never answered. Sync class, like
      // kBulkImportStatus. Unknown statusId: 404 GS_7575.
      {EndpointId::kPeopleAsyncStatus, HttpMethod::kGet,
       "/v1/peoplemgmt/v1.0/people/async/status/{statusId}", CallClass::kSync,
       true, 0},
  };
  return *kEndpoints;
}

const Endpoint& GetEndpoint(EndpointId id) {
  for (const Endpoint& e : AllEndpoints()) {
    if (e.id == id) return e;
  }
  // Every EndpointId has a row; reaching here is a programming error.
  std::abort();
}

absl::string_view CockpitListObject(EndpointId list) {
  switch (list) {
    case EndpointId::kCtaList:
    case EndpointId::kCtaDeletedList:
      return "call_to_action";
    case EndpointId::kTaskList:
      return "cs_task";
    case EndpointId::kSuccessPlanList:
    case EndpointId::kSuccessPlanDeletedList:
      return "cta_group";
    default:
      return "";
  }
}

namespace {

std::string UrlEscapeSegment(absl::string_view s) {
  std::string out;
  for (unsigned char c : s) {
    if (std::isalnum(c) || c == '-' || c == '_' || c == '.' || c == '~') {
      out.push_back(static_cast<char>(c));
    } else {
      absl::StrAppendFormat(&out, "%%%02X", c);
    }
  }
  return out;
}

}  // namespace

std::string ExpandPath(
    const Endpoint& endpoint,
    const std::vector<std::pair<absl::string_view, std::string>>& params) {
  std::string out;
  absl::string_view t = endpoint.path_template;
  while (!t.empty()) {
    size_t open = t.find('{');
    if (open == absl::string_view::npos) {
      absl::StrAppend(&out, t);
      break;
    }
    size_t close = t.find('}', open);
    absl::StrAppend(&out, t.substr(0, open));
    absl::string_view name = t.substr(open + 1, close - open - 1);
    bool found = false;
    for (const auto& [key, value] : params) {
      if (key == name) {
        absl::StrAppend(&out, UrlEscapeSegment(value));
        found = true;
        break;
      }
    }
    if (!found) std::abort();  // a caller left out a placeholder
    t.remove_prefix(close + 1);
  }
  return out;
}

std::string PathPattern(const Endpoint& endpoint) {
  std::string out = "^";
  absl::string_view t = endpoint.path_template;
  while (!t.empty()) {
    size_t open = t.find('{');
    if (open == absl::string_view::npos) {
      absl::StrAppend(&out, t);
      break;
    }
    size_t close = t.find('}', open);
    absl::StrAppend(&out, t.substr(0, open), "([^/]+)");
    t.remove_prefix(close + 1);
  }
  return out + "$";
}

}  // namespace gg
