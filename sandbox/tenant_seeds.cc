#include "sandbox/tenant_seeds.h"

#include <string>
#include <utility>
#include <vector>

#include "gainsight/endpoints.h"
#include "sandbox/builtin_objects.h"
#include "sandbox/datetime.h"
#include "sandbox/ids.h"

namespace gg::sandbox {
namespace {

struct SeedUser {
  const char* gsid;
  const char* first;
  const char* last;
  const char* email;
  bool active;
};

// DECISION: two active users share one email, so owner resolution by email
// can meet an ambiguity; one user is inactive.
constexpr SeedUser kUsers[] = {
    {kSeedUserCaseyOne, "Casey", "One", "csm.one@example.com", true},
    {kSeedUserJordanTwo, "Jordan", "Two", "csm.two@example.com", true},
    {kSeedUserSharedSam, "Sam", "Shared", "shared@example.com", true},
    {kSeedUserSharedAlex, "Alex", "Shared", "shared@example.com", true},
    {kSeedUserInactive, "Riley", "Former", "former@example.com", false},
};

}  // namespace

void SeedTenant(const ObjectRegistry& objects, Store& store) {
  const ObjectDef* user = objects.Find(kUserObject);
  if (user == nullptr) return;
  const int64_t created = *ParseDateTime("2026-01-01T09:00:00Z");
  std::vector<Row> rows;
  for (const SeedUser& seed : kUsers) {
    Row row(user->fields().size());
    row[user->gsid_field()] = std::string(seed.gsid);
    row[user->created_date_field()] = created;
    row[user->modified_date_field()] = created;
    row[user->FieldIndex("Email")] = std::string(seed.email);
    row[user->FieldIndex("FirstName")] = std::string(seed.first);
    row[user->FieldIndex("LastName")] = std::string(seed.last);
    row[user->FieldIndex("Name")] =
        std::string(seed.first) + " " + std::string(seed.last);
    row[user->FieldIndex("Title")] = std::string("Customer Success Manager");
    for (const char* active : kUserActiveFields) {
      if (user->FieldIndex(active) >= 0) {
        row[user->FieldIndex(active)] = seed.active;
      }
    }
    rows.push_back(std::move(row));
  }
  store.Insert(*user, std::move(rows));

  const ObjectDef* type = objects.Find(kRelationshipTypeObject);
  if (type == nullptr) return;
  std::vector<Row> types;
  for (const auto& [gsid, name] :
       {std::pair{kSeedRelationshipTypeProduct, "Product"},
        std::pair{kSeedRelationshipTypeBusinessUnit, "Business Unit"}}) {
    Row row(type->fields().size());
    row[type->gsid_field()] = std::string(gsid);
    row[type->created_date_field()] = created;
    row[type->modified_date_field()] = created;
    row[type->FieldIndex("Name")] = std::string(name);
    types.push_back(std::move(row));
  }
  store.Insert(*type, std::move(types));
}

void SeedDemo(const ObjectRegistry& objects, Store& store, BulkJobs& bulk) {
  const ObjectDef* company = objects.Find("Company");
  if (company == nullptr) return;
  struct DemoCompany {
    const char* name;
    const char* industry;
    double revenue;
    const char* status;
  };
  constexpr DemoCompany kCompanies[] = {
      {"Acme Corp", "Manufacturing", 250000, "Active"},
      {"Globex", "Energy", 120000, "Active"},
      {"Initech", "Software", 48000, "Inactive"},
  };
  const int64_t created = *ParseDateTime("2026-01-01T09:00:00Z");
  // The revenue field's name is the tenant's (Arr or ARR).
  const int revenue = company->FieldIndex("Arr") >= 0
                          ? company->FieldIndex("Arr")
                          : company->FieldIndex("ARR");
  std::vector<Row> rows;
  for (const DemoCompany& demo : kCompanies) {
    Row row(company->fields().size());
    row[company->gsid_field()] = NewGsid(company->gsid_prefix());
    row[company->created_date_field()] = created;
    row[company->modified_date_field()] = created;
    row[company->FieldIndex("Name")] = std::string(demo.name);
    row[company->FieldIndex("Industry")] = std::string(demo.industry);
    if (revenue >= 0) row[revenue] = demo.revenue;
    row[company->FieldIndex("Status")] = std::string(demo.status);
    rows.push_back(std::move(row));
  }
  store.Insert(*company, std::move(rows));
  BulkDataJob job;
  job.job_id = kDemoCompanyDataJob;
  job.object = "Company";
  bulk.AddDataJob(std::move(job));
}

}  // namespace gg::sandbox
