#include "api/quota_service.h"

#include <algorithm>

#include "google/protobuf/util/time_util.h"

namespace gg {
namespace {

using google::protobuf::util::TimeUtil;

google::protobuf::Timestamp ToProto(absl::Time t) {
  return TimeUtil::NanosecondsToTimestamp(absl::ToUnixNanos(t));
}

gainsight::v1::BudgetMode ToProto(BudgetMode mode) {
  switch (mode) {
    case BudgetMode::kLocal:
      return gainsight::v1::BUDGET_MODE_LOCAL;
    case BudgetMode::kShared:
      return gainsight::v1::BUDGET_MODE_SHARED;
    case BudgetMode::kDegraded:
      return gainsight::v1::BUDGET_MODE_DEGRADED;
  }
  return gainsight::v1::BUDGET_MODE_UNSPECIFIED;
}

}  // namespace

grpc::ServerUnaryReactor* QuotaService::GetQuota(
    grpc::CallbackServerContext* context,
    const gainsight::v1::GetQuotaRequest* request,
    gainsight::v1::GetQuotaResponse* response) {
  QuotaStatus status = limiter_->Status();
  response->set_mode(ToProto(status.mode));
  for (const ClassStatus& cls : status.classes) {
    auto* out = response->add_classes();
    out->set_call_class(cls.call_class == CallClass::kSync
                            ? gainsight::v1::CALL_CLASS_SYNC
                            : gainsight::v1::CALL_CLASS_BULK);
    out->set_queued_interactive(cls.queued_interactive);
    out->set_queued_batch(cls.queued_batch);
    if (cls.closed_until.has_value()) {
      *out->mutable_closed_until() = ToProto(*cls.closed_until);
    }
    for (const WindowStatus& w : cls.windows) {
      auto* window = out->add_windows();
      *window->mutable_length() = TimeUtil::NanosecondsToDuration(
          absl::ToInt64Nanoseconds(w.spec.length));
      window->set_limit(w.spec.limit);
      window->set_usable(w.usable);
      window->set_used(w.used);
      window->set_remaining(std::max<int64_t>(0, w.usable - w.used));
      window->set_batch_usable(w.batch_usable);
      window->set_batch_remaining(
          std::max<int64_t>(0, w.batch_usable - w.used));
      if (w.next_free.has_value()) {
        *window->mutable_reset_time() = ToProto(*w.next_free);
      }
    }
  }
  if (recent_writes_ != nullptr) {
    const RecentWrites::Totals totals = recent_writes_->Get(clock_->Now());
    auto* recent = response->mutable_recent_writes();
    *recent->mutable_period() = TimeUtil::NanosecondsToDuration(
        absl::ToInt64Nanoseconds(totals.period));
    recent->set_write_calls(totals.calls);
    recent->set_records(totals.records);
    recent->set_records_per_call(
        totals.calls == 0 ? 0.0
                          : static_cast<double>(totals.records) / totals.calls);
  }
  auto* reactor = context->DefaultReactor();
  reactor->Finish(grpc::Status::OK);
  return reactor;
}

}  // namespace gg
