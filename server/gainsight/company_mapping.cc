#include "gainsight/company_mapping.h"

#include "gainsight/v1/company.pb.h"

namespace gg {

const RecordMapping& CompanyMapping() {
  // Field API names: ../shared/gainsight-api/company-custom-datamgmt.md §3.6.
  // clang-format off
  static const auto* kMapping = new RecordMapping(
      gainsight::v1::Company::descriptor(),
      {
          {"Name",                 "name",                   FieldKind::kString},
          {"Industry",             "industry",               FieldKind::kString},
          {"ARR",                  "arr",                    FieldKind::kDouble},
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

}  // namespace gg
