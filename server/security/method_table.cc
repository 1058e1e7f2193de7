#include "security/method_table.h"

#include "absl/strings/str_cat.h"
#include "absl/strings/strip.h"

namespace gg {
namespace {

using G = MethodGroup;

constexpr char kCompany[] = "gainsight.v1.CompanyService";
constexpr char kQuota[] = "gainsight.v1.QuotaService";
constexpr char kPerson[] = "gainsight.v1.PersonService";
constexpr char kCustom[] = "gainsight.v1.CustomObjectService";
constexpr char kRelationship[] = "gainsight.v1.RelationshipService";
constexpr char kCta[] = "gainsight.v1.CtaService";
constexpr char kTask[] = "gainsight.v1.TaskService";
constexpr char kPlaybook[] = "gainsight.v1.PlaybookService";
constexpr char kSuccessPlan[] = "gainsight.v1.SuccessPlanService";
constexpr char kMetadata[] = "gainsight.v1.MetadataService";
constexpr char kBulk[] = "gainsight.v1.BulkService";

MethodRule Fixed(const char* service, const char* method, G group,
                 const char* object, const char* records = nullptr) {
  return {service, method, group,   object,
          nullptr, false,  records, group == G::kWrite || group == G::kDelete};
}
MethodRule Named(const char* service, const char* method, G group,
                 const char* records = nullptr) {
  return {service,
          method,
          group,
          nullptr,
          "object_name",
          false,
          records,
          group == G::kWrite || group == G::kDelete || group == G::kExport};
}
MethodRule Plain(const char* service, const char* method, G group,
                 const char* records = nullptr) {
  return {service, method, group,   nullptr,
          nullptr, false,  records, group == G::kWrite || group == G::kDelete};
}

}  // namespace

absl::string_view MethodGroupName(MethodGroup group) {
  switch (group) {
    case G::kRead:
      return "read";
    case G::kWrite:
      return "write";
    case G::kDelete:
      return "delete";
    case G::kBulk:
      return "bulk";
    case G::kExport:
      return "export";
  }
  return "read";
}

std::optional<MethodGroup> ParseMethodGroup(absl::string_view name) {
  for (G g : {G::kRead, G::kWrite, G::kDelete, G::kBulk, G::kExport}) {
    if (MethodGroupName(g) == name) return g;
  }
  return std::nullopt;
}

std::string MethodRule::full_name() const {
  return absl::StrCat(service, "/", method);
}

const std::vector<MethodRule>& MethodTable() {
  static const auto* kTable = new std::vector<MethodRule>{
      Fixed(kCompany, "InsertCompanies", G::kWrite, "Company", "companies"),
      Fixed(kCompany, "UpdateCompanies", G::kWrite, "Company", "companies"),
      Fixed(kCompany, "UpsertCompanies", G::kWrite, "Company", "companies"),
      Fixed(kCompany, "GetCompany", G::kRead, "Company"),
      Fixed(kCompany, "QueryCompanies", G::kRead, "Company"),
      Fixed(kCompany, "DeleteCompanies", G::kDelete, "Company", "gsids"),
      Plain(kQuota, "GetQuota", G::kRead),
      Fixed(kPerson, "UpsertPeople", G::kWrite, "Person", "people"),
      Fixed(kPerson, "GetPerson", G::kRead, "Person"),
      Fixed(kPerson, "QueryPeople", G::kRead, "Person"),
      Fixed(kPerson, "DeletePeople", G::kDelete, "Person", "people"),
      Named(kCustom, "InsertRecords", G::kWrite, "records"),
      Named(kCustom, "UpdateRecords", G::kWrite, "records"),
      Named(kCustom, "UpsertRecords", G::kWrite, "records"),
      Named(kCustom, "QueryRecords", G::kRead),
      Named(kCustom, "DeleteRecords", G::kDelete, "gsids"),
      Fixed(kRelationship, "InsertRelationships", G::kWrite, "relationship",
            "relationships"),
      Fixed(kRelationship, "UpdateRelationships", G::kWrite, "relationship",
            "relationships"),
      Fixed(kRelationship, "UpsertRelationships", G::kWrite, "relationship",
            "relationships"),
      Fixed(kRelationship, "GetRelationship", G::kRead, "relationship"),
      Fixed(kRelationship, "QueryRelationships", G::kRead, "relationship"),
      Fixed(kRelationship, "DeleteRelationships", G::kDelete, "relationship",
            "gsids"),
      Plain(kCta, "CreateCtas", G::kWrite, "ctas"),
      Plain(kCta, "UpdateCtas", G::kWrite, "ctas"),
      Plain(kCta, "GetCta", G::kRead),
      Plain(kCta, "ListCtas", G::kRead),
      Plain(kCta, "GetCtaConfig", G::kRead),
      Plain(kTask, "CreateTasks", G::kWrite, "tasks"),
      Plain(kTask, "UpdateTasks", G::kWrite, "tasks"),
      Plain(kTask, "ListTasks", G::kRead),
      Plain(kPlaybook, "ListPlaybooks", G::kRead),
      Plain(kPlaybook, "GetPlaybook", G::kRead),
      Plain(kSuccessPlan, "CreateSuccessPlans", G::kWrite, "success_plans"),
      Plain(kSuccessPlan, "UpdateSuccessPlans", G::kWrite, "success_plans"),
      Plain(kSuccessPlan, "GetSuccessPlan", G::kRead),
      Plain(kSuccessPlan, "ListSuccessPlans", G::kRead),
      Plain(kSuccessPlan, "GetSuccessPlanConfig", G::kRead),
      Plain(kMetadata, "ListObjects", G::kRead),
      Named(kMetadata, "DescribeObject", G::kRead),
      Plain(kMetadata, "CheckTenant", G::kRead),
      {kBulk, "StartImport", G::kBulk, nullptr, nullptr,
       /*object_in_stream=*/true, nullptr, /*audited=*/true},
      Plain(kBulk, "GetJob", G::kBulk),
      Plain(kBulk, "ListJobs", G::kBulk),
      Plain(kBulk, "WatchJob", G::kBulk),
      Plain(kBulk, "CancelJob", G::kBulk),
      Named(kBulk, "Export", G::kExport),
  };
  return *kTable;
}

const MethodRule* FindMethodRule(absl::string_view path) {
  path = absl::StripPrefix(path, "/");
  for (const MethodRule& rule : MethodTable()) {
    const size_t service = strlen(rule.service);
    if (path.size() == service + 1 + strlen(rule.method) &&
        absl::StartsWith(path, rule.service) && path[service] == '/' &&
        path.substr(service + 1) == rule.method) {
      return &rule;
    }
  }
  return nullptr;
}

bool IsKnownService(absl::string_view name) {
  for (const MethodRule& rule : MethodTable()) {
    if (name == rule.service) return true;
  }
  return false;
}

std::optional<std::string> ObjectOf(const MethodRule& rule,
                                    const google::protobuf::Message& request) {
  if (rule.object != nullptr) return std::string(rule.object);
  if (rule.object_field == nullptr) return std::nullopt;
  const google::protobuf::FieldDescriptor* field =
      request.GetDescriptor()->FindFieldByName(rule.object_field);
  if (field == nullptr ||
      field->type() != google::protobuf::FieldDescriptor::TYPE_STRING ||
      field->is_repeated()) {
    return std::nullopt;
  }
  return request.GetReflection()->GetString(request, field);
}

int64_t RecordsOf(const MethodRule& rule,
                  const google::protobuf::Message& request) {
  if (rule.records_field == nullptr) return 0;
  const google::protobuf::FieldDescriptor* field =
      request.GetDescriptor()->FindFieldByName(rule.records_field);
  if (field == nullptr || !field->is_repeated()) return 0;
  return request.GetReflection()->FieldSize(request, field);
}

std::string RequestIdOf(const google::protobuf::Message& request) {
  const google::protobuf::FieldDescriptor* field =
      request.GetDescriptor()->FindFieldByName("request_id");
  if (field == nullptr ||
      field->type() != google::protobuf::FieldDescriptor::TYPE_STRING ||
      field->is_repeated()) {
    return "";
  }
  return request.GetReflection()->GetString(request, field);
}

}  // namespace gg
