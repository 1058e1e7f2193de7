// gainsight.v1.PersonService: validates each request, maps Person,
// CompanyPerson and RelationshipPerson messages to People API bodies and
// query rows, and runs the people operations (one People API call per
// person) and queries.
#ifndef GAINSIGHT_GATEWAY_SERVER_API_PERSON_SERVICE_H_
#define GAINSIGHT_GATEWAY_SERVER_API_PERSON_SERVICE_H_

#include <vector>

#include "absl/functional/any_invocable.h"
#include "api/unary_call.h"
#include "gainsight/v1/person.grpc.pb.h"
#include "ops/metadata_cache.h"
#include "ops/people_ops.h"
#include "ops/record_ops.h"

namespace gg {

class PersonService final
    : public gainsight::v1::PersonService::CallbackService {
 public:
  // `concurrency`: People API calls one request keeps in flight; `metadata`
  // describes Person, Company_Person and relationship_person for the custom
  // fields writes set.
  PersonService(RecordOps* records, PeopleOps* people, MetadataCache* metadata,
                ApiOptions api_options, int concurrency);

  grpc::ServerUnaryReactor* UpsertPeople(
      grpc::CallbackServerContext* context,
      const gainsight::v1::UpsertPeopleRequest* request,
      gainsight::v1::UpsertPeopleResponse* response) override;
  grpc::ServerUnaryReactor* GetPerson(
      grpc::CallbackServerContext* context,
      const gainsight::v1::GetPersonRequest* request,
      gainsight::v1::GetPersonResponse* response) override;
  grpc::ServerUnaryReactor* QueryPeople(
      grpc::CallbackServerContext* context,
      const gainsight::v1::QueryPeopleRequest* request,
      gainsight::v1::QueryPeopleResponse* response) override;
  grpc::ServerUnaryReactor* DeletePeople(
      grpc::CallbackServerContext* context,
      const gainsight::v1::DeletePeopleRequest* request,
      gainsight::v1::DeletePeopleResponse* response) override;

 private:
  // Checks the custom fields of `people` against the describes of Person,
  // Company_Person and relationship_person (each read only when some of
  // its records set custom fields), renames them to the
  // describes' spelling, then runs `write` with them.
  void WithDescribedCustomFields(
      UnaryCall* call, std::vector<gainsight::v1::Person> people,
      absl::AnyInvocable<void(std::vector<gainsight::v1::Person>)> write);

  RecordOps* const records_;
  PeopleOps* const people_;
  MetadataCache* const metadata_;
  const ApiOptions api_options_;
  const int concurrency_;
};

}  // namespace gg

#endif  // GAINSIGHT_GATEWAY_SERVER_API_PERSON_SERVICE_H_
