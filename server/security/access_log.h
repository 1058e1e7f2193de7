// The access log and the per-RPC metrics. For every call of a gainsight.v1
// method, when it sends its status: one JSON line (event "rpc") with the
// method, caller, tenant, gRPC code, latency, the records it carried or
// returned, the Gainsight calls it cost and their request ids, and its
// request_id; and gainsight_rpc_requests_total / gainsight_rpc_seconds by
// method (and code). Never a value. Health and reflection calls are left
// out.
#ifndef GAINSIGHT_GATEWAY_SERVER_SECURITY_ACCESS_LOG_H_
#define GAINSIGHT_GATEWAY_SERVER_SECURITY_ACCESS_LOG_H_

#include <cstdint>
#include <string>
#include <vector>

#include "absl/time/time.h"
#include "grpcpp/support/server_interceptor.h"
#include "observe/metrics.h"

namespace gg {

// What one access log line says.
struct AccessRecord {
  std::string method;  // "gainsight.v1.CompanyService/InsertCompanies"
  std::string caller;
  std::string tenant;
  grpc::StatusCode code = grpc::StatusCode::OK;
  absl::Duration latency;
  int64_t records = 0;   // carried by the request or its stream
  int64_t returned = 0;  // in the response (reads)
  int64_t upstream_calls = 0;
  std::vector<std::string> gainsight_request_ids;
  std::string request_id;
};

// Counts the call in `metrics` and, when `log_lines`, writes its line.
void RecordAccess(const AccessRecord& record, Metrics* metrics, bool log_lines);

class AccessLogInterceptorFactory
    : public grpc::experimental::ServerInterceptorFactoryInterface {
 public:
  AccessLogInterceptorFactory(Metrics* metrics, bool log_lines)
      : metrics_(metrics), log_lines_(log_lines) {}
  grpc::experimental::Interceptor* CreateServerInterceptor(
      grpc::experimental::ServerRpcInfo* info) override;

 private:
  Metrics* const metrics_;
  const bool log_lines_;
};

}  // namespace gg

#endif  // GAINSIGHT_GATEWAY_SERVER_SECURITY_ACCESS_LOG_H_
