#include "api/cta_service.h"

#include <algorithm>
#include <map>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/strings/str_cat.h"
#include "api/cockpit_reads.h"
#include "api/page_token.h"
#include "api/validation.h"
#include "common/status_details.h"
#include "gainsight/cta_mapping.h"
#include "gainsight/error_mapping.h"
#include "gainsight/query_body.h"
#include "ops/async_ttl_cache.h"
#include "ops/cockpit_write.h"

namespace gg {
namespace {

using gainsight::v1::Cta;
using gainsight::v1::EntityType;
using gainsight::v1::RecordResult;

constexpr char kCtasField[] = "ctas";
constexpr char kCtaNotFoundReason[] = "CTA_NOT_FOUND";
constexpr char kCtaNotFound[] = "no CTA with that gsid";

std::string CtaPath(int index) {
  return absl::StrCat(kCtasField, "[", index, "]");
}

bool SetsPicklist(const Cta& cta) {
  return cta.has_type() || cta.has_status() || cta.has_priority() ||
         cta.has_reason();
}

EntityType EntityOf(const Cta& cta) {
  return cta.has_relationship_id() ? gainsight::v1::ENTITY_TYPE_RELATIONSHIP
                                   : gainsight::v1::ENTITY_TYPE_COMPANY;
}

void CheckGsidField(bool set, const std::string& value, const std::string& path,
                    Violations& out) {
  if (set && !IsGsid(value)) {
    out.push_back({path, "must be a GSID (letters and digits)"});
  }
}

void CheckCta(const Cta& cta, int index, bool update, Violations& out) {
  const std::string path = CtaPath(index);
  if (update) {
    if (!IsGsid(cta.gsid())) {
      out.push_back({path + ".gsid", "must be the CTA's GSID"});
    }
    for (const auto& [name, set] :
         {std::pair<const char*, bool>{"company_id", cta.has_company_id()},
          {"relationship_id", cta.has_relationship_id()},
          {"success_plan_id", cta.has_success_plan_id()}}) {
      if (set)
        out.push_back({absl::StrCat(path, ".", name), "is set on create only"});
    }
  } else {
    if (!cta.gsid().empty()) {
      out.push_back({path + ".gsid", "is output only on create"});
    }
    for (const auto& [name, set] :
         {std::pair<const char*, bool>{"name", cta.has_name()},
          {"company_id", cta.has_company_id()},
          {"type", cta.has_type()},
          {"status", cta.has_status()},
          {"priority", cta.has_priority()},
          {"reason", cta.has_reason()},
          {"owner", cta.has_owner()}}) {
      if (!set) out.push_back({absl::StrCat(path, ".", name), "is required"});
    }
  }
  if (cta.has_name() && cta.name().empty()) {
    out.push_back({path + ".name", "must not be empty"});
  }
  CheckGsidField(cta.has_company_id(), cta.company_id(), path + ".company_id",
                 out);
  CheckGsidField(cta.has_relationship_id(), cta.relationship_id(),
                 path + ".relationship_id", out);
  CheckGsidField(cta.has_success_plan_id(), cta.success_plan_id(),
                 path + ".success_plan_id", out);
  CheckGsidField(cta.has_playbook_id(), cta.playbook_id(),
                 path + ".playbook_id", out);
  if (cta.has_owner() && !IsGsid(cta.owner()) && !IsEmailAddress(cta.owner())) {
    out.push_back(
        {path + ".owner", "must be a Gainsight user's email or GsUser GSID"});
  }
  if (cta.has_due_date()) CheckDate(cta.due_date(), path + ".due_date", out);
  CheckOutputOnly({{"company_name", !cta.company_name().empty()},
                   {"entity_type", cta.entity_type() != 0},
                   {"type_id", !cta.type_id().empty()},
                   {"status_id", !cta.status_id().empty()},
                   {"priority_id", !cta.priority_id().empty()},
                   {"reason_id", !cta.reason_id().empty()},
                   {"owner_id", !cta.owner_id().empty()},
                   {"owner_name", !cta.owner_name().empty()},
                   {"playbook_name", !cta.playbook_name().empty()},
                   {"is_closed", cta.is_closed()},
                   {"close_time", cta.has_close_time()},
                   {"create_time", cta.has_create_time()},
                   {"update_time", cta.has_update_time()}},
                  path, out);
  CheckCustomFieldNames(cta.custom_fields(), path, out);
}

absl::string_view DueDateCascadeName(gainsight::v1::DueDateCascade c) {
  switch (c) {
    case gainsight::v1::DUE_DATE_CASCADE_ALL_OPEN_TASKS:
      return "ALL_OPEN_TASKS";
    case gainsight::v1::DUE_DATE_CASCADE_PLAYBOOK_TASKS:
      return "PLAYBOOK_TASKS";
    default:
      return "NO";
  }
}

absl::string_view OwnerCascadeName(gainsight::v1::OwnerCascade c) {
  switch (c) {
    case gainsight::v1::OWNER_CASCADE_OWNER_TASKS:
      return "OWNER";
    case gainsight::v1::OWNER_CASCADE_ALL_OPEN_TASKS:
      return "ALL_OPEN_TASKS";
    default:
      return "NO";
  }
}

// One batch write, step by step: (update) read the type and entity of CTAs
// whose picklists change, get the configurations, look up owner emails,
// resolve, write.
struct CtaWrite {
  GainsightClient* client = nullptr;
  CtaConfigCache* config = nullptr;
  UserDirectory* users = nullptr;
  int concurrency = 1;
  bool update = false;
  std::string query;
  std::vector<Cta> ctas;
  CallContext context;
  // Per CTA: already answered (an update of a CTA that does not exist).
  std::vector<RecordResult> results;
  std::vector<bool> answered;
  // Per CTA: the type and entity it has (updates) or gets (creates).
  std::vector<std::string> existing_type_id;
  std::vector<EntityType> entity;
  absl::AnyInvocable<void(absl::Status)> fail;
  CockpitWriteDone finish;
};

void Resolve(std::shared_ptr<CtaWrite> w,
             std::map<EntityType, CtaConfigPtr> configs, UsersByEmail users) {
  std::vector<absl::Status> failures;
  std::vector<CockpitRecord> records;
  for (size_t i = 0; i < w->ctas.size(); ++i) {
    if (w->answered[i]) continue;
    const Cta& cta = w->ctas[i];
    const std::string path = CtaPath(static_cast<int>(i));
    CtaPicklistIds ids;
    if (SetsPicklist(cta)) {
      absl::StatusOr<CtaPicklistIds> resolved = ResolveCtaPicklists(
          cta, *configs[w->entity[i]], path, w->existing_type_id[i]);
      if (!resolved.ok()) {
        failures.push_back(resolved.status());
        continue;
      }
      ids = *std::move(resolved);
    }
    absl::StatusOr<std::string> owner_id =
        ResolveOwner(users, cta.owner(), path + ".owner");
    if (!owner_id.ok()) {
      failures.push_back(owner_id.status());
      continue;
    }
    records.push_back(
        {static_cast<int>(i),
         CtaRecord(cta, w->update, ids, *owner_id, std::to_string(i))});
  }
  if (!failures.empty()) {
    w->fail(CombineInvalidArguments(failures));
    return;
  }
  CockpitWriteSpec spec;
  spec.endpoint = w->update ? EndpointId::kCtaUpdate : EndpointId::kCtaCreate;
  spec.update = w->update;
  spec.query = w->query;
  spec.records_field = kCtasField;
  spec.proto_field = [](absl::string_view api_name) {
    return CtaProtoField(api_name);
  };
  if (spec.update)
    spec.not_found.push_back({"Gsid", kCtaNotFound, kCtaNotFoundReason});
  spec.concurrency = w->concurrency;
  WriteCockpitRecords(w->client, w->context, std::move(spec),
                      std::move(w->results), std::move(records),
                      std::move(w->finish));
}

void LookUpOwners(std::shared_ptr<CtaWrite> w,
                  std::map<EntityType, CtaConfigPtr> configs) {
  std::vector<std::string> emails;
  for (size_t i = 0; i < w->ctas.size(); ++i) {
    if (!w->answered[i] && w->ctas[i].has_owner() &&
        IsEmailAddress(w->ctas[i].owner())) {
      emails.push_back(w->ctas[i].owner());
    }
  }
  w->users->Lookup(
      emails, w->context,
      [w, configs =
              std::move(configs)](absl::StatusOr<UsersByEmail> users) mutable {
        if (!users.ok()) {
          w->fail(users.status());
          return;
        }
        Resolve(std::move(w), std::move(configs), *std::move(users));
      });
}

void GetConfigs(std::shared_ptr<CtaWrite> w) {
  std::vector<EntityType> types;
  for (size_t i = 0; i < w->ctas.size(); ++i) {
    if (w->answered[i] || !SetsPicklist(w->ctas[i])) continue;
    if (std::find(types.begin(), types.end(), w->entity[i]) == types.end()) {
      types.push_back(w->entity[i]);
    }
  }
  CtaConfigCache* cache = w->config;
  CallContext context = w->context;
  GetEach<EntityType, CtaConfigPtr>(
      cache, std::move(types), std::move(context),
      [w](absl::StatusOr<std::map<EntityType, CtaConfigPtr>> configs) mutable {
        if (!configs.ok()) {
          w->fail(configs.status());
          return;
        }
        LookUpOwners(std::move(w), *std::move(configs));
      });
}

// Largest page of the read of existing CTAs.
constexpr int kReadPage = kMaxCockpitPageSize;

// Reads the type and entity of the CTAs an update changes picklists of,
// `kReadPage` at a time from `from`; CTAs not found are answered NOT_FOUND.
void ReadExisting(std::shared_ptr<CtaWrite> w, size_t from) {
  std::vector<std::string> gsids;
  std::vector<size_t> indexes;
  size_t i = from;
  for (; i < w->ctas.size() && gsids.size() < kReadPage; ++i) {
    if (!SetsPicklist(w->ctas[i])) continue;
    indexes.push_back(i);
    if (std::find(gsids.begin(), gsids.end(), w->ctas[i].gsid()) ==
        gsids.end()) {
      gsids.push_back(w->ctas[i].gsid());
    }
  }
  if (indexes.empty()) {
    GetConfigs(std::move(w));
    return;
  }
  GainsightCall call;
  call.endpoint = EndpointId::kCtaList;
  call.body = BuildCockpitListBody({"Gsid", "TypeId", "EntityType"},
                                   GsidFilter(gsids), kReadPage, 1);
  GainsightClient* client = w->client;
  CallContext context = w->context;
  client->Call(
      std::move(call), std::move(context),
      [w, indexes = std::move(indexes), next = i](UpstreamOutcome o) mutable {
        if (!o.status.ok()) {
          w->fail(o.status);
          return;
        }
        google::protobuf::RepeatedPtrField<Cta> found;
        absl::Status s = FillFromRows<Cta>(o.data, &CtaFromRow, "CTA", &found);
        if (!s.ok()) {
          w->fail(s);
          return;
        }
        absl::flat_hash_map<std::string, const Cta*> by_gsid;
        for (const Cta& cta : found) by_gsid[cta.gsid()] = &cta;
        for (size_t index : indexes) {
          auto it = by_gsid.find(w->ctas[index].gsid());
          if (it == by_gsid.end()) {
            absl::Status missing = absl::NotFoundError(kCtaNotFound);
            AttachErrorInfo(missing, kCtaNotFoundReason);
            *w->results[index].mutable_error() = ToRpcStatus(missing);
            w->answered[index] = true;
            continue;
          }
          w->existing_type_id[index] = it->second->type_id();
          w->entity[index] = it->second->entity_type() ==
                                     gainsight::v1::ENTITY_TYPE_RELATIONSHIP
                                 ? it->second->entity_type()
                                 : gainsight::v1::ENTITY_TYPE_COMPANY;
        }
        ReadExisting(std::move(w), next);
      });
}

// Validates, then runs the write; replies on `call` with the results.
template <typename Response>
void WriteCtas(GainsightClient* client, CtaConfigCache* config,
               UserDirectory* users, int concurrency, UnaryCall* call,
               const google::protobuf::RepeatedPtrField<Cta>& ctas,
               const std::string& request_id, bool update, std::string query,
               Response* response) {
  Violations violations;
  CheckRecordCount(ctas.size(), kCtasField, violations);
  CheckRequestId(request_id, violations);
  for (int i = 0; i < ctas.size(); ++i) {
    CheckCta(ctas[i], i, update, violations);
  }
  if (!violations.empty()) {
    call->Reply(InvalidArgument(violations));
    return;
  }
  auto w = std::make_shared<CtaWrite>();
  w->client = client;
  w->config = config;
  w->users = users;
  w->concurrency = concurrency;
  w->update = update;
  w->query = std::move(query);
  w->ctas.assign(ctas.begin(), ctas.end());
  w->context = call->context();
  w->context.request_id = request_id;
  w->results.resize(ctas.size());
  w->answered.assign(ctas.size(), false);
  w->existing_type_id.resize(ctas.size());
  for (const Cta& cta : ctas) w->entity.push_back(EntityOf(cta));
  w->fail = [call](absl::Status status) { call->Reply(status); };
  w->finish = [call, response](std::vector<RecordResult> results) {
    for (RecordResult& r : results) *response->add_results() = std::move(r);
    call->Reply(absl::OkStatus());
  };
  if (update) {
    ReadExisting(std::move(w), 0);
  } else {
    GetConfigs(std::move(w));
  }
}

}  // namespace

CtaService::CtaService(GainsightClient* client, CtaConfigCache* config,
                       UserDirectory* users, ApiOptions api_options,
                       int concurrency)
    : client_(client),
      config_(config),
      users_(users),
      api_options_(std::move(api_options)),
      concurrency_(concurrency) {}

grpc::ServerUnaryReactor* CtaService::CreateCtas(
    grpc::CallbackServerContext* context,
    const gainsight::v1::CreateCtasRequest* request,
    gainsight::v1::CreateCtasResponse* response) {
  auto* call = new UnaryCall(context, api_options_);
  WriteCtas(client_, config_, users_, concurrency_, call, request->ctas(),
            request->request_id(), /*update=*/false, "", response);
  return call;
}

grpc::ServerUnaryReactor* CtaService::UpdateCtas(
    grpc::CallbackServerContext* context,
    const gainsight::v1::UpdateCtasRequest* request,
    gainsight::v1::UpdateCtasResponse* response) {
  auto* call = new UnaryCall(context, api_options_);
  Violations violations;
  if (!gainsight::v1::DueDateCascade_IsValid(request->due_date_cascade())) {
    violations.push_back({"due_date_cascade", "is not a DueDateCascade"});
  }
  if (!gainsight::v1::OwnerCascade_IsValid(request->owner_cascade())) {
    violations.push_back({"owner_cascade", "is not an OwnerCascade"});
  }
  if (!violations.empty()) {
    call->Reply(InvalidArgument(violations));
    return call;
  }
  std::string query = absl::StrCat(
      "dueDateCascade=", DueDateCascadeName(request->due_date_cascade()),
      "&ownerCascade=", OwnerCascadeName(request->owner_cascade()));
  WriteCtas(client_, config_, users_, concurrency_, call, request->ctas(),
            request->request_id(), /*update=*/true, std::move(query), response);
  return call;
}

grpc::ServerUnaryReactor* CtaService::GetCta(
    grpc::CallbackServerContext* context,
    const gainsight::v1::GetCtaRequest* request,
    gainsight::v1::GetCtaResponse* response) {
  auto* call = new UnaryCall(context, api_options_);
  Violations violations;
  CheckGetRequest(request->gsid(), request->extra_fields(), violations);
  if (!violations.empty()) {
    call->Reply(InvalidArgument(violations));
    return call;
  }
  std::vector<std::string> select = CtaMapping().DefaultSelect();
  for (const std::string& f : request->extra_fields()) select.push_back(f);
  ReplyWithCockpitRecord<Cta>(
      client_, call, EndpointId::kCtaList, std::move(select), request->gsid(),
      &CtaFromRow, "CTA", kCtaNotFoundReason, response->mutable_cta());
  return call;
}

grpc::ServerUnaryReactor* CtaService::ListCtas(
    grpc::CallbackServerContext* context,
    const gainsight::v1::ListCtasRequest* request,
    gainsight::v1::ListCtasResponse* response) {
  auto* call = new UnaryCall(context, api_options_);
  Violations violations;
  CheckSelect(request->select(), violations);
  CheckFilter(request->filter(), violations);
  const NumberedPage page =
      ReadNumberedPage(*request, request->page_size(), request->page_token(),
                       kDefaultPageSize, kMaxCockpitPageSize, violations);
  if (!violations.empty()) {
    call->Reply(InvalidArgument(violations));
    return call;
  }
  ReplyWithCockpitPage<Cta>(
      client_, call,
      {request->deleted_only() ? EndpointId::kCtaDeletedList
                               : EndpointId::kCtaList,
       SelectOrDefault(request->select(), CtaMapping().DefaultSelect()),
       request->filter(), page, "CTA"},
      &CtaFromRow, response->mutable_ctas(),
      response->mutable_next_page_token());
  return call;
}

grpc::ServerUnaryReactor* CtaService::GetCtaConfig(
    grpc::CallbackServerContext* context,
    const gainsight::v1::GetCtaConfigRequest* request,
    gainsight::v1::GetCtaConfigResponse* response) {
  auto* call = new UnaryCall(context, api_options_);
  if (!gainsight::v1::EntityType_IsValid(request->entity_type())) {
    call->Reply(InvalidArgument({{"entity_type",
                                  "must be ENTITY_TYPE_COMPANY or "
                                  "ENTITY_TYPE_RELATIONSHIP"}}));
    return call;
  }
  config_->Get(request->entity_type(), call->context(),
               [call, response](absl::StatusOr<CtaConfigPtr> config) {
                 if (!config.ok()) {
                   call->Reply(config.status());
                   return;
                 }
                 *response = **config;
                 call->Reply(absl::OkStatus());
               });
  return call;
}

}  // namespace gg
