// Where Gainsight's public evidence leaves a shape open (or real tenants
// differ), the sandbox serves each alternative, chosen at start by a flag,
// so tests prove the gateway reads them all. Every default is the shape
// the evidence backs, or the gateway's documented decision where there is
// none (docs/gainsight-contract.md names the sources).
#ifndef GAINSIGHT_GATEWAY_SANDBOX_CONTRACT_VARIANTS_H_
#define GAINSIGHT_GATEWAY_SANDBOX_CONTRACT_VARIANTS_H_

#include <optional>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/string_view.h"
#include "absl/time/time.h"

namespace gg::sandbox {

// data.errors of a rejected insert or update.
enum class WriteErrorShape {
  // [CODE] one entry per record in input order, each an array of
  // {success, parsedValue, errors: [{errorMessage, errorCode, fieldName,
  // invalidValue}]} (a real tenant's 400, RudderStack's network mock).
  kPerRecord,
  // The older decision: [{index, fieldName, errorCode, errorDesc}].
  kIndexed,
};

// `data` of a successful People API upsert (undocumented).
enum class PeopleUpsertAnswer {
  kPerson,  // the person as stored, with Gsid and companies[]
  kNoGsid,  // data: null
};

struct ContractVariants {
  WriteErrorShape write_errors = WriteErrorShape::kPerRecord;
  // API names of Company's revenue fields: "Arr" (and "Mrr"), as in
  // RudderStack's mapping and a doc sample, or "ARR" (and "MRR").
  std::string company_revenue = "Arr";
  // API name of GsUser's active flag (UNCONFIRMED): IsActive or
  // IsActiveUser.
  std::string user_active_field = "IsActive";
  PeopleUpsertAnswer people_upsert_answer = PeopleUpsertAnswer::kPerson;
  // Describe answers list the objects the object's lookups point to before
  // the object itself, whatever the flags (a client that takes data[0]
  // reads the wrong object).
  bool describe_related_first = false;
  // DATE fields read back as epoch ms of the day's midnight in this zone
  // (the tenant's zone).
  absl::TimeZone date_zone = absl::UTCTimeZone();
  // Endpoint rows ("METHOD /path/{template}") this tenant lacks: their
  // calls get the API gateway's 404 GS_APIG_1000, as an unknown route.
  std::vector<std::string> unserved;
  // Picklist values read back as the item's label rather than its GSID
  // (Gainsight's read sample answers GSIDs).
  bool picklist_reads_label = false;
  // Describe answers list no picklist `options` (the Dropdown API has them).
  bool describe_omits_items = false;

  // The Mrr field's name that goes with company_revenue.
  std::string CompanyMonthlyRevenue() const {
    return company_revenue == "ARR" ? "MRR" : "Mrr";
  }
};

// The usage lines of the variant flags.
extern const char kVariantUsage[];

// Applies flag `name` (with "--") if it is a variant flag: nullopt when it
// is not one, else OK or INVALID_ARGUMENT naming the flag.
std::optional<absl::Status> ApplyVariantFlag(absl::string_view name,
                                             absl::string_view value,
                                             ContractVariants* variants);

}  // namespace gg::sandbox

#endif  // GAINSIGHT_GATEWAY_SANDBOX_CONTRACT_VARIANTS_H_
