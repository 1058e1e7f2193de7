#include "sandbox/tenant_seeds.h"

#include <string>
#include <utility>
#include <vector>

#include "gainsight/endpoints.h"
#include "sandbox/datetime.h"

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
}

}  // namespace gg::sandbox
