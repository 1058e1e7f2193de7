#include "api/person_service.h"

#include <algorithm>
#include <map>
#include <memory>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "api/page_token.h"
#include "api/person_associations.h"
#include "api/record_check.h"
#include "api/record_results.h"
#include "api/validation.h"
#include "gainsight/person_mapping.h"

namespace gg {
namespace {

using gainsight::v1::CompanyPerson;
using gainsight::v1::Person;
using gainsight::v1::RelationshipPerson;

constexpr char kPeopleField[] = "people";

void CheckCustomFields(const google::protobuf::Struct& fields,
                       const RecordMapping& mapping, absl::string_view object,
                       const std::string& path, Violations& out) {
  // A typed field's name, in any letter case.
  auto typed = [&mapping](absl::string_view name) {
    return absl::EqualsIgnoreCase(name, "Gsid") ||
           absl::EqualsIgnoreCase(name, kCompaniesKey) ||
           absl::EqualsIgnoreCase(name, kRelationshipsKey) ||
           std::any_of(mapping.fields().begin(), mapping.fields().end(),
                       [&](const FieldMapping& f) {
                         return absl::EqualsIgnoreCase(name, f.api_name);
                       });
  };
  for (const auto& [name, value] : fields.fields()) {
    const std::string field = absl::StrCat(path, ".custom_fields.", name);
    if (!IsFieldApiName(name)) {
      out.push_back({field, "must be a Gainsight field API name"});
    } else if (typed(name)) {
      out.push_back({field, absl::StrCat("has a typed field in ", object,
                                         ": set that instead")});
    } else if (value.has_struct_value()) {
      out.push_back({field, "must be a string, number, boolean, list or null"});
    } else {
      CheckValueDepth(value, field, out);
    }
  }
}

// The custom fields of `fields` (under `path`) must be fields of `object`,
// in any letter case, holding values of their types; they are renamed to
// the describe's spelling.
void CheckDescribedFields(const gainsight::v1::ObjectMetadata& object,
                          const std::string& path,
                          google::protobuf::Struct* fields, Violations& out) {
  google::protobuf::Struct described;
  for (const auto& [name, value] : fields->fields()) {
    const std::string at = absl::StrCat(path, ".custom_fields.", name);
    const gainsight::v1::FieldMetadata* field = FindField(object, name);
    if (field == nullptr) {
      out.push_back({at, NotAField(object, name)});
      continue;
    }
    if (std::string problem = ValueProblem(*field, value); !problem.empty()) {
      out.push_back({at, problem});
      continue;
    }
    (*described.mutable_fields())[field->field_name()] = value;
  }
  *fields = std::move(described);
}

void CheckCompanyPerson(const CompanyPerson& company, const std::string& path,
                        Violations& out) {
  if (company.has_company_id()) {
    if (!IsGsid(company.company_id())) {
      out.push_back({path + ".company_id", kNotAGsid});
    }
  } else if (company.has_company_name()) {
    if (company.company_name().empty()) {
      out.push_back({path + ".company_name", "must not be empty"});
    }
  } else {
    out.push_back({path + ".company_id", "is required"});
  }
  CheckOutputOnly({{"create_time", company.has_create_time()},
                   {"update_time", company.has_update_time()}},
                  path, out);
  CheckCustomFields(company.custom_fields(), CompanyPersonMapping(),
                    "CompanyPerson", path, out);
}

void CheckRelationshipPerson(const RelationshipPerson& relationship,
                             const std::string& path, Violations& out) {
  if (!relationship.has_relationship_id()) {
    out.push_back({path + ".relationship_id", "is required"});
  } else if (!IsGsid(relationship.relationship_id())) {
    out.push_back({path + ".relationship_id", kNotAGsid});
  }
  CheckOutputOnly({{"create_time", relationship.has_create_time()},
                   {"update_time", relationship.has_update_time()}},
                  path, out);
  CheckCustomFields(relationship.custom_fields(), RelationshipPersonMapping(),
                    "RelationshipPerson", path, out);
}

void CheckPerson(const Person& person, int index, Violations& out) {
  const std::string path = absl::StrCat(kPeopleField, "[", index, "]");
  if (!person.has_email() || person.email().empty()) {
    out.push_back({path + ".email", "is required"});
  } else if (!IsEmailAddress(person.email())) {
    out.push_back({path + ".email", "must be an email address"});
  }
  if (!person.name().empty()) {
    out.push_back({path + ".name",
                   "is output only (set first_name, "
                   "middle_name and last_name)"});
  }
  if (person.has_create_time()) {
    out.push_back({path + ".create_time", "is output only"});
  }
  if (person.has_update_time()) {
    out.push_back({path + ".update_time", "is output only"});
  }
  CheckCustomFields(person.custom_fields(), PersonMapping(), "Person", path,
                    out);
  std::set<std::string> companies;
  for (int j = 0; j < person.companies_size(); ++j) {
    const std::string company_path = absl::StrCat(path, ".companies[", j, "]");
    CheckCompanyPerson(person.companies(j), company_path, out);
    const std::string& id = person.companies(j).company_id();
    if (!id.empty() && !companies.insert(id).second) {
      out.push_back({company_path + ".company_id",
                     "repeats an earlier company of this person"});
    }
  }
  std::set<std::string> relationships;
  for (int j = 0; j < person.relationships_size(); ++j) {
    const std::string relationship_path =
        absl::StrCat(path, ".relationships[", j, "]");
    CheckRelationshipPerson(person.relationships(j), relationship_path, out);
    const std::string& id = person.relationships(j).relationship_id();
    if (!id.empty() && !relationships.insert(id).second) {
      out.push_back({relationship_path + ".relationship_id",
                     "repeats an earlier relationship of this person"});
    }
  }
}

// The custom fields of one record a People upsert writes (the person or
// one of its associations), to check against `object`'s describe.
struct CustomFieldsToCheck {
  const char* object;
  std::string path;
  google::protobuf::Struct* fields;
};

// Every record of `people` that sets custom fields; the pointers are into
// `people`.
std::vector<CustomFieldsToCheck> CustomFieldsOf(std::vector<Person>& people) {
  std::vector<CustomFieldsToCheck> out;
  auto add = [&out](const char* object, std::string path,
                    google::protobuf::Struct* fields) {
    if (!fields->fields().empty()) {
      out.push_back({object, std::move(path), fields});
    }
  };
  for (size_t i = 0; i < people.size(); ++i) {
    Person& person = people[i];
    const std::string path = absl::StrCat(kPeopleField, "[", i, "]");
    add(kPersonObject, path, person.mutable_custom_fields());
    for (int j = 0; j < person.companies_size(); ++j) {
      add(kCompanyPersonObject, absl::StrCat(path, ".companies[", j, "]"),
          person.mutable_companies(j)->mutable_custom_fields());
    }
    for (int j = 0; j < person.relationships_size(); ++j) {
      add(kRelationshipPersonObject,
          absl::StrCat(path, ".relationships[", j, "]"),
          person.mutable_relationships(j)->mutable_custom_fields());
    }
  }
  return out;
}

// Reads the (cached) describe of each of `objects`, one after another (at
// most one per kind of People record), into `described`, then hands them to
// `then`, or the first failure.
void DescribeEach(MetadataCache* metadata, std::vector<std::string> objects,
                  std::map<std::string, ObjectMetadataPtr> described,
                  CallContext context,
                  absl::AnyInvocable<void(
                      absl::StatusOr<std::map<std::string, ObjectMetadataPtr>>)>
                      then) {
  if (objects.empty()) {
    then(std::move(described));
    return;
  }
  const std::string object = objects.front();
  objects.erase(objects.begin());
  metadata->Get(
      object, context,
      [metadata, object, objects = std::move(objects),
       described = std::move(described), context,
       then = std::move(then)](absl::StatusOr<ObjectMetadataPtr> got) mutable {
        if (!got.ok()) {
          then(got.status());
          return;
        }
        described[object] = *std::move(got);
        DescribeEach(metadata, std::move(objects), std::move(described),
                     std::move(context), std::move(then));
      });
}

}  // namespace

PersonService::PersonService(RecordOps* records, PeopleOps* people,
                             MetadataCache* metadata, ApiOptions api_options,
                             int concurrency)
    : records_(records),
      people_(people),
      metadata_(metadata),
      api_options_(api_options),
      concurrency_(concurrency) {}

void PersonService::WithDescribedCustomFields(
    UnaryCall* call, std::vector<Person> people,
    absl::AnyInvocable<void(std::vector<Person>)> write) {
  auto shared = std::make_shared<std::vector<Person>>(std::move(people));
  std::vector<CustomFieldsToCheck> checks = CustomFieldsOf(*shared);
  if (checks.empty()) {
    write(std::move(*shared));
    return;
  }
  std::vector<std::string> objects;
  for (const char* object :
       {kPersonObject, kCompanyPersonObject, kRelationshipPersonObject}) {
    if (std::any_of(checks.begin(), checks.end(),
                    [object](const CustomFieldsToCheck& c) {
                      return absl::string_view(c.object) == object;
                    })) {
      objects.push_back(object);
    }
  }
  DescribeEach(
      metadata_, std::move(objects), {}, call->context(),
      [call, shared, checks = std::move(checks), write = std::move(write)](
          absl::StatusOr<std::map<std::string, ObjectMetadataPtr>>
              described) mutable {
        if (!described.ok()) {
          call->Reply(described.status());
          return;
        }
        Violations violations;
        for (const CustomFieldsToCheck& check : checks) {
          CheckDescribedFields(*described->at(check.object), check.path,
                               check.fields, violations);
        }
        if (!violations.empty()) {
          call->Reply(InvalidArgument(violations));
          return;
        }
        write(std::move(*shared));
      });
}

grpc::ServerUnaryReactor* PersonService::UpsertPeople(
    grpc::CallbackServerContext* context,
    const gainsight::v1::UpsertPeopleRequest* request,
    gainsight::v1::UpsertPeopleResponse* response) {
  auto* call = new UnaryCall(context, api_options_);
  Violations violations;
  CheckRecordCount(request->people_size(), kPeopleField, violations);
  CheckRequestId(request->request_id(), violations);
  std::map<std::string, int> first_with_email;
  for (int i = 0; i < request->people_size(); ++i) {
    const Person& person = request->people(i);
    CheckPerson(person, i, violations);
    if (!person.email().empty()) {
      auto [it, inserted] =
          first_with_email.emplace(absl::AsciiStrToLower(person.email()), i);
      if (!inserted) {
        violations.push_back(
            {absl::StrCat(kPeopleField, "[", i, "].email"),
             absl::StrCat("repeats the email of ", kPeopleField, "[",
                          it->second, "]: merge them into one person")});
      }
    }
  }
  if (!violations.empty()) {
    call->Reply(InvalidArgument(violations));
    return call;
  }
  WithDescribedCustomFields(
      call, {request->people().begin(), request->people().end()},
      [this, call, request, response](std::vector<Person> people) {
        std::vector<Json> bodies;
        bodies.reserve(people.size());
        for (const Person& person : people) {
          bodies.push_back(PersonUpsertBody(person));
        }
        CallContext ctx = call->context();
        ctx.request_id = request->request_id();
        people_->Upsert(std::move(bodies), concurrency_, std::move(ctx),
                        ReplyWithResults(call, response));
      });
  return call;
}

grpc::ServerUnaryReactor* PersonService::GetPerson(
    grpc::CallbackServerContext* context,
    const gainsight::v1::GetPersonRequest* request,
    gainsight::v1::GetPersonResponse* response) {
  auto* call = new UnaryCall(context, api_options_);
  Violations violations;
  std::string field, value;
  switch (request->person_case()) {
    case gainsight::v1::GetPersonRequest::kGsid:
      field = kGsidField;
      value = request->gsid();
      if (!IsGsid(value)) {
        violations.push_back({"gsid", kNotAGsid});
      }
      break;
    case gainsight::v1::GetPersonRequest::kEmail:
      field = kPersonEmailField;
      value = request->email();
      if (!IsEmailAddress(value)) {
        violations.push_back({"email", "must be an email address"});
      }
      break;
    default:
      violations.push_back({"gsid", "give the person's gsid or email"});
  }
  for (int i = 0; i < request->extra_fields_size(); ++i) {
    CheckFieldPath(request->extra_fields(i),
                   absl::StrCat("extra_fields[", i, "]"), violations);
  }
  if (!violations.empty()) {
    call->Reply(InvalidArgument(violations));
    return call;
  }
  QuerySpec spec;
  spec.select = PersonMapping().DefaultSelect();
  for (const std::string& f : request->extra_fields()) spec.select.push_back(f);
  spec.filter = FieldEqualsAny(field, {value});
  spec.limit = 1;
  RecordOps* records = records_;
  const CallContext ctx = call->context();
  AssociationsToRead associations;
  associations.companies = true;
  associations.relationships = request->include_relationships();
  records_->Read(
      kPersonObject, std::move(spec), ctx,
      [call, response, records, ctx, field,
       associations](absl::StatusOr<std::vector<Json>> rows) {
        if (!rows.ok()) {
          call->Reply(rows.status());
          return;
        }
        if (rows->empty()) {
          absl::Status status = absl::NotFoundError(absl::StrCat(
              "no person with that ", field == kGsidField ? "gsid" : "email"));
          AttachErrorInfo(status, "PERSON_NOT_FOUND");
          call->Reply(status);
          return;
        }
        Person* person = response->mutable_person();
        absl::Status s = PersonMapping().FromRow(rows->front(), person);
        if (!s.ok()) {
          call->Reply(s);
          return;
        }
        AttachAssociations(records, {person}, associations, ctx,
                           [call](absl::Status s) { call->Reply(s); });
      },
      /*cacheable=*/true);
  return call;
}

grpc::ServerUnaryReactor* PersonService::QueryPeople(
    grpc::CallbackServerContext* context,
    const gainsight::v1::QueryPeopleRequest* request,
    gainsight::v1::QueryPeopleResponse* response) {
  auto* call = new UnaryCall(context, api_options_);
  Violations violations;
  const gainsight::v1::PeopleObject object =
      request->object() == gainsight::v1::PEOPLE_OBJECT_UNSPECIFIED
          ? gainsight::v1::PEOPLE_OBJECT_PERSON
          : request->object();
  const char* gainsight_object = kPersonObject;
  const RecordMapping* mapping = &PersonMapping();
  switch (object) {
    case gainsight::v1::PEOPLE_OBJECT_PERSON:
      break;
    case gainsight::v1::PEOPLE_OBJECT_COMPANY_PERSON:
      gainsight_object = kCompanyPersonObject;
      mapping = &CompanyPersonMapping();
      break;
    case gainsight::v1::PEOPLE_OBJECT_RELATIONSHIP_PERSON:
      gainsight_object = kRelationshipPersonObject;
      mapping = &RelationshipPersonMapping();
      break;
    default:
      violations.push_back(
          {"object", "must be PERSON, COMPANY_PERSON or RELATIONSHIP_PERSON"});
  }
  const bool people = object == gainsight::v1::PEOPLE_OBJECT_PERSON;
  if (!people && request->include_companies()) {
    violations.push_back(
        {"include_companies", "applies to Person queries only"});
  }
  if (!people && request->include_relationships()) {
    violations.push_back(
        {"include_relationships", "applies to Person queries only"});
  }
  const OffsetPage page = CheckQueryRequest(*request, violations);
  if (!violations.empty()) {
    call->Reply(InvalidArgument(violations));
    return call;
  }
  QuerySpec spec;
  spec.select = request->select().empty() ? mapping->DefaultSelect()
                                          : SelectWithGsid(request->select());
  spec.filter = request->filter();
  spec.order_by = {request->order_by().begin(), request->order_by().end()};
  spec.limit = page.QueryLimit();
  spec.offset = page.offset;
  AssociationsToRead associations;
  associations.companies = request->include_companies();
  associations.relationships = request->include_relationships();
  RecordOps* records = records_;
  const CallContext ctx = call->context();
  records_->Read(
      gainsight_object, std::move(spec), ctx,
      [call, response, records, ctx, object, mapping, associations,
       page](absl::StatusOr<std::vector<Json>> rows) {
        if (!rows.ok()) {
          call->Reply(rows.status());
          return;
        }
        const size_t n = page.Keep(rows->size());
        for (size_t i = 0; i < n; ++i) {
          google::protobuf::Message* out =
              object == gainsight::v1::PEOPLE_OBJECT_COMPANY_PERSON
                  ? static_cast<google::protobuf::Message*>(
                        response->add_company_people())
              : object == gainsight::v1::PEOPLE_OBJECT_RELATIONSHIP_PERSON
                  ? static_cast<google::protobuf::Message*>(
                        response->add_relationship_people())
                  : response->add_people();
          absl::Status s = mapping->FromRow((*rows)[i], out);
          if (!s.ok()) {
            call->Reply(s);
            return;
          }
        }
        response->set_next_page_token(page.NextToken(rows->size()));
        if (object != gainsight::v1::PEOPLE_OBJECT_PERSON) {
          FillPersonEmails(records, response, ctx,
                           [call](absl::Status s) { call->Reply(s); });
          return;
        }
        std::vector<Person*> people;
        for (Person& p : *response->mutable_people()) people.push_back(&p);
        AttachAssociations(records, std::move(people), associations, ctx,
                           [call](absl::Status s) { call->Reply(s); });
      });
  return call;
}

grpc::ServerUnaryReactor* PersonService::DeletePeople(
    grpc::CallbackServerContext* context,
    const gainsight::v1::DeletePeopleRequest* request,
    gainsight::v1::DeletePeopleResponse* response) {
  auto* call = new UnaryCall(context, api_options_);
  Violations violations;
  CheckRecordCount(request->people_size(), kPeopleField, violations);
  CheckRequestId(request->request_id(), violations);
  std::vector<PersonRef> refs;
  std::set<std::string> seen;
  for (int i = 0; i < request->people_size(); ++i) {
    const gainsight::v1::PersonKey& key = request->people(i);
    const std::string path = absl::StrCat(kPeopleField, "[", i, "]");
    PersonRef ref;
    std::string identity;
    if (key.has_gsid()) {
      ref.gsid = key.gsid();
      identity = "g:" + ref.gsid;
      if (!IsGsid(ref.gsid)) {
        violations.push_back({path + ".gsid", kNotAGsid});
      }
    } else if (key.has_email()) {
      ref.email = key.email();
      identity = "e:" + absl::AsciiStrToLower(ref.email);
      if (!IsEmailAddress(ref.email)) {
        violations.push_back({path + ".email", "must be an email address"});
      }
    } else {
      violations.push_back({path, "give the person's gsid or email"});
    }
    if (!identity.empty() && !seen.insert(identity).second) {
      violations.push_back({path, "repeats an earlier person"});
    }
    refs.push_back(std::move(ref));
  }
  if (!violations.empty()) {
    call->Reply(InvalidArgument(violations));
    return call;
  }
  CallContext ctx = call->context();
  ctx.request_id = request->request_id();
  people_->Delete(std::move(refs), concurrency_, std::move(ctx),
                  ReplyWithResults(call, response));
  return call;
}

}  // namespace gg
