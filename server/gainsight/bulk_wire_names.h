// The names on the wire of Gainsight's bulk endpoints (Bulk API import and
// its status, People API asynchronous upsert and its status, Bulk REST
// export): headers, form parts, answer keys and state strings. The gateway
// reads answers through gainsight/bulk_wire.h; the sandbox serves the same
// names. Evidence: ../shared/gainsight-api/contract-review-2026-12.md §1
// rows 1, 2, 10 and §2.8, successplan-bulk-limits.md §3-4.
#ifndef GAINSIGHT_GATEWAY_SERVER_GAINSIGHT_BULK_WIRE_NAMES_H_
#define GAINSIGHT_GATEWAY_SERVER_GAINSIGHT_BULK_WIRE_NAMES_H_

namespace gg::bulk_wire {

// [CODE] Every published cURL for the Bulk API upload sends the GS Bulk API
// connection's own access key and the tenant and user it acts for.
inline constexpr char kAccessKeyHeader[] = "accessKey";
inline constexpr char kAppOrgIdHeader[] = "appOrgId";
inline constexpr char kLoginNameHeader[] = "loginName";
// [CODE] The upload's multipart parts.
inline constexpr char kJobIdPart[] = "jobId";
inline constexpr char kFilePart[] = "file";

// The REST API key's header on every other call ([DOC], any letter case).
inline constexpr char kRestKeyHeader[] = "accesskey";
// [DOC] The Bulk REST (export) article's header table names the key's header
// `authentication`; its prose says `accesskey`. DECISION: export calls send
// both, so that either reading works.
inline constexpr char kExportAuthHeader[] = "authentication";
// [DOC] The export article's header list; a CSV chunk is not JSON, so a
// strict server could refuse `Accept: application/json` (406).
inline constexpr char kExportAccept[] = "application/json, text/plain, */*";

// Answer keys. Lookups ignore letter case, `_` and spaces, so each name
// below also matches e.g. `statusID`, `status_id` or `Status Id`.
// [DOC] "Request ID and Status ID" (key names UNCONFIRMED).
inline constexpr char kStatusId[] = "statusId";
// [DOC] BSTAT-DOC states; [SEC] the key (`jobStatus`); Workato's People
// status output calls it Status.
inline constexpr char kJobStatus[] = "jobStatus";
inline constexpr char kStatus[] = "status";
// Counts: the digest's (UNCONFIRMED) success/failure/total, and Workato's
// one processed `Count`.
inline constexpr char kSuccessCount[] = "successCount";
inline constexpr char kFailureCount[] = "failureCount";
inline constexpr char kTotalCount[] = "totalCount";
inline constexpr char kCount[] = "Count";
// Row errors: the Bulk API status's `errors`, the People status's
// `errorDetails` (Workato: "Error details").
inline constexpr char kErrors[] = "errors";
inline constexpr char kErrorDetails[] = "errorDetails";
inline constexpr char kRowNumber[] = "rowNumber";
inline constexpr char kFieldName[] = "fieldName";
inline constexpr char kErrorCode[] = "errorCode";
inline constexpr char kErrorDesc[] = "errorDesc";
inline constexpr char kErrorMessage[] = "errorMessage";
// Export: [SEC] the submit answer's job id and status URL; the status
// answer's total and chunks, each with its URL.
inline constexpr char kJobId[] = "jobId";
inline constexpr char kStatusUrl[] = "statusURL";
inline constexpr char kTotalRecords[] = "totalRecords";
inline constexpr char kChunkDetails[] = "chunkDetails";
inline constexpr char kChunkUrl[] = "chunkURL";

// States. [DOC] Bulk API status: INIT, IN_PROGRESS, COMPLETED; Workato's
// People status: INIT, INPROGRESS, COMPLETED; [SEC] export: SUBMITTED,
// NOT_STARTED, IN_PROGRESS, COMPLETED, FAILED, ABORTED. Compared without
// letter case, `_` or spaces, so IN_PROGRESS and INPROGRESS are one state.
inline constexpr char kStateInit[] = "INIT";
inline constexpr char kStateSubmitted[] = "SUBMITTED";
inline constexpr char kStateNotStarted[] = "NOT_STARTED";
inline constexpr char kStateInProgress[] = "IN_PROGRESS";
inline constexpr char kStatePeopleInProgress[] = "INPROGRESS";
inline constexpr char kStateCompleted[] = "COMPLETED";
inline constexpr char kStateFailed[] = "FAILED";
inline constexpr char kStateAborted[] = "ABORTED";

}  // namespace gg::bulk_wire

#endif  // GAINSIGHT_GATEWAY_SERVER_GAINSIGHT_BULK_WIRE_NAMES_H_
