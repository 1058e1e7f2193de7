#include "gateway.h"

#include <unistd.h>

#include <algorithm>
#include <set>
#include <thread>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/synchronization/notification.h"
#include "api/health_service.h"
#include "api/validation.h"
#include "grpc/health/v1/health.pb.h"
#include "grpcpp/ext/proto_server_reflection_plugin.h"
#include "grpcpp/resource_quota.h"
#include "health_port.h"
#include "observe/log.h"
#include "observe/metric_names.h"
#include "observe/metrics.h"
#include "observe/metrics_server.h"
#include "open_calls.h"
#include "security/access_log.h"
#include "security/audit.h"
#include "security/authenticator.h"
#include "security/call_gate.h"
#include "security/callers_file.h"
#include "security/policy_file.h"
#include "security/reloading_file.h"
#include "security/routers.h"
#include "security/secured_context.h"
#include "security/server_credentials.h"
#include "tenant_backend.h"

namespace gg {

struct Gateway::Parts {
  Config config;
  Metrics metrics;
  // One labelled view of `metrics` per tenant when there are several.
  std::vector<std::unique_ptr<Metrics>> tenant_metrics;
  std::unique_ptr<ReloadingFile<CallerTokens>> callers;
  std::unique_ptr<ReloadingFile<Policy>> policy;
  std::unique_ptr<Authenticator> authenticator;
  std::unique_ptr<CallGate> gate;
  std::vector<std::unique_ptr<TenantBackend>> tenants;
  std::vector<std::unique_ptr<grpc::Service>> routers;
  std::vector<std::string> service_names;
  absl::Mutex health_mu;
  std::set<std::string> degraded_tenants ABSL_GUARDED_BY(health_mu);
  // grpc.health.v1 of the main port (the health port has its own).
  HealthService health;
  // Calls the server holds (declared before it: counted until it is gone).
  OpenCalls open_calls;
  std::unique_ptr<grpc::Server> server;
  std::unique_ptr<HealthPort> health_port;
  int port = 0;
  std::unique_ptr<MetricsServer> metrics_server;

  // Every health service: the main port's and the health port's.
  std::vector<HealthService*> Health()
      ABSL_EXCLUSIVE_LOCKS_REQUIRED(health_mu) {
    std::vector<HealthService*> out = {&health};
    if (health_port != nullptr) out.push_back(health_port->health());
    return out;
  }
  void SetServing(const std::string& name, bool serving)
      ABSL_EXCLUSIVE_LOCKS_REQUIRED(health_mu) {
    for (auto* health : Health()) health->SetServingStatus(name, serving);
  }
};

namespace {

std::string DefaultReplicaId() {
  char host[256] = {0};
  gethostname(host, sizeof(host) - 1);
  return absl::StrCat(host, "-", getpid());
}

std::string SpoolDirOf(const Config& config, const TenantConfig& tenant) {
  if (tenant.name == kDefaultTenantName) return config.bulk_spool_dir;
  return absl::StrCat(config.bulk_spool_dir, "/tenant-", tenant.name);
}

std::vector<std::string> ConfiguredTenants(const Config& config) {
  std::vector<std::string> names;
  for (const TenantConfig& t : config.tenants) names.push_back(t.name);
  return names;
}

absl::Status FlagError(const char* flag, const absl::Status& status) {
  return absl::InvalidArgumentError(
      absl::StrCat("--", flag, ": ", status.message()));
}

}  // namespace

absl::Status Gateway::StartSecurity(Parts& p) {
  const Config& config = p.config;
  if (!config.callers_file.empty()) {
    auto callers =
        ReloadingFile<CallerTokens>::Start(config.callers_file, ReadCallersFile,
                                           config.reload_interval, "callers");
    if (!callers.ok()) return FlagError("callers-file", callers.status());
    p.callers = *std::move(callers);
  }
  if (!config.policy_file.empty()) {
    std::vector<std::string> tenants = ConfiguredTenants(config);
    auto policy = ReloadingFile<Policy>::Start(
        config.policy_file,
        [tenants](const std::string& path) {
          return ReadPolicyFile(path, tenants);
        },
        config.reload_interval, "policy");
    if (!policy.ok()) return FlagError("policy-file", policy.status());
    p.policy = *std::move(policy);
  }
  const bool certificates = !config.tls_client_ca_file.empty();
  if (certificates || p.callers != nullptr) {
    p.authenticator =
        std::make_unique<Authenticator>(certificates, p.callers.get());
  }
  p.gate = std::make_unique<CallGate>(p.authenticator.get(), p.policy.get(),
                                      ConfiguredTenants(config));
  return absl::OkStatus();
}

absl::Status Gateway::StartTenants(Parts& p) {
  const Config& config = p.config;
  Parts* parts = &p;
  for (const TenantConfig& tenant : config.tenants) {
    TenantBackend::Options options;
    options.config = &config;
    options.tenant = &tenant;
    options.spool_dir = SpoolDirOf(config, tenant);
    options.metrics = &p.metrics;
    if (config.tenants.size() > 1) {
      p.tenant_metrics.push_back(std::make_unique<Metrics>(
          &p.metrics, Labels{{"tenant", tenant.name}}));
      options.metrics = p.tenant_metrics.back().get();
    }
    if (p.policy != nullptr) {
      const ReloadingFile<Policy>* policy = p.policy.get();
      options.caller_quota =
          [policy](const std::string& caller) -> std::optional<CallerQuota> {
        const Grant* grant = policy->Get()->For(caller);
        if (grant == nullptr) return std::nullopt;
        return grant->quota;
      };
    }
    // The shared-budget health name is NOT_SERVING while any tenant's
    // budget is degraded.
    options.on_budget_mode = [parts, name = tenant.name](BudgetMode mode) {
      absl::MutexLock lock(&parts->health_mu);
      if (mode == BudgetMode::kDegraded) {
        parts->degraded_tenants.insert(name);
      } else {
        parts->degraded_tenants.erase(name);
      }
      parts->SetServing(kSharedBudgetHealthName,
                        parts->degraded_tenants.empty());
    };
    absl::StatusOr<std::unique_ptr<TenantBackend>> backend =
        TenantBackend::Start(std::move(options));
    if (!backend.ok()) return backend.status();
    p.tenants.push_back(*std::move(backend));
  }
  std::vector<TenantServices> services;
  for (const auto& backend : p.tenants) services.push_back(backend->services());
  p.routers = MakeRouters(p.gate.get(), services);
  return absl::OkStatus();
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

  absl::StatusOr<std::shared_ptr<grpc::ServerCredentials>> credentials =
      MakeServerCredentials(config);
  if (!credentials.ok()) return credentials.status();
  if (absl::Status s = StartSecurity(*p); !s.ok()) return s;
  if (absl::Status s = StartTenants(*p); !s.ok()) return s;

  grpc::reflection::InitProtoReflectionServerBuilderPlugin();

  grpc::ServerBuilder builder;
  builder.AddListeningPort(config.listen, *credentials, &p->port);
  // A taken port fails the start: with SO_REUSEPORT (gRPC's default) a
  // second gateway would share it and split the connections silently.
  builder.AddChannelArgument(GRPC_ARG_ALLOW_REUSEPORT, 0);
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
  // Every call's context carries what the call gate learns about it; the
  // audit interceptor reads it when the call ends.
  builder.SetContextAllocator(std::make_unique<SecuredContextAllocator>());
  std::vector<
      std::unique_ptr<grpc::experimental::ServerInterceptorFactoryInterface>>
      interceptors;
  interceptors.push_back(std::make_unique<AuditInterceptorFactory>());
  interceptors.push_back(std::make_unique<AccessLogInterceptorFactory>(
      &p->metrics, config.access_log));
  interceptors.push_back(
      std::make_unique<OpenCalls::InterceptorFactory>(&p->open_calls));
  builder.experimental().SetInterceptorCreators(std::move(interceptors));
  for (const auto& router : p->routers) builder.RegisterService(router.get());
  builder.RegisterService(&p->health);
  for (const MethodRule& rule : MethodTable()) {
    if (p->service_names.empty() || p->service_names.back() != rule.service) {
      p->service_names.push_back(rule.service);
    }
  }
  {
    absl::MutexLock lock(&p->health_mu);
    p->server = builder.BuildAndStart();
  }
  if (p->server == nullptr || p->port == 0) {
    return absl::UnavailableError(
        absl::StrCat("cannot listen on ", config.listen,
                     ": the address is in use or not available"));
  }
  if (!config.health_listen.empty()) {
    absl::StatusOr<std::unique_ptr<HealthPort>> health_port =
        HealthPort::Start(config.health_listen);
    if (!health_port.ok()) return health_port.status();
    absl::MutexLock lock(&p->health_mu);
    p->health_port = *std::move(health_port);
  }
  {
    absl::MutexLock lock(&p->health_mu);
    p->SetServing("", true);
    p->SetServing(kLivenessHealthName, true);
    p->SetServing(kReadinessHealthName, true);
    for (const std::string& name : p->service_names) p->SetServing(name, true);
    if (!config.redis_url.empty()) {
      for (const auto& tenant : p->tenants) {
        if (tenant->budget_mode() == BudgetMode::kDegraded) {
          p->degraded_tenants.insert(tenant->name());
        }
      }
      p->SetServing(kSharedBudgetHealthName, p->degraded_tenants.empty());
    }
  }

  if (!config.metrics_listen.empty()) {
    Parts* parts = p.get();
    absl::StatusOr<std::unique_ptr<MetricsServer>> metrics_server =
        MetricsServer::Start(config.metrics_listen, [parts] {
          for (const auto& tenant : parts->tenants) {
            tenant->RefreshQuotaGauges();
          }
          return parts->metrics.RenderPrometheus();
        });
    if (!metrics_server.ok()) return metrics_server.status();
    p->metrics_server = *std::move(metrics_server);
  }
  std::vector<std::string> tenants;
  for (const TenantConfig& t : config.tenants) {
    tenants.push_back(absl::StrCat(t.name, "=", t.gainsight_url));
  }
  Log(LogLevel::kInfo, "gateway_started",
      {{"port", int64_t{p->port}},
       {"metrics_port",
        int64_t{p->metrics_server ? p->metrics_server->port() : 0}},
       {"health_port", int64_t{p->health_port ? p->health_port->port() : 0}},
       {"tenants", absl::StrJoin(tenants, ", ")},
       {"limits", FormatLimitsSpec(config.tenants.front().limits)},
       {"budget", config.redis_url.empty() ? "local" : "redis"},
       {"tls", config.tls_cert_file.empty()
                   ? "off"
                   : (config.tls_client_ca_file.empty() ? "server" : "mutual")},
       {"bearer_tokens", !config.callers_file.empty()},
       {"policy", !config.policy_file.empty()},
       {"replica_id", p->config.replica_id}});
  if (p->authenticator == nullptr) {
    Log(LogLevel::kWarning, "callers_not_authenticated",
        {{"listen", config.listen},
         {"why",
          "neither --tls-client-ca-file nor --callers-file is set: "
          "every peer that reaches the port may call every RPC"}});
  }
  return std::unique_ptr<Gateway>(new Gateway(std::move(p)));
}

Gateway::Gateway(std::unique_ptr<Parts> parts) : parts_(std::move(parts)) {}

Gateway::~Gateway() {
  Drain(absl::ZeroDuration());
  parts_->metrics_server.reset();  // its scrapes read the tenants
  parts_->tenants.clear();
}

int Gateway::port() const { return parts_->port; }

void Gateway::ReopenQuota() {
  for (const auto& tenant : parts_->tenants) tenant->ReopenQuota();
}

int Gateway::metrics_port() const {
  return parts_->metrics_server ? parts_->metrics_server->port() : 0;
}

int Gateway::health_port() const {
  return parts_->health_port ? parts_->health_port->port() : 0;
}

void Gateway::Drain(absl::Duration grace) {
  if (parts_->server == nullptr) return;
  Log(LogLevel::kInfo, "drain_started",
      {{"grace_ms", absl::ToInt64Milliseconds(grace)}});
  {
    // NOT_SERVING for every service, at once, on both ports.
    absl::MutexLock lock(&parts_->health_mu);
    for (auto* health : parts_->Health()) health->Shutdown();
  }
  const absl::Time deadline = absl::Now() + grace;
  absl::Notification shut_down;
  std::thread shutdown([this, deadline, &shut_down] {
    parts_->server->Shutdown(absl::ToChronoTime(deadline));
    shut_down.Notify();
  });
  // Meanwhile bulk jobs let their uploads in flight finish, then hand over
  // to the other replicas (which also ends the WatchJob streams here).
  for (const auto& tenant : parts_->tenants) tenant->DrainJobs(deadline);
  // Once every call is answered only idle connections are left. gRPC's
  // shutdown waits for their clients to acknowledge its GOAWAY, which a
  // client not polling its channel (an idle C++ channel does so every 5 s)
  // delays up to the deadline: close them instead. Again while the
  // shutdown lasts, in case a client reconnected before it stopped
  // listening.
  while (!shut_down.WaitForNotificationWithDeadline(
      std::min(deadline, absl::Now() + absl::Milliseconds(50)))) {
    if (absl::Now() >= deadline) break;
    if (parts_->open_calls.AwaitNone(deadline)) {
      grpc_server_cancel_all_calls(parts_->server->c_server());
    }
  }
  // Creates whose callers left run detached from their calls' cancel.
  for (const auto& tenant : parts_->tenants) tenant->CancelDetachedWrites();
  shutdown.join();
  parts_->server->Wait();
  parts_->server.reset();
  if (parts_->health_port != nullptr) parts_->health_port->Shutdown();
  Log(LogLevel::kInfo, "drain_finished");
}

}  // namespace gg
