// Reads the Company Person and Relationship Person records of people and
// attaches them to their Person messages; fills the person emails of
// associations read on their own.
#ifndef GAINSIGHT_GATEWAY_SERVER_API_PERSON_ASSOCIATIONS_H_
#define GAINSIGHT_GATEWAY_SERVER_API_PERSON_ASSOCIATIONS_H_

#include <set>
#include <string>
#include <vector>

#include "absl/functional/any_invocable.h"
#include "absl/status/status.h"
#include "gainsight/v1/person.pb.h"
#include "ops/record_ops.h"

namespace gg {

// One condition: `field` EQ the value, or IN the values when several.
gainsight::v1::Filter FieldEqualsAny(const std::string& field,
                                     const std::set<std::string>& values);

// Which associations AttachAssociations reads.
struct AssociationsToRead {
  bool companies = false;
  bool relationships = false;
};

// Reads the associations `which` names of `people` (one query per kind,
// for up to kMaxQueryLimit associations, oldest first) and appends them to
// each person's `companies` / `relationships`. Calls `then` with the first
// failed query's status, else OK. The Person pointers must outlive `then`.
void AttachAssociations(RecordOps* records,
                        std::vector<gainsight::v1::Person*> people,
                        AssociationsToRead which, const CallContext& context,
                        absl::AnyInvocable<void(absl::Status)> then);

// Fills `person_email` of the associations in `response` (Company Person or
// Relationship Person rows read on their own) from their Person_IDs (one
// Person query; none when no row names a person).
void FillPersonEmails(RecordOps* records,
                      gainsight::v1::QueryPeopleResponse* response,
                      const CallContext& context,
                      absl::AnyInvocable<void(absl::Status)> then);

}  // namespace gg

#endif  // GAINSIGHT_GATEWAY_SERVER_API_PERSON_ASSOCIATIONS_H_
