#include "sandbox/contract_variants.h"

#include <initializer_list>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "config/time_zone_spec.h"
#include "gainsight/endpoints.h"

namespace gg::sandbox {

const char kVariantUsage[] =
    "Contract variants (defaults: the evidence-backed shapes):\n"
    "  --write-errors per-record|indexed   data.errors of a rejected write\n"
    "  --company-revenue Arr|ARR           Company's Arr/Mrr field names\n"
    "  --user-active-field IsActive|IsActiveUser\n"
    "                                      GsUser's active flag\n"
    "  --people-upsert-answer person|no-gsid\n"
    "                                      data of a People API upsert\n"
    "  --describe-related-first true|false objects a lookup points to come\n"
    "                                      first in describe answers\n"
    "  --tenant-time-zone ZONE             DATE values read back as the\n"
    "                                      zone's midnight (UTC, +09:00, or\n"
    "                                      an IANA name)\n"
    "  --unserved \"METHOD /path/{x}\"       an endpoint row this tenant\n"
    "                                      lacks (404 GS_APIG_1000); may be\n"
    "                                      repeated\n"
    "  --picklist-reads gsid|label         picklist values in query answers\n"
    "  --describe-options listed|absent    picklist items in describe answers\n"
    "                                      (absent: only the Dropdown API)\n";

namespace {

absl::Status InvalidVariant(absl::string_view name, absl::string_view want,
                            absl::string_view got) {
  return absl::InvalidArgumentError(
      absl::StrCat(name, " wants ", want, ", got '", got, "'"));
}

// OK when `value` is one of `choices`, else INVALID_ARGUMENT naming the flag.
absl::Status OneOf(absl::string_view name, absl::string_view value,
                   std::initializer_list<absl::string_view> choices) {
  for (absl::string_view choice : choices) {
    if (value == choice) return absl::OkStatus();
  }
  return InvalidVariant(name, absl::StrJoin(choices, " or "), value);
}

// Whether `text` ("METHOD /path") names a row of the endpoint table.
bool IsEndpointRow(absl::string_view text) {
  for (const Endpoint& e : AllEndpoints()) {
    if (text == absl::StrCat(HttpMethodName(e.method), " ", e.path_template)) {
      return true;
    }
  }
  return false;
}

}  // namespace

std::optional<absl::Status> ApplyVariantFlag(absl::string_view name,
                                             absl::string_view value,
                                             ContractVariants* variants) {
  if (name == "--write-errors") {
    absl::Status s = OneOf(name, value, {"per-record", "indexed"});
    if (s.ok()) {
      variants->write_errors = value == "indexed" ? WriteErrorShape::kIndexed
                                                  : WriteErrorShape::kPerRecord;
    }
    return s;
  }
  if (name == "--company-revenue") {
    absl::Status s = OneOf(name, value, {"Arr", "ARR"});
    if (s.ok()) variants->company_revenue = std::string(value);
    return s;
  }
  if (name == "--describe-options") {
    absl::Status s = OneOf(name, value, {"listed", "absent"});
    if (s.ok()) variants->describe_omits_items = value == "absent";
    return s;
  }
  if (name == "--picklist-reads") {
    absl::Status s = OneOf(name, value, {"gsid", "label"});
    if (s.ok()) variants->picklist_reads_label = value == "label";
    return s;
  }
  if (name == "--user-active-field") {
    absl::Status s = OneOf(name, value, {"IsActive", "IsActiveUser"});
    if (s.ok()) variants->user_active_field = std::string(value);
    return s;
  }
  if (name == "--people-upsert-answer") {
    absl::Status s = OneOf(name, value, {"person", "no-gsid"});
    if (s.ok()) {
      variants->people_upsert_answer = value == "no-gsid"
                                           ? PeopleUpsertAnswer::kNoGsid
                                           : PeopleUpsertAnswer::kPerson;
    }
    return s;
  }
  if (name == "--describe-related-first") {
    absl::Status s = OneOf(name, value, {"true", "false"});
    if (s.ok()) variants->describe_related_first = value == "true";
    return s;
  }
  if (name == "--tenant-time-zone") {
    absl::StatusOr<absl::TimeZone> zone = ParseTimeZoneSpec(value);
    if (!zone.ok()) {
      return absl::InvalidArgumentError(
          absl::StrCat(name, ": ", zone.status().message()));
    }
    variants->date_zone = *zone;
    return absl::OkStatus();
  }
  if (name == "--unserved") {
    if (!IsEndpointRow(value)) {
      return InvalidVariant(name,
                            "an endpoint row such as \"DELETE /v1/peoplemgmt/"
                            "v1.0/people/{gsid}\"",
                            value);
    }
    variants->unserved.emplace_back(value);
    return absl::OkStatus();
  }
  return std::nullopt;
}

}  // namespace gg::sandbox
