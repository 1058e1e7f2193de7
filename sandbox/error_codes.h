// Every error code the sandbox answers with, in one table. Codes marked
// [DOC] are Gainsight's own; codes marked DECISION fill a gap the docs leave
// (../../shared/gainsight-api/company-custom-datamgmt.md §9) and are what the
// gateway must expect from the sandbox until a live tenant shows otherwise.
#ifndef GAINSIGHT_GATEWAY_SANDBOX_ERROR_CODES_H_
#define GAINSIGHT_GATEWAY_SANDBOX_ERROR_CODES_H_

namespace gg::sandbox::codes {

// [DOC-copy] Missing or wrong access key (HTTP 401).
inline constexpr char kUnauthorized[] = "GS_APIG_2401";
// [CODE] No such route on the API host (HTTP 404).
inline constexpr char kRouteNotFound[] = "GS_APIG_1000";
// [CODE] A Bulk API upload without data rows.
inline constexpr char kBulkNoData[] = "GS_7571";
// DECISION: a Bulk API upload naming no configured data job.
inline constexpr char kBulkUnknownJob[] = "GS_7572";
// DECISION: a Bulk API upload over the size limit (HTTP 413).
inline constexpr char kBulkTooLarge[] = "GS_7573";
// DECISION: a Bulk API upload that is not CSV, or misses a form part.
inline constexpr char kBulkMalformed[] = "GS_7574";
// DECISION: an unknown Bulk API status id (HTTP 404).
inline constexpr char kBulkUnknownStatus[] = "GS_7575";
// DECISION: an unknown bulk export job or chunk (HTTP 404).
inline constexpr char kBulkUnknownExport[] = "GS_7576";
// DECISION: a bulk export chunk asked for with `Accept: application/json`
// alone (HTTP 406).
inline constexpr char kNotAcceptable[] = "GS_7577";
// [CODE] Over a rate limit (HTTP 429); errorDesc "Too many request".
inline constexpr char kTooManyRequests[] = "GU_2400";

// [DOC] String longer than the field's length.
inline constexpr char kFieldTooLong[] = "GSOBJ_1001";
// [DOC] Value invalid for the field's type. DECISION: also an unknown field,
// a read-only field in a write, and a picklist label outside the list.
inline constexpr char kInvalidField[] = "GSOBJ_1002";
// [DOC] GSID path parameter blank or not GSID-shaped.
inline constexpr char kInvalidGsid[] = "GSOBJ_1004";
// [DOC] DATETIME value in no accepted format.
inline constexpr char kInvalidDateTime[] = "GSOBJ_1005";
// [DOC] DATE value in no accepted format.
inline constexpr char kInvalidDate[] = "GSOBJ_1006";
// [DOC] Null for a non-nullable field. DECISION: also a required field left
// out of an insert, and an update record lacking a key field.
inline constexpr char kNullValue[] = "GSOBJ_1007";
// [DOC] Generic validation error (e.g. "Invalid Boolean Value"). DECISION:
// also a malformed JSON body, a bad body shape (records count outside 1..50,
// records not objects), bad ?keys=, bad limit/offset/orderBy direction, an
// unknown operator, wrong operand count and a bad where.expression.
inline constexpr char kValidation[] = "GSOBJ_1008";
// [DOC-copy] Nothing matched (update keys, delete GSID).
inline constexpr char kNoMatch[] = "GSOBJ_1011";
// Its errorDesc.
inline constexpr char kNoMatchDesc[] =
    "No entity matches the given criteria, please re-check your request";
// DECISION: the object named in the path does not exist. Gainsight lists
// GSOBJ_1023 as "invalid API path"; the sandbox answers it with HTTP 400.
inline constexpr char kUnknownObject[] = "GSOBJ_1023";
// [DOC-copy] Describe of an unknown object: sent as the body's `title`, with
// no errorCode. DECISION: HTTP 400.
inline constexpr char kObjectNotFound[] = "OBJECT_NOT_FOUND";
// DECISION: a query without a non-empty "select" list.
inline constexpr char kSelectRequired[] = "GSOBJ_ESS_9104";

// People API ([DOC] person-relationship.md §5, all HTTP 400).
// A company named in companies[] does not exist.
inline constexpr char kPeopleEntitiesMissing[] = "GSOBJ_PEOPLE1001";
// Email missing, not a string or not an email address. DECISION: also a
// missing Email (its code is undocumented).
inline constexpr char kInvalidEmail[] = "GSOBJ_VDTEMAIL1001";
// A GSID path parameter that is not GSID-shaped.
inline constexpr char kInvalidPersonGsid[] = "GSOBJ_VDTGSID1001";
// The body is not a JSON object, or is empty. DECISION: also companies[]
// that is not an array of objects, or names one company twice.
inline constexpr char kRowInfoNull[] = "GSOBJ_VCRUDR1001";

// Cockpit (../../shared/gainsight-api/cta-task-playbook.md §6). DECISION
// (undocumented): the CTA configuration call without a known `category`, or
// with an `et` other than COMPANY or RELATIONSHIP (HTTP 400).
inline constexpr char kCockpitBadParameter[] = "COCKPIT_5102";

// Success Plan API. [DOC-sibling] CTA fetch: an unknown field in `select`
// (HTTP 400: DECISION, the status is undocumented).
inline constexpr char kInvalidSelect[] = "COCKPIT_5101";

// Sandbox only: an error the fault injector produced (POST /__sandbox/faults).
inline constexpr char kInjectedFault[] = "SANDBOX_FAULT";
// Sandbox only: the endpoint table has a row the sandbox does not emulate.
inline constexpr char kNotEmulated[] = "SANDBOX_NOT_EMULATED";

}  // namespace gg::sandbox::codes

#endif  // GAINSIGHT_GATEWAY_SANDBOX_ERROR_CODES_H_
