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
#include "api/record_check.h"
#include "api/record_results.h"
#include "api/validation.h"
#include "gainsight/person_mapping.h"

namespace gg {
namespace {

using gainsight::v1::CompanyPerson;
using gainsight::v1::Person;

constexpr char kPeopleField[] = "people";

void CheckCustomFields(const google::protobuf::Struct& fields,
                       const RecordMapping& mapping, absl::string_view object,
                       const std::string& path, Violations& out) {
  // A typed field's name, in any letter case.
  auto typed = [&mapping](absl::string_view name) {
    return absl::EqualsIgnoreCase(name, "Gsid") ||
           absl::EqualsIgnoreCase(name, kCompaniesKey) ||
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
      out.push_back(
          {path + ".company_id", "must be a GSID (letters and digits)"});
    }
  } else if (company.has_company_name()) {
    if (company.company_name().empty()) {
      out.push_back({path + ".company_name", "must not be empty"});
    }
  } else {
    out.push_back({path + ".company_id", "is required"});
  }
  if (company.has_create_time()) {
    out.push_back({path + ".create_time", "is output only"});
  }
  if (company.has_update_time()) {
    out.push_back({path + ".update_time", "is output only"});
  }
  CheckCustomFields(company.custom_fields(), CompanyPersonMapping(),
                    "CompanyPerson", path, out);
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
}

// One condition `field` IN/EQ `values` as a filter.
gainsight::v1::Filter Where(const std::string& field,
                            const std::vector<std::string>& values) {
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

// Reads the Company_Person rows of `person_gsids` (one query) and hands
// them to `then`, grouped by person GSID.
void ReadCompanies(
    RecordOps* records, const std::vector<std::string>& person_gsids,
    const CallContext& context,
    absl::AnyInvocable<
        void(absl::StatusOr<std::map<std::string, std::vector<CompanyPerson>>>)>
        then) {
  QuerySpec spec;
  spec.select = CompanyPersonMapping().DefaultSelect();
  spec.filter = Where("Person_ID", person_gsids);
  gainsight::v1::OrderBy order;
  order.set_field("CreatedDate");
  spec.order_by.push_back(order);
  order.set_field("Gsid");
  spec.order_by.push_back(order);
  spec.limit = kMaxQueryLimit;
  records->Query(
      kCompanyPersonObject, std::move(spec), context,
      [then = std::move(then)](absl::StatusOr<std::vector<Json>> rows) mutable {
        if (!rows.ok()) {
          then(rows.status());
          return;
        }
        std::map<std::string, std::vector<CompanyPerson>> by_person;
        for (const Json& row : *rows) {
          CompanyPerson company;
          absl::Status s = CompanyPersonMapping().FromRow(row, &company);
          if (!s.ok()) {
            then(s);
            return;
          }
          by_person[company.person_id()].push_back(std::move(company));
        }
        then(std::move(by_person));
      });
}

// Fills person_email of `company_people` from their Person_IDs (one query).
void FillPersonEmails(RecordOps* records,
                      gainsight::v1::QueryPeopleResponse* response,
                      const CallContext& context,
                      absl::AnyInvocable<void(absl::Status)> then) {
  std::set<std::string> ids;
  for (const CompanyPerson& c : response->company_people()) {
    if (!c.person_id().empty()) ids.insert(c.person_id());
  }
  if (ids.empty()) {
    then(absl::OkStatus());
    return;
  }
  QuerySpec spec;
  spec.select = {"Gsid", "Email"};
  spec.filter = Where("Gsid", {ids.begin(), ids.end()});
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
          auto g = row.find("Gsid");
          auto e = row.find("Email");
          if (g != row.end() && g->is_string() && e != row.end() &&
              e->is_string()) {
            email_by_gsid[g->get<std::string>()] = e->get<std::string>();
          }
        }
        for (CompanyPerson& c : *response->mutable_company_people()) {
          auto it = email_by_gsid.find(c.person_id());
          if (it != email_by_gsid.end()) {
            c.set_person_email(it->second);
          }
        }
        then(absl::OkStatus());
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
  bool person_fields = false, company_fields = false;
  for (const Person& person : people) {
    person_fields = person_fields || !person.custom_fields().fields().empty();
    for (const CompanyPerson& company : person.companies()) {
      company_fields =
          company_fields || !company.custom_fields().fields().empty();
    }
  }
  if (!person_fields && !company_fields) {
    write(std::move(people));
    return;
  }
  // Both describes (one, cached, when only one kind of record has custom
  // fields), then the checks.
  auto check = [call, people = std::move(people), write = std::move(write)](
                   ObjectMetadataPtr person_object,
                   ObjectMetadataPtr company_object) mutable {
    Violations violations;
    for (size_t i = 0; i < people.size(); ++i) {
      const std::string path = absl::StrCat(kPeopleField, "[", i, "]");
      if (person_object != nullptr) {
        CheckDescribedFields(*person_object, path,
                             people[i].mutable_custom_fields(), violations);
      }
      for (int j = 0;
           company_object != nullptr && j < people[i].companies_size(); ++j) {
        CheckDescribedFields(
            *company_object, absl::StrCat(path, ".companies[", j, "]"),
            people[i].mutable_companies(j)->mutable_custom_fields(),
            violations);
      }
    }
    if (!violations.empty()) {
      call->Reply(InvalidArgument(violations));
      return;
    }
    write(std::move(people));
  };
  auto with_company = [this, call, company_fields, check = std::move(check)](
                          ObjectMetadataPtr person_object) mutable {
    if (!company_fields) {
      check(std::move(person_object), nullptr);
      return;
    }
    metadata_->Get(kCompanyPersonObject, call->context(),
                   [call, person_object, check = std::move(check)](
                       absl::StatusOr<ObjectMetadataPtr> company) mutable {
                     if (!company.ok()) {
                       call->Reply(company.status());
                       return;
                     }
                     check(std::move(person_object), *std::move(company));
                   });
  };
  if (!person_fields) {
    with_company(nullptr);
    return;
  }
  metadata_->Get(kPersonObject, call->context(),
                 [call, with_company = std::move(with_company)](
                     absl::StatusOr<ObjectMetadataPtr> person) mutable {
                   if (!person.ok()) {
                     call->Reply(person.status());
                     return;
                   }
                   with_company(*std::move(person));
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
      field = "Gsid";
      value = request->gsid();
      if (!IsGsid(value)) {
        violations.push_back({"gsid", "must be a GSID (letters and digits)"});
      }
      break;
    case gainsight::v1::GetPersonRequest::kEmail:
      field = "Email";
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
  spec.filter = Where(field, {value});
  spec.limit = 1;
  RecordOps* records = records_;
  const CallContext ctx = call->context();
  records_->Read(
      kPersonObject, std::move(spec), ctx,
      [call, response, records, ctx, field,
       value](absl::StatusOr<std::vector<Json>> rows) {
        if (!rows.ok()) {
          call->Reply(rows.status());
          return;
        }
        if (rows->empty()) {
          absl::Status status = absl::NotFoundError(absl::StrCat(
              "no person with that ", field == "Gsid" ? "gsid" : "email"));
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
        ReadCompanies(
            records, {person->gsid()}, ctx,
            [call, person](absl::StatusOr<
                           std::map<std::string, std::vector<CompanyPerson>>>
                               companies) {
              if (!companies.ok()) {
                call->Reply(companies.status());
                return;
              }
              for (CompanyPerson& c : (*companies)[person->gsid()]) {
                *person->add_companies() = std::move(c);
              }
              call->Reply(absl::OkStatus());
            });
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
  const bool company_people =
      request->object() == gainsight::v1::PEOPLE_OBJECT_COMPANY_PERSON;
  if (request->object() != gainsight::v1::PEOPLE_OBJECT_UNSPECIFIED &&
      request->object() != gainsight::v1::PEOPLE_OBJECT_PERSON &&
      !company_people) {
    violations.push_back({"object", "must be PERSON or COMPANY_PERSON"});
  }
  if (company_people && request->include_companies()) {
    violations.push_back(
        {"include_companies", "applies to Person queries only"});
  }
  const OffsetPage page = CheckQueryRequest(*request, violations);
  if (!violations.empty()) {
    call->Reply(InvalidArgument(violations));
    return call;
  }
  const RecordMapping& mapping =
      company_people ? CompanyPersonMapping() : PersonMapping();
  QuerySpec spec;
  spec.select = request->select().empty() ? mapping.DefaultSelect()
                                          : SelectWithGsid(request->select());
  spec.filter = request->filter();
  spec.order_by = {request->order_by().begin(), request->order_by().end()};
  spec.limit = page.QueryLimit();
  spec.offset = page.offset;
  const bool include_companies = request->include_companies();
  RecordOps* records = records_;
  const CallContext ctx = call->context();
  records_->Read(
      company_people ? kCompanyPersonObject : kPersonObject, std::move(spec),
      ctx,
      [call, response, records, ctx, company_people, include_companies,
       page](absl::StatusOr<std::vector<Json>> rows) {
        if (!rows.ok()) {
          call->Reply(rows.status());
          return;
        }
        const size_t n = page.Keep(rows->size());
        for (size_t i = 0; i < n; ++i) {
          absl::Status s =
              company_people
                  ? CompanyPersonMapping().FromRow(
                        (*rows)[i], response->add_company_people())
                  : PersonMapping().FromRow((*rows)[i], response->add_people());
          if (!s.ok()) {
            call->Reply(s);
            return;
          }
        }
        response->set_next_page_token(page.NextToken(rows->size()));
        if (company_people) {
          FillPersonEmails(records, response, ctx,
                           [call](absl::Status s) { call->Reply(s); });
          return;
        }
        if (!include_companies || response->people().empty()) {
          call->Reply(absl::OkStatus());
          return;
        }
        std::vector<std::string> gsids;
        for (const Person& p : response->people()) gsids.push_back(p.gsid());
        ReadCompanies(
            records, gsids, ctx,
            [call, response](absl::StatusOr<
                             std::map<std::string, std::vector<CompanyPerson>>>
                                 companies) {
              if (!companies.ok()) {
                call->Reply(companies.status());
                return;
              }
              for (Person& p : *response->mutable_people()) {
                for (CompanyPerson& c : (*companies)[p.gsid()]) {
                  *p.add_companies() = std::move(c);
                }
              }
              call->Reply(absl::OkStatus());
            });
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
        violations.push_back(
            {path + ".gsid", "must be a GSID (letters and digits)"});
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
