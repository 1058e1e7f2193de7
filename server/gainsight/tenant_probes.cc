#include "gainsight/tenant_probes.h"

#include <algorithm>
#include <utility>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "common/status_details.h"
#include "gainsight/answer_shape.h"
#include "gainsight/company_mapping.h"
#include "gainsight/cta_mapping.h"
#include "gainsight/endpoints.h"
#include "gainsight/metadata_mapping.h"
#include "gainsight/person_mapping.h"
#include "gainsight/playbook_mapping.h"
#include "gainsight/query_body.h"
#include "gainsight/relationship_mapping.h"
#include "gainsight/success_plan_mapping.h"
#include "gainsight/task_mapping.h"

namespace gg {
namespace {

// Error codes of a read that names a field the tenant does not know: the
// Cockpit Fetch APIs' select refusal, and the data API's invalid field and
// generic validation errors.
constexpr char kCockpitSelectRefused[] = "COCKPIT_5101";
constexpr const char* kFieldErrorCodes[] = {kCockpitSelectRefused, "GSOBJ_1002",
                                            "GSOBJ_1008"};

ProbeVerdict Ok() { return {}; }

ProbeVerdict Unexpected(absl::string_view expected, const Json& data) {
  return {ProbeResult::kUnexpectedShape,
          absl::StrCat("expected ", expected, ", got ", AnswerShape(data))};
}

// The describe answer holds the object (picked by name) with its fields.
ProbeVerdict ReadDescribe(const Json& data, absl::string_view object,
                          gainsight::v1::ObjectMetadata* out) {
  if (!DescribeFromJson(data, object, out).ok()) {
    return Unexpected(absl::StrCat("data[].objectName ", object), data);
  }
  if (out->fields().empty()) {
    return Unexpected("data[].fields", data);
  }
  return Ok();
}

bool HasField(const gainsight::v1::ObjectMetadata& object,
              absl::string_view name) {
  return std::any_of(object.fields().begin(), object.fields().end(),
                     [&](const gainsight::v1::FieldMetadata& field) {
                       return absl::EqualsIgnoreCase(field.field_name(), name);
                     });
}

ProbeVerdict ReadUserDescribe(const Json& data) {
  gainsight::v1::ObjectMetadata object;
  ProbeVerdict verdict = ReadDescribe(data, kUserObject, &object);
  if (verdict.result != ProbeResult::kOk) return verdict;
  for (const char* name : kUserActiveFields) {
    if (HasField(object, name)) return Ok();
  }
  return {ProbeResult::kFieldUnknown,
          absl::StrCat(kUserObject, " has no active flag (",
                       absl::StrJoin(kUserActiveFields, " or "), ")")};
}

// The rows of a query or list answer, each an object with a Gsid, and the
// first one read by `read_row` when given.
ProbeVerdict ReadRows(const Json& data,
                      const std::function<absl::Status(const Json&)>& row) {
  absl::StatusOr<std::vector<Json>> rows = ParseQueryRows(data);
  if (!rows.ok()) return Unexpected("data.records[] or data[]", data);
  if (rows->empty()) return Ok();
  const Json& first = rows->front();
  if (!first.is_object() || GsidOf(first).empty()) {
    return Unexpected("rows with Gsid", data);
  }
  if (row && !row(first).ok()) return Unexpected("a readable row", data);
  return Ok();
}

TenantProbe Describe(std::string name, absl::string_view object) {
  TenantProbe probe;
  probe.name = std::move(name);
  probe.call.endpoint = EndpointId::kObjectDescribe;
  probe.call.path_params = {{"object", std::string(object)}};
  probe.call.query = kDescribeQuery;
  return probe;
}

TenantProbe Query(std::string name, const char* object,
                  std::vector<std::string> select) {
  TenantProbe probe;
  probe.name = std::move(name);
  probe.call.endpoint = EndpointId::kObjectQuery;
  probe.call.path_params = {{"object", object}};
  QuerySpec spec;
  spec.select = select;
  spec.limit = 1;
  probe.call.body = BuildQueryBody(spec);
  probe.select = std::move(select);
  probe.no_data_is_ok = true;
  probe.read = [](const Json& data) { return ReadRows(data, nullptr); };
  return probe;
}

TenantProbe Config(std::string name, EndpointId endpoint, std::string query,
                   const char* type_category,
                   std::function<absl::Status(const Json&)> parse) {
  TenantProbe probe;
  probe.name = std::move(name);
  probe.call.endpoint = endpoint;
  probe.call.query = std::move(query);
  probe.read = [type_category, parse = std::move(parse)](const Json& data) {
    if (!data.is_object() || !data.contains(type_category) ||
        !parse(data).ok()) {
      return Unexpected(absl::StrCat("data.", type_category, "[]"), data);
    }
    return Ok();
  };
  return probe;
}

TenantProbe CockpitList(std::string name, EndpointId endpoint,
                        std::vector<std::string> select,
                        std::function<absl::Status(const Json&)> read_row) {
  TenantProbe probe;
  probe.name = std::move(name);
  probe.call.endpoint = endpoint;
  probe.call.body = BuildCockpitListBody(select, gainsight::v1::Filter(), 1, 1);
  probe.select = std::move(select);
  probe.no_data_is_ok = true;
  probe.read = [read_row = std::move(read_row)](const Json& data) {
    return ReadRows(data, read_row);
  };
  return probe;
}

std::vector<TenantProbe> SyncProbes() {
  std::vector<TenantProbe> probes;
  TenantProbe company = Describe("describe_company", kCompanyObject);
  company.read = [](const Json& data) {
    gainsight::v1::ObjectMetadata object;
    return ReadDescribe(data, kCompanyObject, &object);
  };
  probes.push_back(std::move(company));
  TenantProbe user = Describe("describe_gsuser", kUserObject);
  user.read = ReadUserDescribe;
  probes.push_back(std::move(user));
  // The objects CTA and Success Plan list filters are checked against
  // (without them the filters go unchecked).
  for (EndpointId list : {EndpointId::kCtaList, EndpointId::kSuccessPlanList}) {
    const std::string object(CockpitListObject(list));
    TenantProbe probe = Describe(absl::StrCat("describe_", object), object);
    probe.read = [object](const Json& data) {
      gainsight::v1::ObjectMetadata described;
      return ReadDescribe(data, object, &described);
    };
    probes.push_back(std::move(probe));
  }

  probes.push_back(
      Query("query_company", kCompanyObject, {kGsidField, "Name"}));
  probes.push_back(Query("query_person", kPersonObject, {kGsidField, "Email"}));
  probes.push_back(Query("query_company_person", kCompanyPersonObject,
                         {kGsidField, "Company_ID", kPersonIdField}));
  probes.push_back(Query("query_relationship", kRelationshipObject,
                         {kGsidField, "Name", "CompanyId", "TypeId"}));
  // The object and field names of Relationship Person are UNCONFIRMED: this
  // row tells whether the tenant knows them.
  probes.push_back(Query("query_relationship_person", kRelationshipPersonObject,
                         {kGsidField, "Relationship_ID", kPersonIdField}));

  probes.push_back(
      Config("cta_config", EndpointId::kCtaConfig,
             absl::StrCat("category=", kCtaConfigCategories, "&et=COMPANY"),
             "CTA_TYPE", [](const Json& data) {
               gainsight::v1::GetCtaConfigResponse config;
               return CtaConfigFromJson(data, &config);
             }));
  probes.push_back(Config(
      "success_plan_config", EndpointId::kSuccessPlanPicklist,
      SuccessPlanConfigQuery(gainsight::v1::ENTITY_TYPE_COMPANY),
      kSuccessPlanTypeCategory,
      [](const Json& data) { return ParseSuccessPlanConfig(data).status(); }));
  probes.push_back(Config(
      "task_config", EndpointId::kTaskConfig, TaskConfigQuery(), "TASK_TYPE",
      [](const Json& data) { return ParseTaskConfig(data).status(); }));

  probes.push_back(CockpitList("list_ctas", EndpointId::kCtaList,
                               CtaDefaultSelect(), [](const Json& row) {
                                 gainsight::v1::Cta cta;
                                 return CtaFromRow(row, &cta);
                               }));
  probes.push_back(CockpitList("list_tasks", EndpointId::kTaskList,
                               TaskDefaultSelect(), [](const Json& row) {
                                 gainsight::v1::Task task;
                                 return TaskFromRow(row, &task);
                               }));
  probes.push_back(CockpitList("list_success_plans",
                               EndpointId::kSuccessPlanList,
                               SuccessPlanSelect(), [](const Json& row) {
                                 gainsight::v1::SuccessPlan plan;
                                 return SuccessPlanFromRow(row, &plan);
                               }));

  TenantProbe playbooks;
  playbooks.name = "list_playbooks";
  playbooks.call.endpoint = EndpointId::kPlaybookList;
  playbooks.call.query = PlaybookListQuery(1, 1, "", "", false);
  playbooks.read = [](const Json& data) {
    if (!data.is_array()) return Unexpected("data[]", data);
    for (const Json& entry : data) {
      gainsight::v1::Playbook playbook;
      if (!PlaybookFromJson(entry, &playbook).ok()) {
        return Unexpected("data[] of playbooks", data);
      }
    }
    return Ok();
  };
  probes.push_back(std::move(playbooks));

  TenantProbe status;
  status.name = "bulk_import_status";
  status.call.endpoint = EndpointId::kBulkImportStatus;
  status.call.path_params = {{"statusId", kUnknownBulkStatusId}};
  status.not_found_is_expected = true;
  status.read = [](const Json& data) {
    return Unexpected("NOT_FOUND for an unknown status id", data);
  };
  probes.push_back(std::move(status));
  return probes;
}

TenantProbe ExportSubmit() {
  TenantProbe probe;
  probe.name = "bulk_export_submit";
  probe.call.endpoint = EndpointId::kBulkExportSubmit;
  probe.call.path_params = {{"object", kCompanyObject}};
  QuerySpec spec;
  spec.select = {kGsidField};
  spec.limit = 1;
  probe.call.body = BuildQueryBody(spec);
  probe.select = spec.select;
  probe.read = [](const Json& data) {
    if (!data.is_object() || !data.contains("jobId") ||
        !data["jobId"].is_string()) {
      return Unexpected("data.jobId", data);
    }
    return Ok();
  };
  return probe;
}

std::string MetadataValue(const google::rpc::ErrorInfo& info, const char* key) {
  auto it = info.metadata().find(key);
  return it == info.metadata().end() ? "" : it->second;
}

// The probe's select names that a failure names as unknown: the Cockpit
// refusal's list, or names the message or data.errors spell out.
std::vector<std::string> FieldsNamed(const TenantProbe& probe,
                                     const UpstreamOutcome& outcome) {
  std::vector<std::string> named =
      SelectFieldsRefused(outcome.status, probe.select);
  if (!named.empty()) return named;
  auto add = [&](const std::string& name) {
    if (std::find(named.begin(), named.end(), name) == named.end()) {
      named.push_back(name);
    }
  };
  for (const RecordError& error : ParseRecordErrors(outcome.data)) {
    for (const std::string& name : probe.select) {
      if (absl::EqualsIgnoreCase(error.field_name, name)) add(name);
    }
  }
  // Whole words of the message only: "Name" is not named by "Name__gc".
  const std::string message(outcome.status.message());
  for (const std::string& name : probe.select) {
    for (size_t at = message.find(name); at != std::string::npos;
         at = message.find(name, at + 1)) {
      auto word = [&](size_t i) {
        return i < message.size() && (absl::ascii_isalnum(message[i]) ||
                                      message[i] == '_' || message[i] == '.');
      };
      if ((at == 0 || !word(at - 1)) && !word(at + name.size())) {
        add(name);
        break;
      }
    }
  }
  return named;
}

}  // namespace

std::vector<TenantProbe> TenantProbes() {
  std::vector<TenantProbe> probes = SyncProbes();
  probes.push_back(ExportSubmit());
  for (TenantProbe& probe : probes) probe.call.single_attempt = true;
  return probes;
}

std::string ProbeCallName(const TenantProbe& probe) {
  const Endpoint& endpoint = GetEndpoint(probe.call.endpoint);
  return absl::StrCat(HttpMethodName(endpoint.method), " ",
                      ExpandPath(endpoint, probe.call.path_params));
}

bool IsBulkProbe(const TenantProbe& probe) {
  return GetEndpoint(probe.call.endpoint).call_class == CallClass::kBulk;
}

ProbeVerdict JudgeProbe(const TenantProbe& probe,
                        const UpstreamOutcome& outcome) {
  if (outcome.status.ok()) {
    return probe.read ? probe.read(outcome.data) : Ok();
  }
  google::rpc::ErrorInfo info;
  GetErrorInfo(outcome.status, &info);
  const std::string code = MetadataValue(info, "gainsight_error_code");
  if (info.reason() == reason::kRouteNotFound) {
    return {ProbeResult::kRouteMissing,
            code.empty() ? "HTTP 404 without a Gainsight envelope" : code};
  }
  if (outcome.status.code() == absl::StatusCode::kNotFound &&
      (probe.not_found_is_expected ||
       (probe.no_data_is_ok && info.reason() == reason::kNoMatch))) {
    return Ok();
  }
  const bool field_error =
      std::find(std::begin(kFieldErrorCodes), std::end(kFieldErrorCodes),
                code) != std::end(kFieldErrorCodes);
  if (field_error && !probe.select.empty()) {
    // A generic validation error that names none of the select is not about
    // a field; the Cockpit refusal always is.
    std::vector<std::string> fields = FieldsNamed(probe, outcome);
    if (!fields.empty()) {
      return {ProbeResult::kFieldUnknown,
              absl::StrCat(code, ": ", absl::StrJoin(fields, ","))};
    }
    if (code == kCockpitSelectRefused) {
      return {ProbeResult::kFieldUnknown, code};
    }
  }
  std::string detail = absl::StatusCodeToString(outcome.status.code());
  if (!info.reason().empty()) absl::StrAppend(&detail, " ", info.reason());
  if (!code.empty()) absl::StrAppend(&detail, " ", code);
  const std::string http = MetadataValue(info, "http_status");
  if (!http.empty()) absl::StrAppend(&detail, " (HTTP ", http, ")");
  return {ProbeResult::kFailed, detail};
}

}  // namespace gg
