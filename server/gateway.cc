#include "gateway.h"

#include <unistd.h>

#include "absl/strings/str_cat.h"
#include "api/bulk_service.h"
#include "api/company_service.h"
#include "api/cta_service.h"
#include "api/custom_object_service.h"
#include "api/health_service.h"
#include "api/metadata_service.h"
#include "api/person_service.h"
#include "api/playbook_service.h"
#include "api/quota_service.h"
#include "api/success_plan_service.h"
#include "api/task_service.h"
#include "api/validation.h"
#include "common/clock.h"
#include "common/scheduler.h"
#include "gainsight/client.h"
#include "gainsight/company_mapping.h"
#include "gainsight/v1/bulk.grpc.pb.h"
#include "gainsight/v1/cta.grpc.pb.h"
#include "gainsight/v1/custom_object.grpc.pb.h"
#include "gainsight/v1/metadata.grpc.pb.h"
#include "gainsight/v1/person.grpc.pb.h"
#include "gainsight/v1/playbook.grpc.pb.h"
#include "gainsight/v1/success_plan.grpc.pb.h"
#include "gainsight/v1/task.grpc.pb.h"
#include "grpc/health/v1/health.pb.h"
#include "grpcpp/ext/proto_server_reflection_plugin.h"
#include "grpcpp/resource_quota.h"
#include "http/curl_http_client.h"
#include "jobs/job_runner.h"
#include "jobs/job_store_factory.h"
#include "observe/log.h"
#include "observe/metric_names.h"
#include "observe/metrics.h"
#include "observe/metrics_server.h"
#include "ops/cta_config_cache.h"
#include "ops/metadata_cache.h"
#include "ops/people_ops.h"
#include "ops/record_ops.h"
#include "ops/success_plan_config_cache.h"
#include "ops/tenant_names.h"
#include "quota/budget_factory.h"
#include "quota/queued_limiter.h"

namespace gg {

struct Gateway::Parts {
  Config config;
  Metrics metrics;
  ThreadScheduler scheduler;
  std::unique_ptr<Budget> budget;
  std::unique_ptr<QueuedLimiter> limiter;
  std::unique_ptr<CurlHttpClient> http;
  std::unique_ptr<GainsightClient> client;
  std::unique_ptr<RecordOps> ops;
  std::unique_ptr<PeopleOps> people_ops;
  std::unique_ptr<MetadataCache> metadata_cache;
  std::unique_ptr<CtaConfigCache> cta_config_cache;
  std::unique_ptr<TenantNames> company_names;
  // Services. Those of later releases answer UNIMPLEMENTED.
  std::unique_ptr<CompanyService> company;
  std::unique_ptr<QuotaService> quota;
  std::unique_ptr<PersonService> person;
  std::unique_ptr<CustomObjectService> custom_object;
  std::unique_ptr<CockpitReads> cockpit_reads;
  std::unique_ptr<CtaService> cta;
  std::unique_ptr<UserDirectory> users;
  std::unique_ptr<TaskConfigCache> task_config_cache;
  std::unique_ptr<TaskService> task;
  std::unique_ptr<PlaybookService> playbook;
  std::unique_ptr<SuccessPlanConfigCache> success_plan_config;
  std::unique_ptr<SuccessPlanService> success_plan;
  std::unique_ptr<MetadataService> metadata;
  std::unique_ptr<JobStore> job_store;
  std::unique_ptr<JobRunner> job_runner;
  std::unique_ptr<BulkService> bulk;
  std::vector<std::string> service_names;
  HealthService health;
  std::unique_ptr<grpc::Server> server;
  int port = 0;
  std::unique_ptr<MetricsServer> metrics_server;
};

namespace {

std::string DefaultReplicaId() {
  char host[256] = {0};
  gethostname(host, sizeof(host) - 1);
  return absl::StrCat(host, "-", getpid());
}

}  // namespace

void Gateway::StartBulk(Parts& p) {
  const Config& config = p.config;
  absl::Status unavailable;
  absl::StatusOr<std::unique_ptr<JobStore>> store =
      OpenJobStore(config.bulk_spool_dir, config.redis_url,
                   absl::StrCat("gainsight-gateway:", config.gainsight_url),
                   p.config.replica_id);
  if (store.ok()) {
    p.job_store = *std::move(store);
    JobRunner::Options options;
    options.spool_dir = config.bulk_spool_dir;
    options.poll_interval = config.bulk_poll_interval;
    p.job_runner = std::make_unique<JobRunner>(options, p.job_store.get(),
                                               p.client.get(), &p.scheduler);
    unavailable = p.job_runner->Resume();
  } else {
    unavailable = store.status();
  }
  if (!unavailable.ok()) {
    // Bulk jobs need their spool; every other service runs without it.
    Log(LogLevel::kError, "bulk_spool_unavailable",
        {{"dir", config.bulk_spool_dir},
         {"error", std::string(unavailable.message())}});
    unavailable = absl::UnavailableError(
        absl::StrCat("bulk jobs are unavailable: ", unavailable.message()));
    p.job_runner.reset();
  }
  BulkService::Options bulk_options;
  bulk_options.spool_dir = config.bulk_spool_dir;
  bulk_options.max_part_bytes = config.bulk_part_bytes;
  bulk_options.max_csv_record_bytes = config.max_csv_record_bytes;
  ExportDeps export_deps;
  export_deps.client = p.client.get();
  export_deps.metadata = p.metadata_cache.get();
  export_deps.scheduler = &p.scheduler;
  export_deps.api_options.default_deadline = config.default_deadline;
  export_deps.api_options.date_zone = config.tenant_time_zone;
  export_deps.export_options.poll_interval = config.bulk_poll_interval;
  p.bulk = std::make_unique<BulkService>(bulk_options, p.job_runner.get(),
                                         unavailable, export_deps);
}

absl::StatusOr<std::unique_ptr<Gateway>> Gateway::Start(const Config& config) {
  auto p = std::make_unique<Parts>();
  p->config = config;
  if (p->config.replica_id.empty()) p->config.replica_id = DefaultReplicaId();
  SetLogLevel(config.log_level);
  metric::DeclareAll(p->metrics);
  InputLimits input_limits;
  input_limits.max_filter_expression_length =
      static_cast<size_t>(config.max_filter_expression_length);
  input_limits.max_filter_expression_depth = config.max_filter_expression_depth;
  input_limits.max_field_path_parts = config.max_field_path_parts;
  input_limits.max_value_depth = config.max_value_depth;
  SetInputLimits(input_limits);

  BudgetConfig budget_config;
  budget_config.limits = config.limits;
  budget_config.headroom = config.headroom;
  budget_config.inflight_ttl = config.upstream_timeout + absl::Seconds(30);
  SharedBudgetOptions shared;
  shared.redis_url = config.redis_url;
  shared.fallback_share = config.fallback_share;
  shared.key_prefix = absl::StrCat("gainsight-gateway:", config.gainsight_url);
  shared.replica_id = p->config.replica_id;
  shared.redis_timeout = config.redis_timeout;
  shared.fallback_lease = config.fallback_lease;
  // Health name that turns NOT_SERVING while the shared budget is lost.
  HealthService* health = &p->health;
  absl::StatusOr<std::unique_ptr<Budget>> budget =
      MakeBudget(budget_config, shared, RealClock::Get(), &p->metrics,
                 [health](BudgetMode mode) {
                   health->SetServingStatus(kSharedBudgetHealthName,
                                            mode != BudgetMode::kDegraded);
                 });
  if (!budget.ok()) return budget.status();
  p->budget = *std::move(budget);

  QueuedLimiter::Options limiter_options;
  limiter_options.interactive_reserve = config.interactive_reserve;
  limiter_options.replica_id = p->config.replica_id;
  limiter_options.max_queued_calls = config.max_queued_calls;
  limiter_options.max_close = config.max_retry_after;
  p->limiter = std::make_unique<QueuedLimiter>(limiter_options, config.limits,
                                               p->budget.get(), &p->scheduler,
                                               RealClock::Get(), &p->metrics);
  CurlHttpClient::Options http_options;
  http_options.max_response_bytes = config.max_upstream_response_bytes;
  p->http = std::make_unique<CurlHttpClient>(http_options);

  GainsightClient::Options client_options;
  client_options.base_url = config.gainsight_url;
  client_options.access_key = config.access_key;
  client_options.attempt_timeout = config.upstream_timeout;
  client_options.max_attempts = config.max_attempts;
  p->client = std::make_unique<GainsightClient>(client_options, p->http.get(),
                                                p->limiter.get(), &p->scheduler,
                                                RealClock::Get(), &p->metrics);
  p->ops = std::make_unique<RecordOps>(p->client.get());

  ApiOptions api_options;
  api_options.default_deadline = config.default_deadline;
  api_options.max_deadline = config.max_deadline;
  api_options.date_zone = config.tenant_time_zone;
  WriteOptions write_defaults;
  write_defaults.isolate_rejected = config.isolate_rejected;
  write_defaults.chunk_concurrency = config.chunk_concurrency;
  p->metadata_cache = std::make_unique<MetadataCache>(
      DescribeFetcher(p->client.get()), RealClock::Get(), config.metadata_ttl,
      static_cast<size_t>(config.max_negative_cache_entries));
  p->company_names = std::make_unique<TenantNames>(
      p->metadata_cache.get(), kCompanyObject, &CompanyMapping(),
      CompanyFieldAlternatives());
  p->company = std::make_unique<CompanyService>(
      p->ops.get(), p->company_names.get(), api_options, write_defaults);
  p->quota = std::make_unique<QuotaService>(p->limiter.get());
  p->people_ops = std::make_unique<PeopleOps>(p->client.get(), p->ops.get());
  p->person = std::make_unique<PersonService>(
      p->ops.get(), p->people_ops.get(), api_options, config.chunk_concurrency);
  p->metadata = std::make_unique<MetadataService>(
      p->client.get(), p->metadata_cache.get(), api_options);
  p->custom_object = std::make_unique<CustomObjectService>(
      p->ops.get(), p->metadata_cache.get(), api_options, write_defaults);
  p->cta_config_cache = std::make_unique<CtaConfigCache>(
      CtaConfigFetcher(p->client.get()), RealClock::Get(), config.metadata_ttl);
  p->users =
      std::make_unique<UserDirectory>(p->ops.get(), p->metadata_cache.get(),
                                      RealClock::Get(), config.metadata_ttl);
  p->cockpit_reads = std::make_unique<CockpitReads>(p->client.get());
  CockpitServiceDeps cockpit;
  cockpit.write = {p->client.get(), p->users.get(), &p->metrics,
                   RealClock::Get()};
  cockpit.reads = p->cockpit_reads.get();
  cockpit.api_options = api_options;
  cockpit.concurrency = config.chunk_concurrency;
  p->cta = std::make_unique<CtaService>(cockpit, p->cta_config_cache.get());
  p->task_config_cache =
      std::make_unique<TaskConfigCache>(TaskConfigFetcher(p->client.get()),
                                        RealClock::Get(), config.metadata_ttl);
  p->task = std::make_unique<TaskService>(cockpit, p->task_config_cache.get());
  p->playbook = std::make_unique<PlaybookService>(
      p->cockpit_reads.get(), p->cta_config_cache.get(), api_options);

  p->success_plan_config = std::make_unique<SuccessPlanConfigCache>(
      SuccessPlanConfigFetcher(p->client.get()), RealClock::Get(),
      config.metadata_ttl);
  p->success_plan = std::make_unique<SuccessPlanService>(
      cockpit, p->success_plan_config.get());

  StartBulk(*p);

  grpc::reflection::InitProtoReflectionServerBuilderPlugin();

  grpc::ServerBuilder builder;
  builder.AddListeningPort(config.listen, grpc::InsecureServerCredentials(),
                           &p->port);
  // Bounds on what clients may make the server hold.
  builder.SetMaxReceiveMessageSize(
      static_cast<int>(std::min<int64_t>(config.max_request_bytes, INT32_MAX)));
  builder.AddChannelArgument(GRPC_ARG_MAX_CONCURRENT_STREAMS,
                             config.max_concurrent_streams);
  grpc::ResourceQuota quota("gainsight-gateway");
  quota.Resize(static_cast<size_t>(config.max_server_memory));
  builder.SetResourceQuota(quota);
  if (config.max_connection_age < absl::InfiniteDuration()) {
    // gRPC adds +/-10% jitter, so replicas' clients do not reconnect at once.
    builder.AddChannelArgument(
        GRPC_ARG_MAX_CONNECTION_AGE_MS,
        static_cast<int>(std::min<int64_t>(
            absl::ToInt64Milliseconds(config.max_connection_age), INT32_MAX)));
  }
  std::vector<grpc::Service*> services = {
      p->company.get(),  p->quota.get(),
      p->person.get(),   p->custom_object.get(),
      p->cta.get(),      p->task.get(),
      p->playbook.get(), p->success_plan.get(),
      p->metadata.get(), p->bulk.get(),
      &p->health};
  for (grpc::Service* s : services) builder.RegisterService(s);
  p->service_names = {gainsight::v1::CompanyService::service_full_name(),
                      gainsight::v1::QuotaService::service_full_name(),
                      gainsight::v1::PersonService::service_full_name(),
                      gainsight::v1::CustomObjectService::service_full_name(),
                      gainsight::v1::CtaService::service_full_name(),
                      gainsight::v1::TaskService::service_full_name(),
                      gainsight::v1::PlaybookService::service_full_name(),
                      gainsight::v1::SuccessPlanService::service_full_name(),
                      gainsight::v1::MetadataService::service_full_name(),
                      gainsight::v1::BulkService::service_full_name()};
  p->server = builder.BuildAndStart();
  if (p->server == nullptr || p->port == 0) {
    return absl::UnavailableError(
        absl::StrCat("cannot listen on ", config.listen));
  }
  health->SetServingStatus("", true);
  health->SetServingStatus(kLivenessHealthName, true);
  health->SetServingStatus(kReadinessHealthName, true);
  for (const std::string& name : p->service_names) {
    health->SetServingStatus(name, true);
  }
  if (!config.redis_url.empty()) {
    health->SetServingStatus(kSharedBudgetHealthName,
                             p->budget->mode() != BudgetMode::kDegraded);
  }

  if (!config.metrics_listen.empty()) {
    QueuedLimiter* limiter = p->limiter.get();
    Metrics* metrics = &p->metrics;
    absl::StatusOr<std::unique_ptr<MetricsServer>> metrics_server =
        MetricsServer::Start(config.metrics_listen, [limiter, metrics] {
          limiter->Status();  // refreshes the quota gauges
          return metrics->RenderPrometheus();
        });
    if (!metrics_server.ok()) return metrics_server.status();
    p->metrics_server = *std::move(metrics_server);
  }
  Log(LogLevel::kInfo, "gateway_started",
      {{"port", int64_t{p->port}},
       {"metrics_port",
        int64_t{p->metrics_server ? p->metrics_server->port() : 0}},
       {"gainsight_url", config.gainsight_url},
       {"limits", FormatLimitsSpec(config.limits)},
       {"budget", config.redis_url.empty() ? "local" : "redis"},
       {"replica_id", p->config.replica_id}});
  return std::unique_ptr<Gateway>(new Gateway(std::move(p)));
}

Gateway::Gateway(std::unique_ptr<Parts> parts) : parts_(std::move(parts)) {}

Gateway::~Gateway() {
  Drain(absl::ZeroDuration());
  parts_->job_runner.reset();  // stops the jobs' upstream calls
  // Transfers still running end while the client that awaits them lives.
  parts_->http.reset();
  parts_->limiter.reset();
}

int Gateway::port() const { return parts_->port; }

void Gateway::ReopenQuota() { parts_->limiter->Reopen(); }

int Gateway::metrics_port() const {
  return parts_->metrics_server ? parts_->metrics_server->port() : 0;
}

void Gateway::Drain(absl::Duration grace) {
  if (parts_->server == nullptr) return;
  Log(LogLevel::kInfo, "drain_started",
      {{"grace_ms", absl::ToInt64Milliseconds(grace)}});
  // NOT_SERVING for every service, at once; health Watch streams end.
  parts_->health.Shutdown();
  parts_->server->Shutdown(absl::ToChronoTime(absl::Now() + grace));
  parts_->server->Wait();
  parts_->server.reset();
  Log(LogLevel::kInfo, "drain_finished");
}

}  // namespace gg
