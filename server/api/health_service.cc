#include "api/health_service.h"

#include <utility>

namespace gg {

using grpc::health::v1::HealthCheckResponse;

// One Watch stream. It sends the current status, then each change; one
// write is in flight at a time and only the latest status is kept. The
// service's lock keeps a watcher alive while the service talks to it
// (OnDone takes that lock before the watcher is deleted); gRPC runs a
// reactor's reactions on its own threads, never inside StartWrite/Finish.
class HealthService::Watcher
    : public grpc::ServerWriteReactor<HealthCheckResponse> {
 public:
  Watcher(HealthService* service, std::string name)
      : service_(service), name_(std::move(name)) {}

  // Called with the service's lock held.
  void Update(ServingStatus status) {
    {
      absl::MutexLock lock(&mu_);
      pending_ = status;
      if (writing_ || finished_ || status == sent_) return;
      writing_ = true;
      sent_ = status;
      response_.set_status(status);
    }
    StartWrite(&response_);
  }

  // The last status goes out first; then the stream ends. Called with the
  // service's lock held.
  void End() {
    {
      absl::MutexLock lock(&mu_);
      ending_ = true;
      if (writing_ || finished_) return;
      finished_ = true;
    }
    Finish(
        grpc::Status(grpc::StatusCode::UNAVAILABLE, "the gateway is draining"));
  }

  void OnWriteDone(bool ok) override {
    bool write = false, finish = false;
    {
      absl::MutexLock lock(&mu_);
      writing_ = false;
      if (finished_) return;
      if (!ok) {
        finish = finished_ = true;
      } else if (pending_ != sent_) {
        write = writing_ = true;
        sent_ = pending_;
        response_.set_status(pending_);
      } else if (ending_) {
        finish = finished_ = true;
      }
    }
    if (write) StartWrite(&response_);
    if (finish) {
      Finish(grpc::Status(grpc::StatusCode::UNAVAILABLE,
                          "the gateway is draining"));
    }
  }

  void OnCancel() override {
    {
      absl::MutexLock lock(&mu_);
      ending_ = true;
      if (writing_ || finished_) return;  // OnWriteDone finishes
      finished_ = true;
    }
    Finish(grpc::Status::CANCELLED);
  }

  void OnDone() override {
    {
      absl::MutexLock lock(&service_->mu_);
      service_->watchers_.erase(this);
    }
    delete this;
  }

  const std::string& name() const { return name_; }

 private:
  HealthService* const service_;
  const std::string name_;
  absl::Mutex mu_;
  bool writing_ ABSL_GUARDED_BY(mu_) = false;
  bool ending_ ABSL_GUARDED_BY(mu_) = false;
  bool finished_ ABSL_GUARDED_BY(mu_) = false;
  // Nothing sent yet: an impossible value, so the first status goes out.
  ServingStatus sent_ ABSL_GUARDED_BY(mu_) = static_cast<ServingStatus>(-1);
  ServingStatus pending_ ABSL_GUARDED_BY(mu_) = HealthCheckResponse::UNKNOWN;
  HealthCheckResponse response_;
};

HealthService::ServingStatus HealthService::StatusOf(
    const std::string& service) {
  auto it = statuses_.find(service);
  return it == statuses_.end() ? HealthCheckResponse::SERVICE_UNKNOWN
                               : it->second;
}

void HealthService::SetServingStatus(const std::string& service, bool serving) {
  absl::MutexLock lock(&mu_);
  if (shut_down_) return;
  const ServingStatus status =
      serving ? HealthCheckResponse::SERVING : HealthCheckResponse::NOT_SERVING;
  statuses_[service] = status;
  for (Watcher* watcher : watchers_) {
    if (watcher->name() == service) watcher->Update(status);
  }
}

void HealthService::Shutdown() {
  absl::MutexLock lock(&mu_);
  shut_down_ = true;
  for (auto& [name, status] : statuses_) {
    status = HealthCheckResponse::NOT_SERVING;
  }
  for (Watcher* watcher : watchers_) {
    watcher->Update(StatusOf(watcher->name()));
    watcher->End();
  }
}

grpc::ServerUnaryReactor* HealthService::Check(
    grpc::CallbackServerContext* context,
    const grpc::health::v1::HealthCheckRequest* request,
    HealthCheckResponse* response) {
  grpc::ServerUnaryReactor* reactor = context->DefaultReactor();
  absl::MutexLock lock(&mu_);
  const ServingStatus status = StatusOf(request->service());
  if (status == HealthCheckResponse::SERVICE_UNKNOWN) {
    reactor->Finish(
        grpc::Status(grpc::StatusCode::NOT_FOUND, "unknown service name"));
    return reactor;
  }
  response->set_status(status);
  reactor->Finish(grpc::Status::OK);
  return reactor;
}

grpc::ServerWriteReactor<HealthCheckResponse>* HealthService::Watch(
    grpc::CallbackServerContext* context,
    const grpc::health::v1::HealthCheckRequest* request) {
  auto* watcher = new Watcher(this, request->service());
  absl::MutexLock lock(&mu_);
  watchers_.insert(watcher);
  watcher->Update(StatusOf(request->service()));
  if (shut_down_) watcher->End();
  return watcher;
}

}  // namespace gg
