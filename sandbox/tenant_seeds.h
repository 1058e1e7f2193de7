// The records every sandbox tenant starts with (and gets back on reset):
// the Gainsight users that CTAs and tasks are owned by.
#ifndef GAINSIGHT_GATEWAY_SANDBOX_TENANT_SEEDS_H_
#define GAINSIGHT_GATEWAY_SANDBOX_TENANT_SEEDS_H_

#include "sandbox/bulk_jobs.h"
#include "sandbox/schema.h"
#include "sandbox/store.h"

namespace gg::sandbox {

// GSIDs of the seeded users (see sandbox/README.md).
inline constexpr char kSeedUserCaseyOne[] =
    "1P01CSMONE00000000000000000000000000";
inline constexpr char kSeedUserJordanTwo[] =
    "1P01CSMTWO00000000000000000000000000";
inline constexpr char kSeedUserSharedSam[] =
    "1P01SHAREDSAM00000000000000000000000";
inline constexpr char kSeedUserSharedAlex[] =
    "1P01SHAREDALEX0000000000000000000000";
inline constexpr char kSeedUserInactive[] =
    "1P01FORMER00000000000000000000000000";

// GSIDs of the seeded relationship types ("Product", "Business Unit").
inline constexpr char kSeedRelationshipTypeProduct[] =
    "1P06PRODUCT0000000000000000000000000";
inline constexpr char kSeedRelationshipTypeBusinessUnit[] =
    "1P06BUSINESSUNIT00000000000000000000";

// Inserts the seed records into `store` (which holds none of them yet).
void SeedTenant(const ObjectRegistry& objects, Store& store);

// The data job of the READMEs' bulk import examples: it loads Company.
inline constexpr char kDemoCompanyDataJob[] = "12345";

// A tenant to try things on (--demo, what `./dev up` starts): a few
// companies and the Bulk API data job the examples name.
void SeedDemo(const ObjectRegistry& objects, Store& store, BulkJobs& bulk);

}  // namespace gg::sandbox

#endif  // GAINSIGHT_GATEWAY_SANDBOX_TENANT_SEEDS_H_
