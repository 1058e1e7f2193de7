// Every write RPC, its request decoded from the fuzz input (the first byte
// picks the method, the rest is the serialized request, as gRPC would
// receive it) and sent to a real gateway in this process. Requests that
// pass validation go on to the upstream, which refuses connections here.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <memory>
#include <string>
#include <vector>

#include "absl/synchronization/notification.h"
#include "config/config.h"
#include "gateway.h"
#include "grpcpp/generic/generic_stub.h"
#include "grpcpp/grpcpp.h"

namespace {

constexpr const char* kWriteMethods[] = {
    "/gainsight.v1.CompanyService/InsertCompanies",
    "/gainsight.v1.CompanyService/UpdateCompanies",
    "/gainsight.v1.CompanyService/UpsertCompanies",
    "/gainsight.v1.CompanyService/DeleteCompanies",
    "/gainsight.v1.PersonService/UpsertPeople",
    "/gainsight.v1.PersonService/DeletePeople",
    "/gainsight.v1.CustomObjectService/InsertRecords",
    "/gainsight.v1.CustomObjectService/UpdateRecords",
    "/gainsight.v1.CustomObjectService/UpsertRecords",
    "/gainsight.v1.CustomObjectService/DeleteRecords",
    "/gainsight.v1.RelationshipService/InsertRelationships",
    "/gainsight.v1.RelationshipService/UpsertRelationships",
    "/gainsight.v1.RelationshipService/DeleteRelationships",
    "/gainsight.v1.CtaService/CreateCtas",
    "/gainsight.v1.CtaService/UpdateCtas",
    "/gainsight.v1.TaskService/CreateTasks",
    "/gainsight.v1.TaskService/UpdateTasks",
    "/gainsight.v1.SuccessPlanService/CreateSuccessPlans",
    "/gainsight.v1.SuccessPlanService/UpdateSuccessPlans",
    // Queries carry filters, field paths and page tokens.
    "/gainsight.v1.CompanyService/QueryCompanies",
    "/gainsight.v1.PersonService/QueryPeople",
    "/gainsight.v1.CustomObjectService/QueryRecords",
    "/gainsight.v1.RelationshipService/QueryRelationships",
    "/gainsight.v1.CtaService/ListCtas",
    "/gainsight.v1.SuccessPlanService/ListSuccessPlans",
};
constexpr size_t kMethodCount = sizeof(kWriteMethods) / sizeof(*kWriteMethods);

struct Harness {
  std::unique_ptr<gg::Gateway> gateway;
  std::unique_ptr<grpc::GenericStub> stub;
};

Harness& GetHarness() {
  static Harness* harness = [] {
    auto* h = new Harness;
    char spool[] = "/tmp/gg-fuzz-spool-XXXXXX";
    const char* dir = mkdtemp(spool);
    absl::StatusOr<gg::Config> config = gg::ParseConfig(
        {"--listen=127.0.0.1:0", "--metrics-listen=",
         // Nothing listens there: upstream calls fail at once.
         "--gainsight-url=http://127.0.0.1:9", "--max-attempts=1",
         "--log-level=error", std::string("--bulk-spool-dir=") + dir},
        [](const std::string& name) {
          return name == "GAINSIGHT_ACCESS_KEY" ? std::string("fuzz-key")
                                                : std::string();
        });
    if (!config.ok()) std::abort();
    auto gateway = gg::Gateway::Start(*config);
    if (!gateway.ok()) std::abort();
    h->gateway = *std::move(gateway);
    h->stub = std::make_unique<grpc::GenericStub>(
        grpc::CreateChannel("127.0.0.1:" + std::to_string(h->gateway->port()),
                            grpc::InsecureChannelCredentials()));
    return h;
  }();
  return *harness;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size == 0) return 0;
  Harness& h = GetHarness();
  const char* method = kWriteMethods[data[0] % kMethodCount];
  grpc::Slice slice(data + 1, size - 1);
  grpc::ByteBuffer request(&slice, 1);
  grpc::ByteBuffer response;
  grpc::ClientContext context;
  context.set_deadline(std::chrono::system_clock::now() +
                       std::chrono::seconds(5));
  absl::Notification done;
  h.stub->UnaryCall(&context, method, grpc::StubOptions(), &request, &response,
                    [&done](grpc::Status) { done.Notify(); });
  done.WaitForNotification();
  return 0;
}
