#include "api/success_plan_service.h"

#include <algorithm>
#include <map>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/synchronization/mutex.h"
#include "api/page_token.h"
#include "api/validation.h"
#include "common/status_details.h"
#include "gainsight/error_mapping.h"
#include "gainsight/query_body.h"
#include "gainsight/success_plan_mapping.h"

namespace gg {
namespace {

using gainsight::v1::EntityType;
using gainsight::v1::SuccessPlan;
using Names = google::protobuf::RepeatedPtrField<std::string>;

constexpr char kPlansField[] = "success_plans";
constexpr char kNoMatchCode[] = "GSOBJ_1011";
constexpr char kPlanNotFoundReason[] = "SUCCESS_PLAN_NOT_FOUND";

std::string PlanPath(int index) {
  return absl::StrCat(kPlansField, "[", index, "]");
}

void CheckPlan(const SuccessPlan& plan, int index, bool update,
               Violations& out) {
  const std::string path = PlanPath(index);
  if (update) {
    if (!IsGsid(plan.gsid())) {
      out.push_back({path + ".gsid", "must be the plan's GSID"});
    }
    if (plan.has_company_id()) {
      out.push_back({path + ".company_id", "is set on create only"});
    }
    if (plan.has_relationship_id()) {
      out.push_back({path + ".relationship_id", "is set on create only"});
    }
  } else {
    if (!plan.gsid().empty()) {
      out.push_back({path + ".gsid", "is output only on create"});
    }
    if (!plan.has_name() || plan.name().empty()) {
      out.push_back({path + ".name", "is required"});
    }
    if (!plan.has_company_id()) {
      out.push_back({path + ".company_id", "is required"});
    }
    if (!plan.has_type() || plan.type().empty()) {
      out.push_back({path + ".type", "is required"});
    }
    if (!plan.has_due_date()) {
      out.push_back({path + ".due_date", "is required"});
    }
  }
  if (plan.has_company_id() && !IsGsid(plan.company_id())) {
    out.push_back(
        {path + ".company_id", "must be a GSID (letters and digits)"});
  }
  if (plan.has_relationship_id() && !IsGsid(plan.relationship_id())) {
    out.push_back(
        {path + ".relationship_id", "must be a GSID (letters and digits)"});
  }
  if (plan.has_owner() && !IsGsid(plan.owner())) {
    out.push_back({path + ".owner",
                   "must be the owner's GsUser GSID (owner by email is not "
                   "supported yet)"});
  }
  if (!plan.templates().empty()) {
    out.push_back({path + ".templates", "are not supported yet"});
  }
  if (plan.has_start_date()) {
    CheckDate(plan.start_date(), path + ".start_date", out);
  }
  if (plan.has_due_date()) CheckDate(plan.due_date(), path + ".due_date", out);
  for (const auto& [name, f] :
       {std::pair<const char*, bool>{"company_name",
                                     !plan.company_name().empty()},
        {"type_id", !plan.type_id().empty()},
        {"status_id", !plan.status_id().empty()},
        {"owner_id", !plan.owner_id().empty()},
        {"owner_name", !plan.owner_name().empty()},
        {"entity_type", plan.entity_type() != 0},
        {"is_closed", plan.is_closed()},
        {"create_time", plan.has_create_time()},
        {"update_time", plan.has_update_time()},
        {"active_time", plan.has_active_time()},
        {"close_time", plan.has_close_time()}}) {
    if (f) out.push_back({absl::StrCat(path, ".", name), "is output only"});
  }
  for (const auto& [name, value] : plan.custom_fields().fields()) {
    if (!IsFieldApiName(name)) {
      out.push_back({absl::StrCat(path, ".custom_fields.", name),
                     "must be a Gainsight field API name"});
    }
  }
}

EntityType EntityOf(const SuccessPlan& plan) {
  return plan.has_relationship_id() ? gainsight::v1::ENTITY_TYPE_RELATIONSHIP
                                    : gainsight::v1::ENTITY_TYPE_COMPANY;
}

void AddViolations(const absl::Status& status, Violations& out) {
  google::rpc::BadRequest bad;
  GetBadRequest(status, &bad);
  for (const auto& v : bad.field_violations()) {
    out.push_back({v.field(), v.description()});
  }
}

// Gets the configuration of each entity type in `types`, in order.
void GetConfigs(SuccessPlanConfigCache* cache, std::vector<EntityType> types,
                CallContext context,
                std::map<EntityType, SuccessPlanConfigPtr> got,
                absl::AnyInvocable<void(
                    absl::StatusOr<std::map<EntityType, SuccessPlanConfigPtr>>)>
                    done) {
  if (types.empty()) {
    done(std::move(got));
    return;
  }
  const EntityType type = types.back();
  types.pop_back();
  cache->Get(type, context,
             [cache, types = std::move(types), context, got = std::move(got),
              type, done = std::move(done)](
                 absl::StatusOr<SuccessPlanConfigPtr> config) mutable {
               if (!config.ok()) {
                 done(config.status());
                 return;
               }
               got[type] = *std::move(config);
               GetConfigs(cache, std::move(types), std::move(context),
                          std::move(got), std::move(done));
             });
}

// The state of one batch write.
struct Write {
  EndpointId endpoint;
  bool update = false;
  std::vector<Json> records;  // one per plan, referenceId = its index
  CallContext context;
  int chunks = 0;
  absl::Mutex mu;
  int next_chunk ABSL_GUARDED_BY(mu) = 0;
  int remaining ABSL_GUARDED_BY(mu) = 0;
  std::vector<gainsight::v1::RecordResult> results ABSL_GUARDED_BY(mu);
  absl::AnyInvocable<void(std::vector<gainsight::v1::RecordResult>)> done;
};

constexpr int kChunk = 50;

absl::Status EntryError(const Json& entry, int index) {
  RecordError error;
  error.index = index;
  if (entry.contains("fieldName") && entry["fieldName"].is_string()) {
    error.field_name = entry["fieldName"].get<std::string>();
  }
  if (entry.contains("errorCode") && entry["errorCode"].is_string()) {
    error.error_code = entry["errorCode"].get<std::string>();
  }
  if (entry.contains("errorDesc") && entry["errorDesc"].is_string()) {
    error.error_desc = entry["errorDesc"].get<std::string>();
  }
  if (error.error_code == kNoMatchCode && error.field_name == "Gsid") {
    absl::Status status = absl::NotFoundError("no success plan with that gsid");
    AttachErrorInfo(status, kPlanNotFoundReason,
                    {{"gainsight_error_code", error.error_code}});
    return status;
  }
  const std::string api_name = error.field_name;
  error.field_name = api_name.empty() ? "" : SuccessPlanProtoField(api_name);
  return RecordErrorStatus(error, PlanPath(index));
}

void RunChunk(GainsightClient* client, std::shared_ptr<Write> w);

void ChunkDone(GainsightClient* client, std::shared_ptr<Write> w) {
  bool last;
  {
    absl::MutexLock lock(&w->mu);
    last = --w->remaining == 0;
  }
  if (last) {
    std::vector<gainsight::v1::RecordResult> results;
    {
      absl::MutexLock lock(&w->mu);
      results = std::move(w->results);
    }
    w->done(std::move(results));
  } else {
    RunChunk(client, std::move(w));
  }
}

void RunChunk(GainsightClient* client, std::shared_ptr<Write> w) {
  int chunk;
  {
    absl::MutexLock lock(&w->mu);
    if (w->next_chunk >= w->chunks) return;
    chunk = w->next_chunk++;
  }
  const int begin = chunk * kChunk;
  const int end = std::min(static_cast<int>(w->records.size()), begin + kChunk);
  Json requests = Json::array();
  for (int i = begin; i < end; ++i) {
    requests.push_back({{"record", w->records[i]}});
  }
  GainsightCall call;
  call.endpoint = w->endpoint;
  call.body = Json{{"requests", std::move(requests)}};
  call.record_count = end - begin;
  client->Call(
      std::move(call), w->context, [client, w, begin, end](UpstreamOutcome o) {
        std::vector<absl::Status> errors(end - begin);
        std::vector<std::string> gsids(end - begin);
        std::vector<bool> seen(end - begin, false);
        if (o.status.ok() && o.data.is_array()) {
          for (const Json& entry : o.data) {
            if (!entry.is_object()) continue;
            auto ref = entry.find("referenceId");
            int index = -1;
            if (ref != entry.end() && ref->is_string()) {
              index = std::atoi(ref->get<std::string>().c_str());
            }
            if (index < begin || index >= end) continue;
            seen[index - begin] = true;
            if (entry.value("success", false) && entry.contains("Gsid") &&
                entry["Gsid"].is_string()) {
              gsids[index - begin] = entry["Gsid"].get<std::string>();
            } else {
              errors[index - begin] = EntryError(entry, index);
            }
          }
        }
        {
          absl::MutexLock lock(&w->mu);
          for (int i = begin; i < end; ++i) {
            gainsight::v1::RecordResult& r = w->results[i];
            r.set_index(i);
            absl::Status s = errors[i - begin];
            if (!o.status.ok()) {
              s = o.status;
            } else if (!seen[i - begin]) {
              s = absl::UnknownError("Gainsight did not report on this plan");
              AttachErrorInfo(s, reason::kMalformed);
            }
            if (s.ok()) {
              r.set_gsid(gsids[i - begin]);
              r.set_action(w->update ? gainsight::v1::WRITE_ACTION_UPDATED
                                     : gainsight::v1::WRITE_ACTION_INSERTED);
            } else {
              *r.mutable_error() = ToRpcStatus(s);
            }
          }
        }
        ChunkDone(client, w);
      });
}

// Validates, resolves labels, then writes `plans`.
template <typename Response>
void WritePlans(GainsightClient* client, SuccessPlanConfigCache* cache,
                int concurrency, UnaryCall* call,
                const google::protobuf::RepeatedPtrField<SuccessPlan>& plans,
                const std::string& request_id, bool update,
                Response* response) {
  Violations violations;
  CheckRecordCount(plans.size(), kPlansField, violations);
  CheckRequestId(request_id, violations);
  std::vector<EntityType> types;
  bool need_company = false, need_relationship = false;
  for (int i = 0; i < plans.size(); ++i) {
    CheckPlan(plans[i], i, update, violations);
    if (plans[i].has_type() || plans[i].has_status()) {
      (EntityOf(plans[i]) == gainsight::v1::ENTITY_TYPE_RELATIONSHIP
           ? need_relationship
           : need_company) = true;
    }
  }
  if (!violations.empty()) {
    call->Reply(InvalidArgument(violations));
    return;
  }
  if (need_company) types.push_back(gainsight::v1::ENTITY_TYPE_COMPANY);
  if (need_relationship) {
    types.push_back(gainsight::v1::ENTITY_TYPE_RELATIONSHIP);
  }
  CallContext ctx = call->context();
  ctx.request_id = request_id;
  std::vector<SuccessPlan> copy(plans.begin(), plans.end());
  GetConfigs(
      cache, std::move(types), ctx, {},
      [client, concurrency, call, copy = std::move(copy), ctx, update,
       response](absl::StatusOr<std::map<EntityType, SuccessPlanConfigPtr>>
                     configs) mutable {
        if (!configs.ok()) {
          call->Reply(configs.status());
          return;
        }
        auto w = std::make_shared<Write>();
        w->endpoint = update ? EndpointId::kSuccessPlanUpdate
                             : EndpointId::kSuccessPlanCreate;
        w->update = update;
        w->context = ctx;
        Violations bad;
        for (size_t i = 0; i < copy.size(); ++i) {
          const SuccessPlan& plan = copy[i];
          std::string type_id, status_id;
          const std::string path = PlanPath(static_cast<int>(i));
          if (plan.has_type() || plan.has_status()) {
            const SuccessPlanConfig& config = *(*configs)[EntityOf(plan)];
            if (plan.has_type()) {
              auto id = ResolvePicklistLabel(config.types, plan.type(),
                                             path + ".type");
              if (id.ok()) {
                type_id = *id;
              } else {
                AddViolations(id.status(), bad);
              }
            }
            if (plan.has_status()) {
              auto id = ResolvePicklistLabel(config.statuses, plan.status(),
                                             path + ".status");
              if (id.ok()) {
                status_id = *id;
              } else {
                AddViolations(id.status(), bad);
              }
            }
          }
          w->records.push_back(SuccessPlanRecord(plan, update, type_id,
                                                 status_id, std::to_string(i)));
        }
        if (!bad.empty()) {
          call->Reply(InvalidArgument(bad));
          return;
        }
        const int n = static_cast<int>(w->records.size());
        w->chunks = (n + kChunk - 1) / kChunk;
        {
          absl::MutexLock lock(&w->mu);
          w->remaining = w->chunks;
          w->results.resize(n);
        }
        w->done = [call,
                   response](std::vector<gainsight::v1::RecordResult> results) {
          for (auto& r : results) *response->add_results() = std::move(r);
          call->Reply(absl::OkStatus());
        };
        if (n == 0) {
          w->done({});
          return;
        }
        for (int i = 0; i < std::max(1, concurrency); ++i) RunChunk(client, w);
      });
}

}  // namespace

namespace {

// The Success Plan list body: the query language's where with `fieldName`
// in place of `name`.
Json ListBody(const std::vector<std::string>& select,
              const gainsight::v1::Filter& filter, int page_size,
              int64_t page_number) {
  QuerySpec spec;
  spec.select = select;
  spec.filter = filter;
  Json query = BuildQueryBody(spec);
  Json body = Json::object();
  body["select"] = query["select"];
  if (query.contains("where")) {
    Json where = query["where"];
    for (Json& c : where["conditions"]) {
      c["fieldName"] = c["name"];
      c.erase("name");
    }
    body["where"] = std::move(where);
  }
  body["pageSize"] = page_size;
  body["pageNumber"] = page_number;
  return body;
}

absl::Status FillPlans(const Json& data,
                       google::protobuf::RepeatedPtrField<SuccessPlan>* out) {
  if (!data.is_array()) {
    absl::Status s =
        absl::InternalError("Gainsight's success plan list is not an array");
    AttachErrorInfo(s, reason::kMalformed);
    return s;
  }
  for (const Json& row : data) {
    absl::Status s = SuccessPlanFromRow(row, out->Add());
    if (!s.ok()) return s;
  }
  return absl::OkStatus();
}

}  // namespace

SuccessPlanService::SuccessPlanService(GainsightClient* client,
                                       SuccessPlanConfigCache* config,
                                       ApiOptions api_options, int concurrency)
    : client_(client),
      config_(config),
      api_options_(api_options),
      concurrency_(concurrency) {}

grpc::ServerUnaryReactor* SuccessPlanService::CreateSuccessPlans(
    grpc::CallbackServerContext* context,
    const gainsight::v1::CreateSuccessPlansRequest* request,
    gainsight::v1::CreateSuccessPlansResponse* response) {
  auto* call = new UnaryCall(context, api_options_);
  WritePlans(client_, config_, concurrency_, call, request->success_plans(),
             request->request_id(), /*update=*/false, response);
  return call;
}

grpc::ServerUnaryReactor* SuccessPlanService::UpdateSuccessPlans(
    grpc::CallbackServerContext* context,
    const gainsight::v1::UpdateSuccessPlansRequest* request,
    gainsight::v1::UpdateSuccessPlansResponse* response) {
  auto* call = new UnaryCall(context, api_options_);
  WritePlans(client_, config_, concurrency_, call, request->success_plans(),
             request->request_id(), /*update=*/true, response);
  return call;
}

grpc::ServerUnaryReactor* SuccessPlanService::GetSuccessPlan(
    grpc::CallbackServerContext* context,
    const gainsight::v1::GetSuccessPlanRequest* request,
    gainsight::v1::GetSuccessPlanResponse* response) {
  auto* call = new UnaryCall(context, api_options_);
  Violations violations;
  if (!IsGsid(request->gsid())) {
    violations.push_back({"gsid", "must be a GSID (letters and digits)"});
  }
  for (int i = 0; i < request->extra_fields_size(); ++i) {
    CheckFieldPath(request->extra_fields(i),
                   absl::StrCat("extra_fields[", i, "]"), violations);
  }
  if (!violations.empty()) {
    call->Reply(InvalidArgument(violations));
    return call;
  }
  std::vector<std::string> select = SuccessPlanSelect();
  for (const std::string& f : request->extra_fields()) select.push_back(f);
  gainsight::v1::Filter filter;
  auto* c = filter.add_conditions();
  c->set_field("Gsid");
  c->set_operator_(gainsight::v1::OPERATOR_EQ);
  c->add_values()->set_string_value(request->gsid());
  GainsightCall upstream;
  upstream.endpoint = EndpointId::kSuccessPlanList;
  upstream.body = ListBody(select, filter, 1, 1);
  client_->Call(std::move(upstream), call->context(),
                [call, response](UpstreamOutcome o) {
                  if (!o.status.ok()) {
                    call->Reply(o.status);
                    return;
                  }
                  google::protobuf::RepeatedPtrField<SuccessPlan> plans;
                  absl::Status s = FillPlans(o.data, &plans);
                  if (s.ok() && plans.empty()) {
                    s = absl::NotFoundError("no success plan with that gsid");
                    AttachErrorInfo(s, kPlanNotFoundReason);
                  }
                  if (s.ok()) *response->mutable_success_plan() = plans[0];
                  call->Reply(s);
                });
  return call;
}

grpc::ServerUnaryReactor* SuccessPlanService::ListSuccessPlans(
    grpc::CallbackServerContext* context,
    const gainsight::v1::ListSuccessPlansRequest* request,
    gainsight::v1::ListSuccessPlansResponse* response) {
  auto* call = new UnaryCall(context, api_options_);
  Violations violations;
  CheckSelect(request->select(), violations);
  CheckFilter(request->filter(), violations);
  if (request->page_size() < 0 ||
      request->page_size() > kMaxSuccessPlanPageSize) {
    violations.push_back(
        {"page_size", absl::StrCat("must be 0 to ", kMaxSuccessPlanPageSize)});
  }
  const int page_size =
      request->page_size() == 0 ? kDefaultPageSize : request->page_size();
  const uint64_t fingerprint = QueryFingerprint(*request);
  absl::StatusOr<int64_t> offset =
      DecodePageToken(request->page_token(), fingerprint);
  if (!offset.ok()) {
    AddViolations(offset.status(), violations);
  } else if (*offset % page_size != 0) {
    // Gainsight pages by number: the page size must stay the same.
    violations.push_back(
        {"page_size", "must not change between pages of one listing"});
  }
  if (!violations.empty()) {
    call->Reply(InvalidArgument(violations));
    return call;
  }
  std::vector<std::string> select;
  if (request->select().empty()) {
    select = SuccessPlanSelect();
  } else {
    select.assign(request->select().begin(), request->select().end());
    if (std::find(select.begin(), select.end(), "Gsid") == select.end()) {
      select.insert(select.begin(), "Gsid");
    }
  }
  const int64_t start = *offset;
  GainsightCall upstream;
  upstream.endpoint = request->deleted_only()
                          ? EndpointId::kSuccessPlanDeletedList
                          : EndpointId::kSuccessPlanList;
  upstream.body =
      ListBody(select, request->filter(), page_size, start / page_size + 1);
  client_->Call(
      std::move(upstream), call->context(),
      [call, response, page_size, start, fingerprint](UpstreamOutcome o) {
        if (!o.status.ok()) {
          call->Reply(o.status);
          return;
        }
        absl::Status s = FillPlans(o.data, response->mutable_success_plans());
        // A full page may have a next one (Gainsight tells no
        // total); that page may be empty.
        if (s.ok() && response->success_plans_size() == page_size) {
          response->set_next_page_token(
              EncodePageToken(start + page_size, fingerprint));
        }
        call->Reply(s);
      });
  return call;
}

grpc::ServerUnaryReactor* SuccessPlanService::GetSuccessPlanConfig(
    grpc::CallbackServerContext* context,
    const gainsight::v1::GetSuccessPlanConfigRequest* request,
    gainsight::v1::GetSuccessPlanConfigResponse* response) {
  auto* call = new UnaryCall(context, api_options_);
  const EntityType type = request->entity_type();
  if (type != gainsight::v1::ENTITY_TYPE_UNSPECIFIED &&
      type != gainsight::v1::ENTITY_TYPE_COMPANY &&
      type != gainsight::v1::ENTITY_TYPE_RELATIONSHIP) {
    call->Reply(
        InvalidArgument({{"entity_type", "must be COMPANY or RELATIONSHIP"}}));
    return call;
  }
  config_->Get(type, call->context(),
               [call, response](absl::StatusOr<SuccessPlanConfigPtr> config) {
                 if (!config.ok()) {
                   call->Reply(config.status());
                   return;
                 }
                 for (const auto& item : (*config)->types) {
                   *response->add_types() = item;
                 }
                 for (const auto& item : (*config)->statuses) {
                   *response->add_statuses() = item;
                 }
                 call->Reply(absl::OkStatus());
               });
  return call;
}

}  // namespace gg
