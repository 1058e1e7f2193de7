#include "gateway.h"

#include <unistd.h>

#include <thread>

#include "absl/strings/str_cat.h"
#include "api/bulk_service.h"
#include "api/company_service.h"
#include "api/cta_service.h"
#include "api/custom_object_service.h"
#include "api/metadata_service.h"
#include "api/person_service.h"
#include "api/playbook_service.h"
#include "api/quota_service.h"
#include "api/success_plan_service.h"
#include "api/task_service.h"
#include "common/clock.h"
#include "common/scheduler.h"
#include "gainsight/client.h"
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
#include "grpcpp/health_check_service_interface.h"
#include "http/curl_http_client.h"
#include "jobs/job_runner.h"
#include "jobs/job_store_factory.h"
#include "jobs/spool_quota.h"
#include "observe/log.h"
#include "observe/metric_names.h"
#include "observe/metrics.h"
#include "observe/metrics_server.h"
#include "ops/cta_config_cache.h"
#include "ops/metadata_cache.h"
#include "ops/people_ops.h"
#include "ops/record_ops.h"
#include "ops/success_plan_config_cache.h"
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
  // Services. Those of later releases answer UNIMPLEMENTED.
  std::unique_ptr<CompanyService> company;
  std::unique_ptr<QuotaService> quota;
  std::unique_ptr<PersonService> person;
  std::unique_ptr<CustomObjectService> custom_object;
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
  std::unique_ptr<SpoolQuota> spool_quota;
  std::unique_ptr<BulkService> bulk;
  std::vector<std::string> service_names;
  absl::Mutex health_mu;
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
  // Job state and leases: the job Redis, else the budget's, else files.
  const std::string& job_redis =
      config.job_redis_url.empty() ? config.redis_url : config.job_redis_url;
  absl::StatusOr<std::unique_ptr<JobStore>> store =
      OpenJobStore(config.bulk_spool_dir, job_redis,
                   absl::StrCat("gainsight-gateway:", config.gainsight_url),
                   config.bulk_job_retention);
  if (store.ok()) {
    p.job_store = *std::move(store);
    JobRunner::Options options;
    options.spool_dir = config.bulk_spool_dir;
    options.replica_id = config.replica_id;
    options.spool_shared = config.bulk_spool_shared;
    options.lease_ttl = config.bulk_lease_ttl;
    options.poll_interval = config.bulk_poll_interval;
    // An upload that did not reach Gainsight is tried again after six.
    options.upload_retry = config.bulk_poll_interval * 6;
    options.status_timeout = config.bulk_status_timeout;
    options.max_upload_attempts = config.bulk_upload_attempts;
    options.upload_timeout = config.upstream_timeout;
    options.upload_rate = config.bulk_upload_rate;
    p.job_runner = std::make_unique<JobRunner>(options, p.job_store.get(),
                                               p.client.get(), p.limiter.get(),
                                               &p.scheduler, RealClock::Get());
    unavailable = p.job_runner->Start();
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
  p.spool_quota = std::make_unique<SpoolQuota>(config.bulk_spool_dir,
                                               config.bulk_spool_quota_bytes,
                                               config.bulk_import_max_bytes);
  ImportSettings settings;
  settings.spool_dir = config.bulk_spool_dir;
  settings.max_part_bytes = config.bulk_part_bytes;
  settings.runner = p.job_runner.get();
  settings.quota = p.spool_quota.get();
  settings.missing_bulk_api_settings = MissingBulkApiSettings(config);
  ExportDeps export_deps;
  export_deps.client = p.client.get();
  export_deps.metadata = p.metadata_cache.get();
  export_deps.scheduler = &p.scheduler;
  export_deps.clock = RealClock::Get();
  export_deps.api_options.default_deadline = config.default_deadline;
  export_deps.export_options.poll_interval = config.bulk_poll_interval;
  p.bulk = std::make_unique<BulkService>(std::move(settings), unavailable,
                                         export_deps);
}

absl::StatusOr<std::unique_ptr<Gateway>> Gateway::Start(const Config& config) {
  auto p = std::make_unique<Parts>();
  p->config = config;
  if (p->config.replica_id.empty()) p->config.replica_id = DefaultReplicaId();
  SetLogLevel(config.log_level);
  metric::DeclareAll(p->metrics);

  BudgetConfig budget_config;
  budget_config.limits = config.limits;
  budget_config.headroom = config.headroom;
  budget_config.inflight_ttl = config.upstream_timeout + absl::Seconds(30);
  // Health name that turns NOT_SERVING while the shared budget is lost.
  Parts* parts = p.get();
  absl::StatusOr<std::unique_ptr<Budget>> budget =
      MakeBudget(budget_config, config.redis_url, config.fallback_share,
                 absl::StrCat("gainsight-gateway:", config.gainsight_url),
                 RealClock::Get(), &p->metrics, [parts](BudgetMode mode) {
                   absl::MutexLock lock(&parts->health_mu);
                   if (parts->server == nullptr) return;
                   parts->server->GetHealthCheckService()->SetServingStatus(
                       kSharedBudgetHealthName, mode != BudgetMode::kDegraded);
                 });
  if (!budget.ok()) return budget.status();
  p->budget = *std::move(budget);

  QueuedLimiter::Options limiter_options;
  limiter_options.interactive_reserve = config.interactive_reserve;
  limiter_options.replica_id = p->config.replica_id;
  p->limiter = std::make_unique<QueuedLimiter>(limiter_options, config.limits,
                                               p->budget.get(), &p->scheduler,
                                               RealClock::Get(), &p->metrics);
  p->http = std::make_unique<CurlHttpClient>(CurlHttpClient::Options{});

  GainsightClient::Options client_options;
  client_options.base_url = config.gainsight_url;
  client_options.access_key = config.access_key;
  client_options.bulk_api.access_key = config.bulk_access_key;
  client_options.bulk_api.app_org_id = config.bulk_app_org_id;
  client_options.bulk_api.login_name = config.bulk_login_name;
  client_options.attempt_timeout = config.upstream_timeout;
  client_options.max_attempts = config.max_attempts;
  p->client = std::make_unique<GainsightClient>(client_options, p->http.get(),
                                                p->limiter.get(), &p->scheduler,
                                                RealClock::Get(), &p->metrics);
  p->ops = std::make_unique<RecordOps>(p->client.get());

  ApiOptions api_options;
  api_options.default_deadline = config.default_deadline;
  WriteOptions write_defaults;
  write_defaults.isolate_rejected = config.isolate_rejected;
  write_defaults.chunk_concurrency = config.chunk_concurrency;
  p->company = std::make_unique<CompanyService>(p->ops.get(), api_options,
                                                write_defaults);
  p->quota = std::make_unique<QuotaService>(p->limiter.get());
  p->people_ops = std::make_unique<PeopleOps>(p->client.get(), p->ops.get());
  p->person = std::make_unique<PersonService>(
      p->ops.get(), p->people_ops.get(), api_options, config.chunk_concurrency);
  p->metadata_cache = std::make_unique<MetadataCache>(
      DescribeFetcher(p->client.get()), RealClock::Get(), config.metadata_ttl);
  p->metadata = std::make_unique<MetadataService>(
      p->client.get(), p->metadata_cache.get(), api_options);
  p->custom_object = std::make_unique<CustomObjectService>(
      p->ops.get(), p->metadata_cache.get(), api_options, write_defaults);
  p->cta_config_cache = std::make_unique<CtaConfigCache>(
      CtaConfigFetcher(p->client.get()), RealClock::Get(), config.metadata_ttl);
  p->users = std::make_unique<UserDirectory>(p->ops.get(), RealClock::Get(),
                                             config.metadata_ttl);
  p->cta = std::make_unique<CtaService>(
      p->client.get(), p->cta_config_cache.get(), p->users.get(), api_options,
      config.chunk_concurrency);
  p->task_config_cache =
      std::make_unique<TaskConfigCache>(TaskConfigFetcher(p->client.get()),
                                        RealClock::Get(), config.metadata_ttl);
  p->task = std::make_unique<TaskService>(
      p->client.get(), p->task_config_cache.get(), p->users.get(), api_options,
      config.chunk_concurrency);
  p->playbook = std::make_unique<PlaybookService>(
      p->client.get(), p->cta_config_cache.get(), api_options);

  p->success_plan_config = std::make_unique<SuccessPlanConfigCache>(
      SuccessPlanConfigFetcher(p->client.get()), RealClock::Get(),
      config.metadata_ttl);
  p->success_plan = std::make_unique<SuccessPlanService>(
      p->client.get(), p->success_plan_config.get(), p->users.get(),
      api_options, config.chunk_concurrency);

  StartBulk(*p);

  grpc::EnableDefaultHealthCheckService(true);
  grpc::reflection::InitProtoReflectionServerBuilderPlugin();
  // Links the health messages so that reflection can describe the service.
  (void)grpc::health::v1::HealthCheckRequest::descriptor();

  grpc::ServerBuilder builder;
  builder.AddListeningPort(config.listen, grpc::InsecureServerCredentials(),
                           &p->port);
  if (config.max_connection_age < absl::InfiniteDuration()) {
    // gRPC adds +/-10% jitter, so replicas' clients do not reconnect at once.
    builder.AddChannelArgument(
        GRPC_ARG_MAX_CONNECTION_AGE_MS,
        static_cast<int>(std::min<int64_t>(
            absl::ToInt64Milliseconds(config.max_connection_age), INT32_MAX)));
  }
  std::vector<grpc::Service*> services = {
      p->company.get(),       p->quota.get(),        p->person.get(),
      p->custom_object.get(), p->cta.get(),          p->task.get(),
      p->playbook.get(),      p->success_plan.get(), p->metadata.get(),
      p->bulk.get()};
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
  {
    absl::MutexLock lock(&p->health_mu);
    p->server = builder.BuildAndStart();
  }
  if (p->server == nullptr || p->port == 0) {
    return absl::UnavailableError(
        absl::StrCat("cannot listen on ", config.listen));
  }
  grpc::HealthCheckServiceInterface* health =
      p->server->GetHealthCheckService();
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

int Gateway::metrics_port() const {
  return parts_->metrics_server ? parts_->metrics_server->port() : 0;
}

void Gateway::Drain(absl::Duration grace) {
  if (parts_->server == nullptr) return;
  Log(LogLevel::kInfo, "drain_started",
      {{"grace_ms", absl::ToInt64Milliseconds(grace)}});
  const absl::Time deadline = absl::Now() + grace;
  // NOT_SERVING for every service, at once.
  parts_->server->GetHealthCheckService()->Shutdown();
  std::thread shutdown([this, deadline] {
    parts_->server->Shutdown(absl::ToChronoTime(deadline));
  });
  // Meanwhile bulk jobs let their uploads in flight finish, then hand over
  // to the other replicas (which also ends the WatchJob streams here).
  if (parts_->job_runner != nullptr) parts_->job_runner->Drain(deadline);
  shutdown.join();
  parts_->server->Wait();
  absl::MutexLock lock(&parts_->health_mu);
  parts_->server.reset();
  Log(LogLevel::kInfo, "drain_finished");
}

}  // namespace gg
