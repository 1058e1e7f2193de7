#include "tenant_backend.h"

#include "absl/strings/str_cat.h"
#include "api/bulk_service.h"
#include "api/company_service.h"
#include "api/cta_service.h"
#include "api/custom_object_service.h"
#include "api/metadata_service.h"
#include "api/person_service.h"
#include "api/playbook_service.h"
#include "api/quota_service.h"
#include "api/relationship_service.h"
#include "api/success_plan_service.h"
#include "api/task_service.h"
#include "common/clock.h"
#include "common/scheduler.h"
#include "gainsight/client.h"
#include "gainsight/company_mapping.h"
#include "http/curl_http_client.h"
#include "jobs/job_runner.h"
#include "jobs/job_store_factory.h"
#include "jobs/spool_quota.h"
#include "observe/log.h"
#include "observe/recent_writes.h"
#include "ops/call_coalescer.h"
#include "ops/cta_config_cache.h"
#include "ops/idempotency_store.h"
#include "ops/metadata_cache.h"
#include "ops/people_ops.h"
#include "ops/read_cache.h"
#include "ops/record_ops.h"
#include "ops/redis_idempotency_store.h"
#include "ops/success_plan_config_cache.h"
#include "ops/tenant_names.h"
#include "quota/budget_factory.h"
#include "quota/queued_limiter.h"

namespace gg {

struct TenantBackend::Parts {
  Config config;
  TenantConfig tenant;
  std::string spool_dir;
  Metrics* metrics = nullptr;
  ThreadScheduler scheduler;
  std::unique_ptr<Budget> budget;
  std::unique_ptr<QueuedLimiter> limiter;
  std::unique_ptr<CallerQuotaLimiter> caller_limiter;
  std::unique_ptr<CurlHttpClient> http;
  std::unique_ptr<RecentWrites> recent_writes;
  std::unique_ptr<GainsightClient> client;
  std::unique_ptr<CallCoalescer> coalescer;
  std::unique_ptr<ReadCache> read_cache;
  std::unique_ptr<RecordOps> ops;
  std::unique_ptr<IdempotencyStore> idempotency_store;
  std::unique_ptr<IdempotentWrites> idempotent;
  std::unique_ptr<PeopleOps> people_ops;
  std::unique_ptr<MetadataCache> metadata_cache;
  std::unique_ptr<CtaConfigCache> cta_config_cache;
  std::unique_ptr<TenantNames> company_names;
  std::unique_ptr<CockpitReads> cockpit_reads;
  std::unique_ptr<CompanyService> company;
  std::unique_ptr<QuotaService> quota;
  std::unique_ptr<PersonService> person;
  std::unique_ptr<CustomObjectService> custom_object;
  std::unique_ptr<RelationshipService> relationship;
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

  // Budget and job keys in Redis: one key space per Gainsight tenant.
  std::string KeyPrefix() const {
    return absl::StrCat("gainsight-gateway:", tenant.gainsight_url);
  }
};

namespace {

// Most results of creates with a request_id one replica keeps without
// Redis.
constexpr size_t kMaxLocalIdempotencyRecords = 100000;

// Where creates with a request_id keep their results: the job Redis (else
// the budget's), shared by every replica; else this process.
absl::StatusOr<std::unique_ptr<IdempotencyStore>> OpenIdempotencyStore(
    const Config& config, const std::string& key_prefix) {
  const std::string& url =
      config.job_redis_url.empty() ? config.redis_url : config.job_redis_url;
  if (url.empty()) {
    return std::make_unique<LocalIdempotencyStore>(RealClock::Get(),
                                                   kMaxLocalIdempotencyRecords);
  }
  absl::StatusOr<RedisAddress> address = ParseRedisUrl(url);
  if (!address.ok()) return address.status();
  RedisIdempotencyStore::Options options;
  options.address = *address;
  options.key_prefix = key_prefix;
  return std::make_unique<RedisIdempotencyStore>(std::move(options));
}

}  // namespace

void TenantBackend::StartBulk(Parts& p) {
  const Config& config = p.config;
  absl::Status unavailable;
  // Job state and leases: the job Redis, else the budget's, else files.
  const std::string& job_redis =
      config.job_redis_url.empty() ? config.redis_url : config.job_redis_url;
  absl::StatusOr<std::unique_ptr<JobStore>> store = OpenJobStore(
      p.spool_dir, job_redis, p.KeyPrefix(), config.bulk_job_retention);
  if (store.ok()) {
    p.job_store = *std::move(store);
    JobRunner::Options options;
    options.spool_dir = p.spool_dir;
    options.poll_interval = config.bulk_poll_interval;
    options.replica_id = config.replica_id;
    options.spool_shared = config.bulk_spool_shared;
    options.lease_ttl = config.bulk_lease_ttl;
    // An upload that did not reach Gainsight is tried again after six.
    options.upload_retry = config.bulk_poll_interval * 6;
    options.status_timeout = config.bulk_status_timeout;
    options.max_upload_attempts = config.bulk_upload_attempts;
    options.upload_timeout = config.upstream_timeout;
    options.upload_rate = config.bulk_upload_rate;
    options.metrics = p.metrics;
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
        {{"tenant", p.tenant.name},
         {"dir", p.spool_dir},
         {"error", std::string(unavailable.message())}});
    unavailable = absl::UnavailableError(
        absl::StrCat("bulk jobs are unavailable: ", unavailable.message()));
    p.job_runner.reset();
  }
  p.spool_quota = std::make_unique<SpoolQuota>(
      p.spool_dir, config.bulk_spool_quota_bytes, config.bulk_import_max_bytes);
  ImportSettings settings;
  settings.spool_dir = p.spool_dir;
  settings.max_part_bytes = config.bulk_part_bytes;
  settings.max_csv_record_bytes = config.max_csv_record_bytes;
  settings.runner = p.job_runner.get();
  settings.idempotent = p.idempotent.get();
  settings.quota = p.spool_quota.get();
  settings.metadata = p.metadata_cache.get();
  settings.api_options.default_deadline = config.default_deadline;
  if (p.tenant.name == kDefaultTenantName) {
    settings.missing_bulk_api_settings = MissingBulkApiSettings(config);
    settings.data_jobs = config.bulk_data_jobs;
  } else {
    settings.missing_bulk_api_settings = {
        absl::StrCat("a GS Bulk API connection for tenant '", p.tenant.name,
                     "' (the --bulk-* flags serve the default tenant only)")};
  }
  ExportDeps export_deps;
  export_deps.clock = RealClock::Get();
  export_deps.client = p.client.get();
  export_deps.metadata = p.metadata_cache.get();
  export_deps.scheduler = &p.scheduler;
  export_deps.api_options.default_deadline = config.default_deadline;
  export_deps.api_options.date_zone = config.tenant_time_zone;
  export_deps.export_options.poll_interval = config.bulk_poll_interval;
  p.bulk = std::make_unique<BulkService>(std::move(settings), unavailable,
                                         export_deps);
}

absl::StatusOr<std::unique_ptr<TenantBackend>> TenantBackend::Start(
    Options options) {
  auto p = std::make_unique<Parts>();
  p->config = *options.config;
  p->tenant = *options.tenant;
  p->spool_dir = std::move(options.spool_dir);
  p->metrics = options.metrics;
  const Config& config = p->config;
  const TenantConfig& tenant = p->tenant;

  BudgetConfig budget_config;
  budget_config.limits = tenant.limits;
  budget_config.headroom = tenant.headroom;
  budget_config.inflight_ttl = config.upstream_timeout + absl::Seconds(30);
  SharedBudgetOptions shared;
  shared.redis_url = config.redis_url;
  shared.fallback_share = config.fallback_share;
  shared.key_prefix = p->KeyPrefix();
  shared.replica_id = config.replica_id;
  shared.redis_timeout = config.redis_timeout;
  shared.fallback_lease = config.fallback_lease;
  absl::StatusOr<std::unique_ptr<Budget>> budget =
      MakeBudget(budget_config, shared, RealClock::Get(), p->metrics,
                 std::move(options.on_budget_mode));
  if (!budget.ok()) return budget.status();
  p->budget = *std::move(budget);

  QueuedLimiter::Options limiter_options;
  limiter_options.interactive_reserve = config.interactive_reserve;
  limiter_options.replica_id = config.replica_id;
  limiter_options.max_queued_calls = config.max_queued_calls;
  limiter_options.max_close = config.max_retry_after;
  p->limiter = std::make_unique<QueuedLimiter>(limiter_options, tenant.limits,
                                               p->budget.get(), &p->scheduler,
                                               RealClock::Get(), p->metrics);
  Limiter* limiter = p->limiter.get();
  if (options.caller_quota) {
    p->caller_limiter = std::make_unique<CallerQuotaLimiter>(
        limiter, tenant.limits, tenant.headroom,
        std::move(options.caller_quota), &p->scheduler, RealClock::Get());
    limiter = p->caller_limiter.get();
  }
  CurlHttpClient::Options http_options;
  http_options.max_response_bytes = config.max_upstream_response_bytes;
  p->http = std::make_unique<CurlHttpClient>(http_options);

  GainsightClient::Options client_options;
  client_options.base_url = tenant.gainsight_url;
  client_options.access_key = tenant.access_key;
  client_options.attempt_timeout = config.upstream_timeout;
  client_options.max_attempts = config.max_attempts;
  p->recent_writes = std::make_unique<RecentWrites>(RealClock::Get()->Now());
  client_options.recent_writes = p->recent_writes.get();
  // The GS Bulk API connection of --bulk-* is the default tenant's.
  if (tenant.name == kDefaultTenantName) {
    client_options.bulk_api.access_key = config.bulk_access_key;
    client_options.bulk_api.app_org_id = config.bulk_app_org_id;
    client_options.bulk_api.login_name = config.bulk_login_name;
  }
  p->client = std::make_unique<GainsightClient>(client_options, p->http.get(),
                                                limiter, &p->scheduler,
                                                RealClock::Get(), p->metrics);
  if (config.coalesce) {
    CallCoalescer::Options coalesce;
    coalesce.linger = config.coalesce_linger;
    p->coalescer = std::make_unique<CallCoalescer>(
        p->client.get(), &p->scheduler, RealClock::Get(), coalesce);
  }
  if (config.read_cache_ttl > absl::ZeroDuration()) {
    p->read_cache =
        std::make_unique<ReadCache>(RealClock::Get(), config.read_cache_ttl);
  }
  p->ops = std::make_unique<RecordOps>(p->client.get(), p->coalescer.get(),
                                       p->read_cache.get());

  ApiOptions api_options;
  api_options.default_deadline = config.default_deadline;
  api_options.max_deadline = config.max_deadline;
  api_options.date_zone = config.tenant_time_zone;
  absl::StatusOr<std::unique_ptr<IdempotencyStore>> idempotency_store =
      OpenIdempotencyStore(config, p->KeyPrefix());
  if (!idempotency_store.ok()) return idempotency_store.status();
  p->idempotency_store = *std::move(idempotency_store);
  IdempotencyOptions idempotency;
  idempotency.ttl = config.idempotency_ttl;
  idempotency.min_run = config.default_deadline;
  p->idempotent = std::make_unique<IdempotentWrites>(
      p->idempotency_store.get(), &p->scheduler, RealClock::Get(), idempotency,
      p->metrics);
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
      p->ops.get(), p->company_names.get(), p->idempotent.get(), api_options,
      write_defaults);
  p->quota = std::make_unique<QuotaService>(limiter, p->recent_writes.get(),
                                            RealClock::Get());
  p->people_ops = std::make_unique<PeopleOps>(p->client.get(), p->ops.get());
  p->person = std::make_unique<PersonService>(
      p->ops.get(), p->people_ops.get(), p->metadata_cache.get(), api_options,
      config.chunk_concurrency);
  p->metadata = std::make_unique<MetadataService>(
      p->client.get(), p->metadata_cache.get(), api_options);
  p->custom_object = std::make_unique<CustomObjectService>(
      p->ops.get(), p->metadata_cache.get(), p->idempotent.get(), api_options,
      write_defaults);
  p->relationship = std::make_unique<RelationshipService>(
      p->ops.get(), p->metadata_cache.get(), p->idempotent.get(), api_options,
      write_defaults);
  p->cta_config_cache = std::make_unique<CtaConfigCache>(
      CtaConfigFetcher(p->client.get()), RealClock::Get(), config.metadata_ttl);
  p->users =
      std::make_unique<UserDirectory>(p->ops.get(), p->metadata_cache.get(),
                                      RealClock::Get(), config.metadata_ttl);
  p->cockpit_reads = std::make_unique<CockpitReads>(
      p->client.get(), RealClock::Get(), config.metadata_ttl);
  CockpitServiceDeps cockpit;
  cockpit.write = {p->client.get(), p->users.get(), p->metrics,
                   RealClock::Get(), p->coalescer.get()};
  cockpit.reads = p->cockpit_reads.get();
  cockpit.api_options = api_options;
  cockpit.concurrency = config.chunk_concurrency;
  cockpit.idempotent = p->idempotent.get();
  cockpit.records = p->ops.get();
  cockpit.metadata = p->metadata_cache.get();
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
  return std::unique_ptr<TenantBackend>(new TenantBackend(std::move(p)));
}

TenantBackend::TenantBackend(std::unique_ptr<Parts> parts)
    : parts_(std::move(parts)) {}

TenantBackend::~TenantBackend() {
  parts_->job_runner.reset();  // stops the jobs' upstream calls
  // Transfers still running end while the client that awaits them lives.
  parts_->http.reset();
  parts_->caller_limiter.reset();
  parts_->limiter.reset();
}

const std::string& TenantBackend::name() const { return parts_->tenant.name; }

TenantServices TenantBackend::services() const {
  TenantServices s;
  s.company = parts_->company.get();
  s.quota = parts_->quota.get();
  s.person = parts_->person.get();
  s.custom_object = parts_->custom_object.get();
  s.relationship = parts_->relationship.get();
  s.cta = parts_->cta.get();
  s.task = parts_->task.get();
  s.playbook = parts_->playbook.get();
  s.success_plan = parts_->success_plan.get();
  s.metadata = parts_->metadata.get();
  s.bulk = parts_->bulk.get();
  return s;
}

BudgetMode TenantBackend::budget_mode() const { return parts_->budget->mode(); }

void TenantBackend::RefreshQuotaGauges() { parts_->limiter->Status(); }

void TenantBackend::ReopenQuota() { parts_->limiter->Reopen(); }

void TenantBackend::DrainJobs(absl::Time deadline) {
  if (parts_->job_runner != nullptr) parts_->job_runner->Drain(deadline);
}

void TenantBackend::CancelDetachedWrites() {
  parts_->idempotent->CancelDetached();
}

}  // namespace gg
