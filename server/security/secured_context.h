// The server context of every call (allocated through grpc::ContextAllocator):
// what the call gate established (the authenticated caller, its grants for
// the handlers) and what the audit line will say about the call.
#ifndef GAINSIGHT_GATEWAY_SERVER_SECURITY_SECURED_CONTEXT_H_
#define GAINSIGHT_GATEWAY_SERVER_SECURITY_SECURED_CONTEXT_H_

#include <cstdint>
#include <functional>
#include <memory>
#include <string>

#include "absl/base/thread_annotations.h"
#include "absl/container/flat_hash_set.h"
#include "absl/synchronization/mutex.h"
#include "api/caller_scope.h"
#include "google/protobuf/message.h"
#include "grpcpp/grpcpp.h"
#include "security/method_table.h"

namespace gg {

// What an audit line reports of a call. Never a record's values.
struct AuditFacts {
  const MethodRule* rule = nullptr;
  std::string caller;
  std::string tenant;
  std::string object;
  int64_t records = 0;
  int64_t failed_records = -1;  // batch writes: records rejected (-1: n/a)
  std::string request_id;
  // Records in one message the call sends (exports); unset: none counted.
  std::function<int64_t(const void* message)> count_sent;
  // The call's response, read when the call ends (failed records of a batch
  // write, the job of an import); unset for streams that send many.
  const google::protobuf::Message* response = nullptr;
};

class SecuredServerContext : public grpc::CallbackServerContext,
                             public CallerScope {
 public:
  const std::string& authenticated_caller() const override { return caller_; }
  bool sees_all_jobs() const override { return sees_all_jobs_; }
  absl::Status CheckStreamObject(absl::string_view object) override;
  std::shared_ptr<CallTrace> trace() const override { return trace_; }

  void set_caller(std::string caller) { caller_ = std::move(caller); }
  void set_sees_all_jobs(bool all) { sees_all_jobs_ = all; }
  void set_object_check(std::function<absl::Status(const std::string&)> check) {
    object_check_ = std::move(check);
  }
  AuditFacts& audit() { return audit_; }

 private:
  std::string caller_;
  bool sees_all_jobs_ = true;
  std::function<absl::Status(const std::string&)> object_check_;
  AuditFacts audit_;
  const std::shared_ptr<CallTrace> trace_ = std::make_shared<CallTrace>();
};

// Allocates every callback call's context as a SecuredServerContext. gRPC
// 1.51 also hands Release() contexts it made itself (those of unknown
// methods, typed as CallbackServerContext): only ours are deleted.
class SecuredContextAllocator : public grpc::ContextAllocator {
 public:
  grpc::CallbackServerContext* NewCallbackServerContext() override;
  void Release(grpc::CallbackServerContext* context) override;

 private:
  absl::Mutex mu_;
  absl::flat_hash_set<const void*> live_ ABSL_GUARDED_BY(mu_);
};

}  // namespace gg

#endif  // GAINSIGHT_GATEWAY_SERVER_SECURITY_SECURED_CONTEXT_H_
