// Every gsctl command: which RPC it calls and how flags fill the request.
#include <string>
#include <vector>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "bulk_commands.h"
#include "command.h"
#include "doctor_command.h"
#include "exit_codes.h"
#include "gainsight/v1/company.grpc.pb.h"
#include "gainsight/v1/cta.grpc.pb.h"
#include "gainsight/v1/custom_object.grpc.pb.h"
#include "gainsight/v1/metadata.grpc.pb.h"
#include "gainsight/v1/person.grpc.pb.h"
#include "gainsight/v1/playbook.grpc.pb.h"
#include "gainsight/v1/quota.grpc.pb.h"
#include "gainsight/v1/relationship.grpc.pb.h"
#include "gainsight/v1/success_plan.grpc.pb.h"
#include "gainsight/v1/task.grpc.pb.h"
#include "generic_commands.h"
#include "request_fields.h"

namespace gsctl {
namespace {

namespace gv1 = gainsight::v1;
using google::protobuf::Message;

absl::Status SetEntity(const Env& env, Message* request) {
  if (!env.args.Has("entity")) return absl::OkStatus();
  return SetEnum(request, "entity_type", env.args.Get("entity"), "entity");
}

absl::Status SetDeleted(const Env& env, Message* request) {
  if (env.args.Has("deleted")) SetBool(request, "deleted_only", true);
  return absl::OkStatus();
}

// Quota: one row per window.
void PrintQuota(const Message& message, std::ostream& out) {
  const auto& quota = static_cast<const gv1::GetQuotaResponse&>(message);
  out << "mode: "
      << CellText(quota, quota.GetDescriptor()->FindFieldByName("mode"))
      << "\n";
  std::vector<std::vector<std::string>> cells;
  for (const gv1::QuotaClass& c : quota.classes()) {
    std::string name =
        CellText(c, c.GetDescriptor()->FindFieldByName("call_class"));
    for (const gv1::QuotaWindow& w : c.windows()) {
      std::string reset =
          CellText(w, w.GetDescriptor()->FindFieldByName("reset_time"));
      cells.push_back(
          {name, CellText(w, w.GetDescriptor()->FindFieldByName("length")),
           absl::StrCat(w.limit()), absl::StrCat(w.usable()),
           absl::StrCat(w.used()), absl::StrCat(w.remaining()),
           absl::StrCat(w.batch_remaining()), reset,
           absl::StrCat(c.queued_interactive()),
           absl::StrCat(c.queued_batch())});
    }
  }
  // batch_remaining: what batch-priority work (bulk jobs, --batch) can still
  // use now, the interactive reserve left out.
  std::vector<std::string> header = {
      "class",           "window",     "limit",
      "usable",          "used",       "remaining",
      "batch_remaining", "reset_time", "queued_interactive",
      "queued_batch"};
  std::vector<size_t> widths;
  for (const auto& h : header) widths.push_back(h.size());
  for (const auto& row : cells) {
    for (size_t i = 0; i < row.size(); ++i) {
      widths[i] = std::max(widths[i], row[i].size());
    }
  }
  auto print = [&](const std::vector<std::string>& row) {
    std::string line;
    for (size_t i = 0; i < row.size(); ++i) {
      line += row[i];
      if (i + 1 < row.size()) line.append(widths[i] - row[i].size() + 2, ' ');
    }
    out << line << "\n";
  };
  print(header);
  for (const auto& row : cells) print(row);
  const gv1::RecentWrites& recent = quota.recent_writes();
  out << "recent writes: " << recent.write_calls() << " calls carried "
      << recent.records() << " records ("
      << absl::StrFormat("%.1f", recent.records_per_call())
      << " per call, at most 50) in the last "
      << CellText(recent, recent.GetDescriptor()->FindFieldByName("period"))
      << "\n";
}

void PrintCtaConfig(const Message& message, std::ostream& out) {
  PrintItems(message, out, {"type", "statuses", "priorities", "reasons"});
}

void PrintSuccessPlanConfig(const Message& message, std::ostream& out) {
  const auto& config =
      static_cast<const gv1::GetSuccessPlanConfigResponse&>(message);
  out << "types:\n";
  std::vector<const Message*> types = Pointers(config.types());
  std::vector<const Message*> statuses = Pointers(config.statuses());
  PrintTable(types, out, {"label", "gsid", "active", "is_default"});
  out << "statuses:\n";
  PrintTable(statuses, out, {"label", "gsid", "closed", "active"});
}

void PrintObjects(const Message& message, std::ostream& out) {
  PrintItems(message, out,
             {"object_name", "label", "object_type", "transactional"});
}

void PrintDescribe(const Message& message, std::ostream& out) {
  const auto& response =
      static_cast<const gv1::DescribeObjectResponse&>(message);
  out << response.object().object_name() << " (" << response.object().label()
      << ")\n";
  std::vector<const Message*> fields = Pointers(response.object().fields());
  PrintTable(fields, out,
             {"field_name", "data_type", "required", "read_only", "length",
              "picklist_values"});
}

// Custom objects have no get RPC: a query by Gsid; none found is NOT_FOUND.
int RecordGet(Env& env) {
  if (env.args.words.size() != 1) return UsageError(env, "get takes one GSID");
  if (env.args.Get("object").empty()) {
    return UsageError(env, "--object is required");
  }
  gv1::QueryRecordsRequest request;
  request.set_object_name(env.args.Get("object"));
  for (const std::string& field : env.args.List("select")) {
    request.add_select(field);
  }
  gv1::Condition* condition = request.mutable_filter()->add_conditions();
  condition->set_field("Gsid");
  condition->set_operator_(gv1::OPERATOR_EQ);
  condition->add_values()->set_string_value(env.args.words[0]);
  request.set_page_size(1);
  gv1::QueryRecordsResponse response;
  if (int code =
          CallRpc(env, Unary(&gv1::CustomObjectService::Stub::QueryRecords),
                  request, &response);
      code != kExitOk) {
    return code;
  }
  if (response.records().empty()) {
    PrintRpcError(
        grpc::Status(grpc::StatusCode::NOT_FOUND,
                     absl::StrCat("no ", request.object_name(),
                                  " record with GSID ", env.args.words[0])),
        *env.err);
    return ExitCodeForRpc(grpc::StatusCode::NOT_FOUND);
  }
  if (env.format == OutputFormat::kJson) {
    PrintJson(response.records(0), *env.out);
  } else {
    PrintRecord(response.records(0), *env.out);
  }
  return kExitOk;
}

std::vector<Command> Build() {
  std::vector<Command> c;
  using CS = gv1::CompanyService::Stub;
  // CSV columns that are no typed field must be fields of the object.
  auto described = [](WriteSpec spec, const char* object) {
    spec.described_object = object;
    return spec;
  };
  c.push_back(WriteCommand("company", "insert", "Create companies.",
                           Unary(&CS::InsertCompanies),
                           described(WriteOf("companies"), "Company")));
  c.push_back(WriteCommand("company", "update",
                           "Update companies found by --keys.",
                           Unary(&CS::UpdateCompanies),
                           described(WriteOf("companies", true), "Company")));
  c.push_back(
      WriteCommand("company", "upsert",
                   "Update the companies --keys find and insert the others.",
                   Unary(&CS::UpsertCompanies),
                   described(WriteOf("companies", true), "Company")));
  c.push_back(GetCommand("company", "Read one company by GSID.",
                         Unary(&CS::GetCompany)));
  QuerySpec company_list;
  company_list.filter = false;
  c.push_back(QueryCommand("company", "list", "List companies.",
                           Unary(&CS::QueryCompanies), company_list));
  c.push_back(QueryCommand("company", "query",
                           "Query companies by --where conditions.",
                           Unary(&CS::QueryCompanies), {}));
  c.push_back(DeleteCommand("company", "Delete companies by GSID.",
                            Unary(&CS::DeleteCompanies)));

  using RelS = gv1::RelationshipService::Stub;
  c.push_back(
      WriteCommand("relationship", "insert", "Create relationships.",
                   Unary(&RelS::InsertRelationships),
                   described(WriteOf("relationships"), "relationship")));
  c.push_back(WriteCommand(
      "relationship", "update", "Update relationships found by --keys.",
      Unary(&RelS::UpdateRelationships),
      described(WriteOf("relationships", true), "relationship")));
  c.push_back(WriteCommand(
      "relationship", "upsert",
      "Update the relationships --keys find and insert the others.",
      Unary(&RelS::UpsertRelationships),
      described(WriteOf("relationships", true), "relationship")));
  c.push_back(GetCommand("relationship", "Read one relationship by GSID.",
                         Unary(&RelS::GetRelationship)));
  QuerySpec relationship_list;
  relationship_list.filter = false;
  c.push_back(QueryCommand("relationship", "list", "List relationships.",
                           Unary(&RelS::QueryRelationships),
                           relationship_list));
  c.push_back(QueryCommand("relationship", "query",
                           "Query relationships by --where conditions.",
                           Unary(&RelS::QueryRelationships), {}));
  c.push_back(DeleteCommand("relationship", "Delete relationships by GSID.",
                            Unary(&RelS::DeleteRelationships)));

  using PS = gv1::PersonService::Stub;
  c.push_back(WriteCommand("person", "upsert",
                           "Create or update people by email (with their "
                           "companies and relationships, from JSON).",
                           Unary(&PS::UpsertPeople),
                           described(WriteOf("people"), "Person")));
  Tweak person_key = [](const Env& env, Message* request) {
    const std::string& id = env.args.words[0];
    if (env.args.Has("email") || absl::StrContains(id, '@')) {
      SetString(request, "email", id);
    } else {
      SetString(request, "gsid", id);
    }
    if (env.args.Has("include-relationships")) {
      SetBool(request, "include_relationships", true);
    }
    return absl::OkStatus();
  };
  c.push_back(GetCommand("person",
                         "Read one person by GSID or email, with companies "
                         "(and relationships with --include-relationships).",
                         Unary(&PS::GetPerson), person_key,
                         {"email", "include-relationships"}));
  QuerySpec people;
  people.flags = {"company-people", "relationship-people", "include-companies",
                  "include-relationships"};
  people.tweak = [](const Env& env, Message* request) {
    if (env.args.Has("company-people")) {
      SetEnum(request, "object", "company_person", "company-people")
          .IgnoreError();
    }
    if (env.args.Has("relationship-people")) {
      SetEnum(request, "object", "relationship_person", "relationship-people")
          .IgnoreError();
    }
    if (env.args.Has("include-companies")) {
      SetBool(request, "include_companies", true);
    }
    if (env.args.Has("include-relationships")) {
      SetBool(request, "include_relationships", true);
    }
    return absl::OkStatus();
  };
  QuerySpec people_list = people;
  people_list.filter = false;
  c.push_back(QueryCommand("person", "list",
                           "List people (or Company Person or Relationship "
                           "Person records).",
                           Unary(&PS::QueryPeople), people_list));
  c.push_back(QueryCommand("person", "query",
                           "Query people by --where conditions.",
                           Unary(&PS::QueryPeople), people));
  c.push_back(DeleteCommand(
      "person", "Delete people by GSID or email.", Unary(&PS::DeletePeople),
      [](const Env& env, Message* message) {
        auto* request = static_cast<gv1::DeletePeopleRequest*>(message);
        for (const std::string& id : env.args.words) {
          if (env.args.Has("email") || absl::StrContains(id, '@')) {
            request->add_people()->set_email(id);
          } else {
            request->add_people()->set_gsid(id);
          }
        }
        return absl::OkStatus();
      },
      {"email"}));

  using RS = gv1::CustomObjectService::Stub;
  WriteSpec records = WriteOf("records", false, true);
  WriteSpec keyed_records = WriteOf("records", true, true);
  c.push_back(WriteCommand("record", "insert",
                           "Create records of --object (any object).",
                           Unary(&RS::InsertRecords), records));
  c.push_back(WriteCommand("record", "update",
                           "Update records of --object found by --keys.",
                           Unary(&RS::UpdateRecords), keyed_records));
  c.push_back(WriteCommand("record", "upsert",
                           "Update records of --object that --keys find, "
                           "insert the others.",
                           Unary(&RS::UpsertRecords), keyed_records));
  c.push_back(Command{"record",
                      "get",
                      "GSID",
                      "Read one record of --object by GSID.",
                      {"object", "select"},
                      RecordGet});
  QuerySpec record_list;
  record_list.filter = false;
  record_list.object = true;
  c.push_back(QueryCommand("record", "list", "List records of --object.",
                           Unary(&RS::QueryRecords), record_list));
  QuerySpec record_query;
  record_query.object = true;
  c.push_back(QueryCommand("record", "query",
                           "Query records of --object by --where conditions.",
                           Unary(&RS::QueryRecords), record_query));
  c.push_back(DeleteCommand(
      "record", "Delete records of --object by GSID.",
      Unary(&RS::DeleteRecords),
      [](const Env& env, Message* request) {
        if (env.args.Get("object").empty()) {
          return absl::InvalidArgumentError("--object is required");
        }
        SetString(request, "object_name", env.args.Get("object"));
        AddStrings(request, "gsids", env.args.words);
        return absl::OkStatus();
      },
      {"object"}));

  using CtaS = gv1::CtaService::Stub;
  c.push_back(WriteCommand("cta", "create",
                           "Create CTAs (type, status, priority, reason by "
                           "label; owner by email).",
                           Unary(&CtaS::CreateCtas), WriteOf("ctas")));
  WriteSpec cta_update = WriteOf("ctas");
  cta_update.flags = {"due-date-cascade", "owner-cascade"};
  cta_update.tweak = [](const Env& env, Message* request) {
    if (env.args.Has("due-date-cascade")) {
      if (absl::Status s =
              SetEnum(request, "due_date_cascade",
                      env.args.Get("due-date-cascade"), "due-date-cascade");
          !s.ok()) {
        return s;
      }
    }
    if (env.args.Has("owner-cascade")) {
      return SetEnum(request, "owner_cascade", env.args.Get("owner-cascade"),
                     "owner-cascade");
    }
    return absl::OkStatus();
  };
  c.push_back(WriteCommand("cta", "update", "Update CTAs found by gsid.",
                           Unary(&CtaS::UpdateCtas), cta_update));
  c.push_back(GetCommand("cta", "Read one CTA by GSID.", Unary(&CtaS::GetCta)));
  QuerySpec cta_list;
  cta_list.order = false;
  cta_list.tweak = SetDeleted;
  cta_list.flags = {"deleted"};
  c.push_back(QueryCommand("cta", "list",
                           "List CTAs, optionally by --where conditions.",
                           Unary(&CtaS::ListCtas), cta_list));
  c.push_back(ShowCommand(
      "cta", "config", "",
      "Show the CTA types with their statuses, priorities and reasons.",
      Unary(&CtaS::GetCtaConfig), SetEntity, {"entity"}, PrintCtaConfig));

  using TS = gv1::TaskService::Stub;
  c.push_back(WriteCommand("task", "create",
                           "Create tasks on existing CTAs (cta_id each).",
                           Unary(&TS::CreateTasks), WriteOf("tasks")));
  c.push_back(WriteCommand("task", "update", "Update tasks found by gsid.",
                           Unary(&TS::UpdateTasks), WriteOf("tasks")));
  QuerySpec task_list;
  task_list.filter = false;
  task_list.order = false;
  task_list.select = false;
  task_list.flags = {"cta", "select"};
  task_list.tweak = [](const Env& env, Message* request) {
    if (env.args.Get("cta").empty()) {
      return absl::InvalidArgumentError("--cta is required");
    }
    SetString(request, "cta_id", env.args.Get("cta"));
    AddStrings(request, "extra_fields", env.args.List("select"));
    return absl::OkStatus();
  };
  c.push_back(QueryCommand("task", "list", "List the tasks of one CTA (--cta).",
                           Unary(&TS::ListTasks), task_list));

  using PbS = gv1::PlaybookService::Stub;
  QuerySpec playbooks;
  playbooks.filter = false;
  playbooks.order = false;
  playbooks.select = false;
  playbooks.flags = {"cta-type", "entity", "include-inactive"};
  playbooks.tweak = [](const Env& env, Message* request) {
    SetString(request, "cta_type", env.args.Get("cta-type"));
    if (env.args.Has("include-inactive")) {
      SetBool(request, "include_inactive", true);
    }
    return SetEntity(env, request);
  };
  c.push_back(QueryCommand("playbook", "list",
                           "List playbooks (task templates for CTAs).",
                           Unary(&PbS::ListPlaybooks), playbooks));
  c.push_back(GetCommand("playbook", "Read one playbook with its tasks.",
                         Unary(&PbS::GetPlaybook)));

  using SS = gv1::SuccessPlanService::Stub;
  c.push_back(WriteCommand("plan", "create", "Create success plans.",
                           Unary(&SS::CreateSuccessPlans),
                           WriteOf("success_plans")));
  c.push_back(WriteCommand("plan", "update", "Update success plans by gsid.",
                           Unary(&SS::UpdateSuccessPlans),
                           WriteOf("success_plans")));
  c.push_back(GetCommand("plan", "Read one success plan by GSID.",
                         Unary(&SS::GetSuccessPlan)));
  QuerySpec plan_list;
  plan_list.order = false;
  plan_list.tweak = SetDeleted;
  plan_list.flags = {"deleted"};
  c.push_back(QueryCommand("plan", "list",
                           "List success plans, optionally by --where.",
                           Unary(&SS::ListSuccessPlans), plan_list));
  c.push_back(ShowCommand("plan", "config", "",
                          "Show success plan types and statuses.",
                          Unary(&SS::GetSuccessPlanConfig), SetEntity,
                          {"entity"}, PrintSuccessPlanConfig));

  using MS = gv1::MetadataService::Stub;
  c.push_back(ShowCommand("object", "list", "", "List the tenant's objects.",
                          Unary(&MS::ListObjects), nullptr, {}, PrintObjects));
  c.push_back(ShowCommand(
      "object", "describe", "NAME", "Describe one object and its fields.",
      Unary(&MS::DescribeObject),
      [](const Env& env, Message* request) {
        if (env.args.words.size() != 1) {
          return absl::InvalidArgumentError("describe takes one object name");
        }
        SetString(request, "object_name", env.args.words[0]);
        return absl::OkStatus();
      },
      {}, PrintDescribe));

  c.push_back(ShowCommand(
      "", "quota", "",
      "Show every rate window: limit, use, reset time and queue.",
      Unary(&gv1::QuotaService::Stub::GetQuota), nullptr, {}, PrintQuota));
  c.push_back(DoctorCommand());

  for (Command& command : BulkCommands()) c.push_back(std::move(command));
  return c;
}

}  // namespace

const std::vector<Command>& AllCommands() {
  static const auto* commands = new std::vector<Command>(Build());
  return *commands;
}

}  // namespace gsctl
