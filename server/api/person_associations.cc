#include "api/person_associations.h"

#include <map>
#include <memory>
#include <set>
#include <string>
#include <utility>

#include "gainsight/person_mapping.h"
#include "gainsight/query_body.h"
#include "gainsight/record_mapping.h"

namespace gg {
namespace {

using gainsight::v1::CompanyPerson;
using gainsight::v1::Person;
using gainsight::v1::RelationshipPerson;

// Reads the `object` rows (mapped as `Association` by `mapping`) of the
// people in `people`, appends each to its person through `list`, then calls
// `then`.
template <typename Association>
void ReadInto(RecordOps* records, const char* object,
              const RecordMapping& mapping,
              std::shared_ptr<std::vector<Person*>> people,
              google::protobuf::RepeatedPtrField<Association>* (*list)(Person*),
              const CallContext& context,
              absl::AnyInvocable<void(absl::Status)> then) {
  std::set<std::string> gsids;
  for (const Person* p : *people) {
    if (!p->gsid().empty()) gsids.insert(p->gsid());
  }
  if (gsids.empty()) {
    then(absl::OkStatus());
    return;
  }
  QuerySpec spec;
  spec.select = mapping.DefaultSelect();
  spec.filter = FieldEqualsAny(kPersonIdField, gsids);
  gainsight::v1::OrderBy order;
  order.set_field("CreatedDate");
  spec.order_by.push_back(order);
  order.set_field(kGsidField);
  spec.order_by.push_back(order);
  spec.limit = kMaxQueryLimit;
  records->Query(object, std::move(spec), context,
                 [&mapping, people, list, then = std::move(then)](
                     absl::StatusOr<std::vector<Json>> rows) mutable {
                   if (!rows.ok()) {
                     then(rows.status());
                     return;
                   }
                   std::map<std::string, Person*> by_gsid;
                   for (Person* p : *people) by_gsid.emplace(p->gsid(), p);
                   for (const Json& row : *rows) {
                     Association association;
                     absl::Status s = mapping.FromRow(row, &association);
                     if (!s.ok()) {
                       then(s);
                       return;
                     }
                     auto it = by_gsid.find(association.person_id());
                     if (it != by_gsid.end()) {
                       *list(it->second)->Add() = std::move(association);
                     }
                   }
                   then(absl::OkStatus());
                 });
}

template <typename Association>
void CollectPersonIds(
    const google::protobuf::RepeatedPtrField<Association>& associations,
    std::set<std::string>& ids) {
  for (const Association& a : associations) {
    if (!a.person_id().empty()) ids.insert(a.person_id());
  }
}

template <typename Association>
void SetPersonEmails(
    const std::map<std::string, std::string>& email_by_gsid,
    google::protobuf::RepeatedPtrField<Association>* associations) {
  for (Association& a : *associations) {
    auto it = email_by_gsid.find(a.person_id());
    if (it != email_by_gsid.end()) a.set_person_email(it->second);
  }
}

}  // namespace

gainsight::v1::Filter FieldEqualsAny(const std::string& field,
                                     const std::set<std::string>& values) {
  gainsight::v1::Filter filter;
  auto* condition = filter.add_conditions();
  condition->set_field(field);
  condition->set_operator_(values.size() == 1 ? gainsight::v1::OPERATOR_EQ
                                              : gainsight::v1::OPERATOR_IN);
  for (const std::string& v : values) {
    condition->add_values()->set_string_value(v);
  }
  return filter;
}

void AttachAssociations(RecordOps* records, std::vector<Person*> people,
                        AssociationsToRead which, const CallContext& context,
                        absl::AnyInvocable<void(absl::Status)> then) {
  auto shared = std::make_shared<std::vector<Person*>>(std::move(people));
  auto relationships = [records, shared, which, context,
                        then = std::move(then)](absl::Status status) mutable {
    if (!status.ok() || !which.relationships) {
      then(status);
      return;
    }
    ReadInto<RelationshipPerson>(
        records, kRelationshipPersonObject, RelationshipPersonMapping(), shared,
        [](Person* p) { return p->mutable_relationships(); }, context,
        std::move(then));
  };
  if (!which.companies) {
    relationships(absl::OkStatus());
    return;
  }
  ReadInto<CompanyPerson>(
      records, kCompanyPersonObject, CompanyPersonMapping(), shared,
      [](Person* p) { return p->mutable_companies(); }, context,
      std::move(relationships));
}

void FillPersonEmails(RecordOps* records,
                      gainsight::v1::QueryPeopleResponse* response,
                      const CallContext& context,
                      absl::AnyInvocable<void(absl::Status)> then) {
  std::set<std::string> ids;
  CollectPersonIds(response->company_people(), ids);
  CollectPersonIds(response->relationship_people(), ids);
  if (ids.empty()) {
    then(absl::OkStatus());
    return;
  }
  QuerySpec spec;
  spec.select = {kGsidField, kPersonEmailField};
  spec.filter = FieldEqualsAny(kGsidField, ids);
  spec.limit = kMaxQueryLimit;
  records->Query(
      kPersonObject, std::move(spec), context,
      [response,
       then = std::move(then)](absl::StatusOr<std::vector<Json>> rows) mutable {
        if (!rows.ok()) {
          then(rows.status());
          return;
        }
        std::map<std::string, std::string> email_by_gsid;
        for (const Json& row : *rows) {
          auto g = row.find(kGsidField);
          auto e = row.find(kPersonEmailField);
          if (g != row.end() && g->is_string() && e != row.end() &&
              e->is_string()) {
            email_by_gsid[g->get<std::string>()] = e->get<std::string>();
          }
        }
        SetPersonEmails(email_by_gsid, response->mutable_company_people());
        SetPersonEmails(email_by_gsid, response->mutable_relationship_people());
        then(absl::OkStatus());
      });
}

}  // namespace gg
