#include "gainsight/company_mapping.h"

#include "absl/strings/match.h"
#include "gainsight/v1/company.pb.h"

namespace gg {

const RecordMapping& CompanyMapping() {
  // Field API names: RudderStack's Company mapping
  // (rudderlabs/rudder-transformer src/v0/destinations/gainsight/data/
  // GainsightGroup.json: Arr, Mrr, RenewalDate, OriginalContractDate, ...)
  // and the docs' samples; see docs/gainsight-contract.md. Each is a guess
  // the tenant's describe corrects (CompanyFieldAlternatives).
  // clang-format off
  static const auto* kMapping = new RecordMapping(
      gainsight::v1::Company::descriptor(),
      {
          {"Name",                 "name",                   FieldKind::kString},
          {"Industry",             "industry",               FieldKind::kString},
          {"Arr",                  "arr",                    FieldKind::kDouble},
          {"Mrr",                  "mrr",                    FieldKind::kDouble},
          {"Employees",            "employees",              FieldKind::kInt64},
          {"Stage",                "stage",                  FieldKind::kString},
          {"Status",               "status",                 FieldKind::kString},
          {"RenewalDate",          "renewal_date",           FieldKind::kDate},
          {"OriginalContractDate", "original_contract_date", FieldKind::kDate},
          {"LifecycleInWeeks",     "lifecycle_in_weeks",     FieldKind::kInt64},
          {"CompanyType",          "company_type",           FieldKind::kString},
          {"Csm",                  "csm",                    FieldKind::kString},
          {"ParentCompany",        "parent_company",         FieldKind::kString},
          {"CreatedDate",          "create_time",            FieldKind::kTimestamp, true},
          {"ModifiedDate",         "update_time",            FieldKind::kTimestamp, true},
      });
  // clang-format on
  return *kMapping;
}

const std::vector<FieldAlternatives>& CompanyFieldAlternatives() {
  // [CODE] `ARR` is what Pipedream's Company action sends
  // (PipedreamHQ/pipedream components/gainsight_nxt/actions/
  // create-or-update-company); [DOC-copy] `Renewal_Date` is the Company
  // read sample's date field. Letter case alone is matched anyway.
  static const auto* kAlternatives = new std::vector<FieldAlternatives>{
      {"Arr", {"ARR"}},
      {"Mrr", {"MRR"}},
      {"RenewalDate", {"Renewal_Date"}},
  };
  return *kAlternatives;
}

bool IsCompanyPicklist(absl::string_view api_name) {
  for (const char* name : {"Stage", "Status", "CompanyType"}) {
    if (absl::EqualsIgnoreCase(api_name, name)) return true;
  }
  return false;
}

}  // namespace gg
