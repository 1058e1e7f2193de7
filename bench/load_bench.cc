// Load benchmarks against a running gateway.
//   gg_load_bench queue TARGET COUNT GATEWAY_PID [CONNECTIONS]
//     COUNT calls wait in the limiter queue at once, spread over CONNECTIONS
//     client connections (default 1; each carries at most the gateway's
//     --max-concurrent-streams); prints the gateway's threads and resident
//     memory while they wait, and how many calls the bounded queue refused,
//     then cancels them.
//   gg_load_bench latency TARGET COUNT
//     COUNT sequential QueryCompanies calls; prints mean and percentiles.
#include <algorithm>
#include <atomic>
#include <cstdio>
#include <fstream>
#include <memory>
#include <string>
#include <vector>

#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/clock.h"
#include "gainsight/v1/company.grpc.pb.h"
#include "gainsight/v1/quota.grpc.pb.h"
#include "grpcpp/grpcpp.h"

namespace {

std::string ProcStatus(int pid, const char* key) {
  std::ifstream in("/proc/" + std::to_string(pid) + "/status");
  std::string line;
  while (std::getline(in, line)) {
    if (absl::StartsWith(line, key)) return line;
  }
  return std::string(key) + " ?";
}

int Queued(gainsight::v1::QuotaService::Stub& quota) {
  grpc::ClientContext context;
  gainsight::v1::GetQuotaResponse response;
  if (!quota.GetQuota(&context, {}, &response).ok()) return -1;
  int queued = 0;
  for (const auto& c : response.classes()) queued += c.queued_interactive();
  return queued;
}

int Queue(const std::string& target, int count, int pid, int connections) {
  std::vector<std::unique_ptr<gainsight::v1::CompanyService::Stub>> stubs;
  for (int i = 0; i < connections; ++i) {
    grpc::ChannelArguments args;
    args.SetInt("gg.bench.connection", i);  // a connection of its own
    stubs.push_back(
        gainsight::v1::CompanyService::NewStub(grpc::CreateCustomChannel(
            target, grpc::InsecureChannelCredentials(), args)));
  }
  auto quota = gainsight::v1::QuotaService::NewStub(
      grpc::CreateChannel(target, grpc::InsecureChannelCredentials()));
  struct Call {
    grpc::ClientContext context;
    gainsight::v1::QueryCompaniesRequest request;
    gainsight::v1::QueryCompaniesResponse response;
  };
  std::printf("before: %s %s\n", ProcStatus(pid, "Threads:").c_str(),
              ProcStatus(pid, "VmRSS:").c_str());
  std::vector<std::unique_ptr<Call>> calls;
  absl::Mutex mu;
  int finished = 0;
  int cancelled = 0;
  int refused = 0;
  for (int i = 0; i < count; ++i) {
    auto call = std::make_unique<Call>();
    call->context.set_deadline(
        absl::ToChronoTime(absl::Now() + absl::Hours(4)));
    call->request.set_page_size(1);
    stubs[i % connections]->async()->QueryCompanies(
        &call->context, &call->request, &call->response, [&](grpc::Status s) {
          absl::MutexLock lock(&mu);
          ++finished;
          if (s.error_code() == grpc::StatusCode::CANCELLED) {
            ++cancelled;
          } else if (s.error_code() == grpc::StatusCode::RESOURCE_EXHAUSTED) {
            ++refused;
          }
        });
    calls.push_back(std::move(call));
  }
  // Until every call waits or was refused at once (the queue's bound).
  absl::Time start = absl::Now();
  int queued = 0;
  auto settled = [&] {
    absl::MutexLock lock(&mu);
    return queued + refused >= count - 5;
  };
  while (((queued = Queued(*quota)), !settled()) &&
         absl::Now() - start < absl::Seconds(120)) {
    absl::SleepFor(absl::Milliseconds(200));
  }
  {
    absl::MutexLock lock(&mu);
    std::printf("refused=%d\n", refused);
  }
  std::printf(
      "queued=%d\n%s\n%s\n%s\n", queued, ProcStatus(pid, "Threads:").c_str(),
      ProcStatus(pid, "VmRSS:").c_str(), ProcStatus(pid, "VmHWM:").c_str());
  for (auto& call : calls) call->context.TryCancel();
  absl::MutexLock lock(&mu);
  auto all_done = [&] { return finished == count; };
  mu.AwaitWithTimeout(absl::Condition(&all_done), absl::Seconds(60));
  std::printf("finished=%d cancelled=%d refused=%d\n", finished, cancelled,
              refused);
  return 0;
}

int Latency(const std::string& target, int count) {
  auto channel =
      grpc::CreateChannel(target, grpc::InsecureChannelCredentials());
  auto stub = gainsight::v1::CompanyService::NewStub(channel);
  std::vector<double> ms;
  int errors = 0;
  for (int i = 0; i < count; ++i) {
    grpc::ClientContext context;
    context.set_deadline(absl::ToChronoTime(absl::Now() + absl::Seconds(30)));
    gainsight::v1::QueryCompaniesRequest request;
    request.set_page_size(10);
    gainsight::v1::QueryCompaniesResponse response;
    absl::Time start = absl::Now();
    if (!stub->QueryCompanies(&context, request, &response).ok()) ++errors;
    ms.push_back(absl::ToDoubleMilliseconds(absl::Now() - start));
  }
  std::sort(ms.begin(), ms.end());
  double sum = 0;
  for (double m : ms) sum += m;
  std::printf("calls=%d errors=%d mean_ms=%.3f p50_ms=%.3f p99_ms=%.3f\n",
              count, errors, sum / count, ms[count / 2], ms[count * 99 / 100]);
  return errors == 0 ? 0 : 1;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 4) {
    std::fprintf(stderr,
                 "usage: gg_load_bench queue|latency TARGET COUNT [PID]\n");
    return 2;
  }
  std::string mode = argv[1];
  int count = 0;
  absl::SimpleAtoi(argv[3], &count);
  if (mode == "queue" && argc >= 5) {
    int pid = 0;
    absl::SimpleAtoi(argv[4], &pid);
    int connections = 1;
    if (argc > 5) absl::SimpleAtoi(argv[5], &connections);
    return Queue(argv[2], count, pid, std::max(1, connections));
  }
  if (mode == "latency") return Latency(argv[2], count);
  std::fprintf(stderr,
               "usage: gg_load_bench queue|latency TARGET COUNT [PID]\n");
  return 2;
}
