// People operations composed from Gainsight calls. The People API takes one
// person per call, so a batch is one upsert (or delete) call per person,
// a bounded number in flight, with one outcome per person in input order.
#ifndef GAINSIGHT_GATEWAY_SERVER_OPS_PEOPLE_OPS_H_
#define GAINSIGHT_GATEWAY_SERVER_OPS_PEOPLE_OPS_H_

#include <string>
#include <vector>

#include "gainsight/client.h"
#include "gainsight/envelope.h"
#include "ops/record_ops.h"

namespace gg {

// One person to delete: by GSID, or by email (found with one query first).
struct PersonRef {
  std::string gsid;
  std::string email;
};

class PeopleOps {
 public:
  using WriteCallback = RecordOps::WriteCallback;

  PeopleOps(GainsightClient* client, RecordOps* records)
      : client_(client), records_(records) {}

  // Upserts each body (a People API person object with "Email"). First one
  // Company query per 50 distinct names resolves associations given by
  // name (kCompanyNamePath): a name matching no company (NOT_FOUND) or
  // several (FAILED_PRECONDITION) fails its person. Then one query per 50
  // emails finds which people exist, so that each outcome says INSERTED or
  // UPDATED; a failed lookup fails its people (nothing is written whose
  // outcome cannot be told). `concurrency` calls in flight. An upsert
  // Gainsight accepted is a success even when its answer names no GSID (the
  // answer's shape is undocumented): the GSID is then the one the lookup
  // found, else read back by Email (one query), else empty.
  void Upsert(std::vector<Json> bodies, int concurrency, CallContext context,
              WriteCallback done);

  // Deletes each person through kPeopleDelete (UNCONFIRMED: see
  // server/gainsight/endpoints.cc); an unknown person fails NOT_FOUND.
  void Delete(std::vector<PersonRef> people, int concurrency,
              CallContext context, WriteCallback done);

 private:
  GainsightClient* const client_;
  RecordOps* const records_;
};

// Emails per lookup query of Upsert.
inline constexpr int kPeopleLookupChunk = 50;

}  // namespace gg

#endif  // GAINSIGHT_GATEWAY_SERVER_OPS_PEOPLE_OPS_H_
