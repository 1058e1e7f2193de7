#include "api/idempotent_writes.h"

#include <openssl/evp.h>

#include <algorithm>
#include <utility>

#include "absl/random/random.h"
#include "absl/strings/escaping.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/strip.h"
#include "common/status_details.h"
#include "google/protobuf/io/coded_stream.h"
#include "google/protobuf/io/zero_copy_stream_impl_lite.h"
#include "observe/log.h"
#include "observe/metric_names.h"
#include "observe/metrics.h"

namespace gg {
namespace {

// How long a running claim outlives its attempt's deadline, so that a
// retry cannot run beside an attempt that is still finishing.
constexpr absl::Duration kRunningMargin = absl::Seconds(30);

// Of the time a waiting retry has, the share kept for its answer to travel
// back and be read (at least two polls, at most two seconds).
absl::Time AnswerBy(absl::Time now, absl::Time deadline,
                    absl::Duration poll_interval) {
  const absl::Duration kept = std::min(
      std::max((deadline - now) / 4, 2 * poll_interval), absl::Seconds(2));
  return deadline - kept;
}

std::string Hex(const unsigned char* digest, unsigned int length) {
  return absl::BytesToHexString(
      absl::string_view(reinterpret_cast<const char*>(digest), length));
}

std::string Sha256Hex(absl::string_view bytes) {
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int length = 0;
  EVP_Digest(bytes.data(), bytes.size(), digest, &length, EVP_sha256(),
             nullptr);
  return Hex(digest, length);
}

std::string DeterministicBytes(const google::protobuf::Message& message) {
  std::string bytes;
  google::protobuf::io::StringOutputStream stream(&bytes);
  google::protobuf::io::CodedOutputStream coded(&stream);
  coded.SetSerializationDeterministic(true);
  message.SerializeToCodedStream(&coded);
  coded.Trim();
  return bytes;
}

std::string NewOwner() {
  absl::BitGen random;
  return absl::StrCat(absl::Hex(absl::Uniform<uint64_t>(random)),
                      absl::Hex(absl::Uniform<uint64_t>(random)));
}

}  // namespace

std::string RequestFingerprint(const google::protobuf::Message& request) {
  return Sha256Hex(DeterministicBytes(request));
}

StreamFingerprint::StreamFingerprint() : context_(EVP_MD_CTX_new()) {
  EVP_DigestInit_ex(context_, EVP_sha256(), nullptr);
}

StreamFingerprint::~StreamFingerprint() { EVP_MD_CTX_free(context_); }

void StreamFingerprint::Add(const google::protobuf::Message& message) {
  const std::string bytes = DeterministicBytes(message);
  // Each message's length first, so that messages cannot run together.
  const std::string length = absl::StrCat(bytes.size(), ":");
  EVP_DigestUpdate(context_, length.data(), length.size());
  EVP_DigestUpdate(context_, bytes.data(), bytes.size());
}

std::string StreamFingerprint::Finish() {
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int length = 0;
  EVP_DigestFinal_ex(context_, digest, &length);
  return Hex(digest, length);
}

struct IdempotentWrites::Attempt {
  UnaryCall* call = nullptr;
  google::protobuf::Message* response = nullptr;
  Work work;
  IdempotencyTicket ticket;
  // A waiting retry answers REQUEST_IN_PROGRESS by then, so the answer
  // reaches its caller before the caller's deadline does.
  absl::Time answer_by;
};

IdempotentWrites::IdempotentWrites(IdempotencyStore* store,
                                   Scheduler* scheduler, Clock* clock,
                                   IdempotencyOptions options, Metrics* metrics)
    : store_(store),
      scheduler_(scheduler),
      clock_(clock),
      options_(options),
      metrics_(metrics) {}

IdempotencyTicket IdempotentWrites::Ticket(const std::string& caller_id,
                                           const std::string& request_type,
                                           const std::string& request_id,
                                           std::string fingerprint) {
  IdempotencyTicket ticket;
  ticket.method = std::string(absl::StripSuffix(
      absl::StripPrefix(request_type, "gainsight.v1."), "Request"));
  ticket.request_id = request_id;
  ticket.key = Sha256Hex(
      absl::StrCat(caller_id, "\x1f", request_type, "\x1f", request_id));
  ticket.fingerprint = std::move(fingerprint);
  ticket.owner = NewOwner();
  return ticket;
}

IdempotentWrites::Claimed IdempotentWrites::Claim(
    const IdempotencyTicket& ticket, absl::Duration running_ttl,
    google::protobuf::Message* response) {
  Claimed claimed;
  absl::StatusOr<std::optional<IdempotencyRecord>> found =
      store_->Claim(ticket.key, ticket.fingerprint, ticket.owner, running_ttl);
  if (!found.ok()) {
    Log(LogLevel::kError, "idempotency_store_unavailable",
        {{"method", ticket.method},
         {"request_id", ticket.request_id},
         {"error", std::string(found.status().message())}});
    Count(ticket, "unavailable");
    claimed.kind = Claimed::Kind::kAnswer;
    claimed.answer = absl::Status(
        found.status().code() == absl::StatusCode::kResourceExhausted
            ? absl::StatusCode::kResourceExhausted
            : absl::StatusCode::kUnavailable,
        absl::StrCat("cannot check request_id ", ticket.request_id,
                     " against earlier attempts (nothing was written): ",
                     found.status().message()));
    AttachRetryInfo(claimed.answer, absl::Seconds(1));
    return claimed;
  }
  if (!found->has_value()) return claimed;  // kRun
  const IdempotencyRecord& record = **found;
  claimed.kind = Claimed::Kind::kAnswer;
  if (record.fingerprint != ticket.fingerprint) {
    Count(ticket, "conflict");
    claimed.answer = InvalidArgument(
        {{"request_id",
          "was used for a different request: a request_id names one "
          "request (reuse it only to retry that same request)"}});
    AttachErrorInfo(claimed.answer, "REQUEST_ID_REUSED");
    return claimed;
  }
  if (record.running) {
    claimed.kind = Claimed::Kind::kRunning;
    return claimed;
  }
  if (!response->ParseFromString(record.response)) {
    claimed.answer = absl::InternalError(
        absl::StrCat("the stored result of request_id ", ticket.request_id,
                     " cannot be read; it was written once"));
    return claimed;
  }
  Count(ticket, "replayed");
  Log(LogLevel::kInfo, "idempotent_replay",
      {{"method", ticket.method}, {"request_id", ticket.request_id}});
  return claimed;  // answer: OK
}

void IdempotentWrites::Record(const IdempotencyTicket& ticket,
                              const absl::Status& status,
                              const google::protobuf::Message& response) {
  absl::Status stored;
  if (status.ok()) {
    stored = store_->Complete(ticket.key, ticket.fingerprint, ticket.owner,
                              response.SerializeAsString(), options_.ttl);
  } else {
    stored = store_->Release(ticket.key, ticket.fingerprint, ticket.owner);
  }
  Count(ticket, status.ok() ? "completed" : "failed");
  if (!stored.ok()) {
    // The running claim expires on its own; until then retries wait.
    Log(LogLevel::kError, "idempotency_store_failed",
        {{"method", ticket.method},
         {"request_id", ticket.request_id},
         {"error", std::string(stored.message())}});
  }
}

absl::Status IdempotentWrites::InProgress(const IdempotencyTicket& ticket) {
  Count(ticket, "aborted");
  absl::Status status = absl::AbortedError(absl::StrCat(
      "the first attempt with request_id ", ticket.request_id,
      " is still running: retry with the same request_id to get its result"));
  AttachErrorInfo(status, "REQUEST_IN_PROGRESS");
  AttachRetryInfo(status, options_.poll_interval);
  return status;
}

void IdempotentWrites::Run(UnaryCall* call,
                           const google::protobuf::Message& request,
                           const std::string& request_id,
                           google::protobuf::Message* response, Work work) {
  if (request_id.empty()) {
    work(call);
    return;
  }
  auto attempt = std::make_shared<Attempt>();
  attempt->call = call;
  attempt->response = response;
  attempt->work = std::move(work);
  attempt->ticket =
      Ticket(call->context().caller_id, request.GetDescriptor()->full_name(),
             request_id, RequestFingerprint(request));
  attempt->answer_by =
      AnswerBy(clock_->Now(), call->context().deadline, options_.poll_interval);
  Try(std::move(attempt));
}

void IdempotentWrites::Try(std::shared_ptr<Attempt> attempt) {
  UnaryCall* call = attempt->call;
  if (call->caller_cancelled()) {
    call->Reply(absl::CancelledError("the caller cancelled"));
    return;
  }
  const absl::Time now = clock_->Now();
  const absl::Time runs_until =
      std::max(call->context().deadline, now + options_.min_run);
  Claimed claimed = Claim(attempt->ticket, runs_until - now + kRunningMargin,
                          attempt->response);
  switch (claimed.kind) {
    case Claimed::Kind::kRun:
      Own(std::move(attempt));
      return;
    case Claimed::Kind::kAnswer:
      call->Reply(claimed.answer);
      return;
    case Claimed::Kind::kRunning:
      break;
  }
  const absl::Time next = now + options_.poll_interval;
  if (next >= attempt->answer_by) {
    call->Reply(InProgress(attempt->ticket));
    return;
  }
  scheduler_->RunAt(next, [this, attempt = std::move(attempt)]() mutable {
    Try(std::move(attempt));
  });
}

void IdempotentWrites::Own(std::shared_ptr<Attempt> attempt) {
  auto cancel = CancellationToken::Create();
  int64_t id;
  {
    absl::MutexLock lock(&mu_);
    id = next_detached_++;
    detached_.emplace(id, cancel);
  }
  UnaryCall* call = attempt->call;
  call->Detach(cancel, clock_->Now() + options_.min_run);
  Work work = std::move(attempt->work);
  call->BeforeReply([this, id, attempt](const absl::Status& status) {
    {
      absl::MutexLock lock(&mu_);
      detached_.erase(id);
    }
    Record(attempt->ticket, status, *attempt->response);
  });
  work(call);
}

void IdempotentWrites::CancelDetached() {
  std::map<int64_t, std::shared_ptr<CancellationToken>> detached;
  {
    absl::MutexLock lock(&mu_);
    detached.swap(detached_);
  }
  for (auto& [id, cancel] : detached) cancel->Cancel();
}

void IdempotentWrites::Count(const IdempotencyTicket& ticket,
                             const char* outcome) {
  if (metrics_ == nullptr) return;
  metrics_->Add(metric::kIdempotentRequests,
                {{"method", ticket.method}, {"outcome", outcome}});
}

}  // namespace gg
