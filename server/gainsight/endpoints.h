// THE table of Gainsight REST endpoints the gateway calls and the sandbox
// serves. Paths that Gainsight's docs leave unconfirmed are decisions made
// here, once: correcting one is a one-line change that moves both sides.
#ifndef GAINSIGHT_GATEWAY_SERVER_GAINSIGHT_ENDPOINTS_H_
#define GAINSIGHT_GATEWAY_SERVER_GAINSIGHT_ENDPOINTS_H_

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "absl/strings/string_view.h"
#include "common/call_class.h"
#include "http/http_method.h"

namespace gg {

enum class EndpointId {
  kObjectInsert,     // records of an MDA object (Company, custom objects)
  kObjectUpdate,     // by key fields (?keys=A,B)
  kObjectQuery,      // the query language: select/where/orderBy/limit/offset
  kObjectDelete,     // one record by GSID
  kObjectList,       // Data Management: the tenant's objects, without fields
  kObjectDescribe,   // Data Management: one object with its fields
  kDropdownItems,    // Data Management: the items of one picklist category
  kPeopleUpsert,     // People API: one person by Email, with associations
  kPeopleDelete,     // People API: one person by GSID, cascading
  kCtaConfig,        // Cockpit: CTA types, reasons, statuses, priorities
  kSuccessPlanList,  // Success Plans of a where, by pageNumber
  kSuccessPlanDeletedList,  // deleted Success Plans (kept 15 days)
  kSuccessPlanCreate,       // requests[].record, one result per record
  kSuccessPlanUpdate,       // requests[].record by Gsid
  kSuccessPlanPicklist,     // plan types and statuses (?category=&et=)
  kCtaCreate,               // requests[].record, one result per record
  kCtaUpdate,               // requests[].record by Gsid, cascade options
  kCtaList,                 // CTAs of a where, by pageNumber
  kCtaDeletedList,          // deleted CTAs (kept 15 days)
  kTaskCreate,              // requests[].record on existing CTAs
  kTaskUpdate,              // requests[].record by Gsid
  kTaskList,                // tasks of a where (CtaId), by pageNumber
  kTaskConfig,              // task types, statuses, priorities
  kPlaybookList,            // playbooks without task templates
  kPlaybookGet,             // one playbook with its task templates
  kBulkImport,              // Bulk API: multipart CSV upload to a data job
  kBulkImportStatus,        // Bulk API: state and counts of one upload
  kBulkExportSubmit,        // Bulk REST: submit an export of an object
  kBulkExportStatus,        // Bulk REST: state and chunks (a returned URL)
  kBulkExportChunk,         // Bulk REST: one chunk as CSV (a returned URL)
  kPeopleAsyncUpsert,       // People API bulk: up to 50 people, async
  kPeopleAsyncStatus,       // People API bulk: state and results of one
};

// Which credential a call carries (the headers: gainsight/auth_headers.h).
enum class Auth {
  kRestApiKey,         // the Gainsight API connector's access key
  kBulkApiConnection,  // the GS Bulk API connection's own key and identity
  kBulkExportKey,      // the API key, under both names the export doc uses
};

struct Endpoint {
  EndpointId id;
  HttpMethod method;
  // Path with {placeholders}, e.g. "/v1/data/objects/{object}/{gsid}".
  absl::string_view path_template;
  // Which Gainsight budget a call of this endpoint counts against.
  CallClass call_class;
  // Repeating the call has no further effect, so a transient failure may be
  // retried. Inserts are not idempotent.
  bool idempotent;
  // Largest number of records one call may carry (0: no record body).
  int max_records;
  // The credential the call carries.
  Auth auth = Auth::kRestApiKey;
};

const Endpoint& GetEndpoint(EndpointId id);
const std::vector<Endpoint>& AllEndpoints();

// Fills the {placeholders} of the endpoint's path, each value URL-escaped.
// Every placeholder must be given.
std::string ExpandPath(
    const Endpoint& endpoint,
    const std::vector<std::pair<absl::string_view, std::string>>& params);

// An ECMAScript regex matching the endpoint's paths, each placeholder a
// capture group of one path segment (for servers that route by regex).
std::string PathPattern(const Endpoint& endpoint);

// Largest page the query endpoint returns.
inline constexpr int kMaxQueryLimit = 5000;
// Largest page of the Success Plan list endpoints.
inline constexpr int kMaxSuccessPlanPageSize = 1000;
// Categories of the Success Plan configuration (picklist/lite ?category=).
inline constexpr char kSuccessPlanTypeCategory[] = "SUCCESS_PLAN_TYPE";
inline constexpr char kSuccessPlanStatusCategory[] = "SUCCESS_PLAN_STATUS";
// Largest page of the Cockpit CTA and task lists.
inline constexpr int kMaxCockpitPageSize = 1000;
// The MDA object whose records a Cockpit list endpoint reads, whose describe
// lists the field names its `where` takes (CODE: a public connector describes
// and queries `call_to_action`, `cs_task` and `cta_group` on live tenants;
// that the Fetch APIs take exactly those names is UNCONFIRMED). "" for
// endpoints that are no Cockpit list.
absl::string_view CockpitListObject(EndpointId list);
// Largest page of the playbook list.
inline constexpr int kMaxPlaybookPageSize = 1000;
// Categories of the task configuration (picklist/lite ?category=).
inline constexpr char kTaskConfigCategories[] =
    "TASK_TYPE,TASK_STATUS,TASK_PRIORITY";
// The MDA object of Gainsight users, queried to resolve owners by Email.
inline constexpr char kUserObject[] = "GsUser";
// API names GsUser's "Is Active" flag may have (UNCONFIRMED: the User
// Object page gives only the label; the User Management API says
// IsActiveUser). The GsUser describe decides, in any letter case.
inline constexpr const char* kUserActiveFields[] = {"IsActive", "IsActiveUser"};
// Largest CSV one Bulk API upload may carry (Gainsight's ~80 MB; customer
// scripts split at 79,000,000 bytes).
inline constexpr int64_t kMaxBulkImportBytes = 80000000;
// Records per chunk of a bulk export.
inline constexpr int kBulkExportChunkRows = 20000;
// People API asynchronous upsert: people per call.
inline constexpr int kMaxPeopleAsyncRecords = 50;
// Largest number of key fields an update names.
inline constexpr int kMaxUpdateKeys = 3;

}  // namespace gg

#endif  // GAINSIGHT_GATEWAY_SERVER_GAINSIGHT_ENDPOINTS_H_
