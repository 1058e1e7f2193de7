// Load benchmarks against a running gateway.
//   gg_load_bench queue TARGET COUNT GATEWAY_PID [CONNECTIONS]
//     COUNT calls wait in the limiter queue at once, spread over CONNECTIONS
//     client connections (default 1; each carries at most the gateway's
//     --max-concurrent-streams); prints the gateway's threads and resident
//     memory while they wait, and how many calls the bounded queue refused,
//     then cancels them.
//   gg_load_bench latency TARGET COUNT
//     COUNT sequential QueryCompanies calls; prints mean and percentiles.
//   gg_load_bench upserts TARGET COUNT CALLERS PREFIX
//     COUNT one-company UpsertCompanies by Name (new names PREFIX-i), all
//     sent at once over CALLERS connections; prints the wall time until the
//     last answer and the latency percentiles.
//   gg_load_bench upsert-latency TARGET COUNT PREFIX
//     COUNT sequential one-company upserts; prints latency percentiles.
//   gg_load_bench retried-inserts TARGET COUNT PREFIX WITH_ID ATTEMPT_MS
//     COUNT sequential one-company inserts (names PREFIX-i), each tried
//     until it succeeds (at most 8 attempts) with an ATTEMPT_MS deadline per
//     attempt, retrying DEADLINE_EXCEEDED, UNAVAILABLE and ABORTED as a
//     client with a retry policy would; WITH_ID 1: every attempt of one
//     insert carries the same request_id. Prints the attempts and failures.
#include <algorithm>
#include <atomic>
#include <cstdio>
#include <fstream>
#include <memory>
#include <string>
#include <vector>

#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
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

// COUNT one-company upserts sent at once over CALLERS connections.
int Upserts(const std::string& target, int count, int callers,
            const std::string& prefix) {
  std::vector<std::unique_ptr<gainsight::v1::CompanyService::Stub>> stubs;
  for (int c = 0; c < callers; ++c) {
    grpc::ChannelArguments args;
    args.SetInt("gg.bench.connection", c);  // a connection of its own
    auto channel = grpc::CreateCustomChannel(
        target, grpc::InsecureChannelCredentials(), args);
    // Connected before the clock starts: the calls go out together.
    channel->WaitForConnected(
        absl::ToChronoTime(absl::Now() + absl::Seconds(10)));
    stubs.push_back(gainsight::v1::CompanyService::NewStub(channel));
  }
  struct Call {
    grpc::ClientContext context;
    gainsight::v1::UpsertCompaniesRequest request;
    gainsight::v1::UpsertCompaniesResponse response;
    absl::Time started;
  };
  std::vector<Call> calls(count);
  absl::Mutex mu;
  int finished = 0;
  int errors = 0;
  std::vector<double> ms;
  const absl::Time start = absl::Now();
  for (int i = 0; i < count; ++i) {
    Call& call = calls[i];
    call.context.set_deadline(absl::ToChronoTime(start + absl::Hours(1)));
    call.request.add_keys("Name");
    call.request.add_companies()->set_name(absl::StrCat(prefix, "-", i));
    call.started = absl::Now();
    stubs[i % callers]->async()->UpsertCompanies(
        &call.context, &call.request, &call.response,
        [&, i](grpc::Status status) {
          const Call& c = calls[i];
          const bool failed = !status.ok() || c.response.results_size() != 1 ||
                              c.response.results(0).error().code() != 0;
          absl::MutexLock lock(&mu);
          ms.push_back(absl::ToDoubleMilliseconds(absl::Now() - c.started));
          if (failed) ++errors;
          ++finished;
        });
  }
  absl::MutexLock lock(&mu);
  auto all = [&] { return finished == count; };
  mu.Await(absl::Condition(&all));
  const double seconds = absl::ToDoubleSeconds(absl::Now() - start);
  std::sort(ms.begin(), ms.end());
  std::printf("calls=%d errors=%d seconds=%.2f p50_ms=%.3f p99_ms=%.3f\n",
              count, errors, seconds, ms[ms.size() / 2],
              ms[ms.size() * 99 / 100]);
  return errors == 0 ? 0 : 1;
}

// COUNT sequential one-company upserts (new names PREFIX-i).
int UpsertLatency(const std::string& target, int count,
                  const std::string& prefix) {
  auto stub = gainsight::v1::CompanyService::NewStub(
      grpc::CreateChannel(target, grpc::InsecureChannelCredentials()));
  std::vector<double> ms;
  int errors = 0;
  for (int i = 0; i < count; ++i) {
    grpc::ClientContext context;
    context.set_deadline(absl::ToChronoTime(absl::Now() + absl::Seconds(30)));
    gainsight::v1::UpsertCompaniesRequest request;
    request.add_keys("Name");
    request.add_companies()->set_name(absl::StrCat(prefix, "-", i));
    gainsight::v1::UpsertCompaniesResponse response;
    const absl::Time start = absl::Now();
    if (!stub->UpsertCompanies(&context, request, &response).ok()) ++errors;
    ms.push_back(absl::ToDoubleMilliseconds(absl::Now() - start));
  }
  std::sort(ms.begin(), ms.end());
  std::printf("calls=%d errors=%d p50_ms=%.3f p99_ms=%.3f\n", count, errors,
              ms[count / 2], ms[count * 99 / 100]);
  return errors == 0 ? 0 : 1;
}

// Inserts retried after timeouts, with or without a request_id.
int RetriedInserts(const std::string& target, int count,
                   const std::string& prefix, bool with_id,
                   absl::Duration attempt_timeout) {
  auto stub = gainsight::v1::CompanyService::NewStub(
      grpc::CreateChannel(target, grpc::InsecureChannelCredentials()));
  int attempts = 0;
  int failed = 0;
  for (int i = 0; i < count; ++i) {
    gainsight::v1::InsertCompaniesRequest request;
    request.add_companies()->set_name(absl::StrCat(prefix, "-", i));
    if (with_id) request.set_request_id(absl::StrCat(prefix, "-req-", i));
    bool done = false;
    for (int attempt = 0; attempt < 8 && !done; ++attempt) {
      grpc::ClientContext context;
      context.set_deadline(absl::ToChronoTime(absl::Now() + attempt_timeout));
      gainsight::v1::InsertCompaniesResponse response;
      grpc::Status status = stub->InsertCompanies(&context, request, &response);
      ++attempts;
      const grpc::StatusCode code = status.error_code();
      if (code != grpc::StatusCode::DEADLINE_EXCEEDED &&
          code != grpc::StatusCode::UNAVAILABLE &&
          code != grpc::StatusCode::ABORTED) {
        done = status.ok();
        break;
      }
    }
    if (!done) ++failed;
  }
  std::printf("inserts=%d attempts=%d failed=%d\n", count, attempts, failed);
  return 0;
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
  if (mode == "upsert-latency" && argc >= 5) {
    return UpsertLatency(argv[2], count, argv[4]);
  }
  if (mode == "retried-inserts" && argc >= 7) {
    int attempt_ms = 0;
    absl::SimpleAtoi(argv[6], &attempt_ms);
    return RetriedInserts(argv[2], count, argv[4], std::string(argv[5]) == "1",
                          absl::Milliseconds(attempt_ms));
  }
  if (mode == "upserts" && argc >= 6) {
    int callers = 1;
    absl::SimpleAtoi(argv[4], &callers);
    return Upserts(argv[2], count, std::max(1, callers), argv[5]);
  }
  std::fprintf(stderr,
               "usage: gg_load_bench queue|latency|upserts TARGET COUNT ...\n");
  return 2;
}
