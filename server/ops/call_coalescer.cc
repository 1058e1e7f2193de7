#include "ops/call_coalescer.h"

#include <algorithm>
#include <atomic>
#include <utility>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "observe/log.h"

namespace gg {

namespace {
// While a shared call's outcome is handed to its callers, the calls they
// make next (an upsert's writes after its lookup, the resend after a
// rejection) are collected here and sent together afterwards, so that they
// can share a call too instead of each taking a free slot alone.
thread_local std::vector<std::function<void()>>* deferred_sends = nullptr;
}  // namespace

// One caller's call. `state` and `batch` are guarded by CallCoalescer::mu_.
struct CallCoalescer::Member {
  enum class State {
    kWaiting,  // queued for a slot, may be carried
    kCarrier,  // admitted first: carries `batch`
    kCarried,  // rides in another member's call
    kFinished,
  };
  std::string key;
  uint64_t arrival = 0;
  std::vector<Json> records;
  BuildCall build;
  // The caller's context, with a cancellation of this call's own: cancelling
  // it takes the call out of the limiter queue once another carried it.
  CallContext context;
  std::shared_ptr<CancellationToken> caller_cancel;
  int64_t caller_cancel_link = 0;
  // Counts this caller out of the shared call it rides in when it cancels.
  int64_t batch_cancel_link = 0;
  Callback done;
  State state = State::kWaiting;
  // Carrier only: every member sent, in arrival order, itself included.
  std::vector<std::shared_ptr<Member>> batch;
};

CallCoalescer::CallCoalescer(GainsightClient* client, Scheduler* scheduler,
                             const Clock* clock, Options options)
    : client_(client),
      scheduler_(scheduler),
      clock_(clock),
      options_(options) {}

void CallCoalescer::Call(std::string key, std::vector<Json> records,
                         BuildCall build, CallContext context, Callback done) {
  auto member = std::make_shared<Member>();
  member->key = absl::StrCat(static_cast<int>(context.priority), "|", key);
  member->records = std::move(records);
  member->build = std::move(build);
  member->done = std::move(done);
  member->caller_cancel = context.cancel;
  member->context = std::move(context);
  auto own_cancel = CancellationToken::Create();
  member->context.cancel = own_cancel;
  {
    absl::MutexLock lock(&mu_);
    member->arrival = next_arrival_++;
    waiting_[member->key].push_back(member);
  }
  if (member->caller_cancel != nullptr) {
    // Runs at once when the caller is already gone.
    member->caller_cancel_link =
        member->caller_cancel->OnCancel([own_cancel] { own_cancel->Cancel(); });
  }
  if (options_.linger <= absl::ZeroDuration()) {
    if (deferred_sends != nullptr) {
      deferred_sends->push_back([this, member] { Send(member); });
      return;
    }
    Send(member);
    return;
  }
  scheduler_->RunAt(clock_->Now() + options_.linger,
                    [this, member] { Send(member); });
}

void CallCoalescer::Send(const std::shared_ptr<Member>& member) {
  {
    absl::MutexLock lock(&mu_);
    // Carried while it lingered: it never asks for a slot.
    if (member->state != Member::State::kWaiting) return;
  }
  GainsightCall call = member->build(member->records);
  call.compose = [this, member](GainsightCall& call, CallContext& context) {
    return Compose(member, call, context);
  };
  client_->Call(std::move(call), member->context,
                [this, member](UpstreamOutcome outcome) {
                  OnOutcome(member, std::move(outcome));
                });
}

int CallCoalescer::waiting() const {
  absl::MutexLock lock(&mu_);
  int n = 0;
  for (const auto& [key, queue] : waiting_) n += static_cast<int>(queue.size());
  return n;
}

void CallCoalescer::RemoveWaiting(const Member& member) {
  auto it = waiting_.find(member.key);
  if (it == waiting_.end()) return;
  auto& queue = it->second;
  queue.erase(std::remove_if(queue.begin(), queue.end(),
                             [&](const std::shared_ptr<Member>& m) {
                               return m.get() == &member;
                             }),
              queue.end());
  if (queue.empty()) waiting_.erase(it);
}

absl::Status CallCoalescer::Compose(const std::shared_ptr<Member>& carrier,
                                    GainsightCall& call, CallContext& context) {
  std::vector<std::shared_ptr<Member>> batch;
  {
    absl::MutexLock lock(&mu_);
    if (carrier->state != Member::State::kWaiting) {
      // Another call carried its records: the slot goes back unused.
      return absl::CancelledError("carried by another call");
    }
    carrier->state = Member::State::kCarrier;
    RemoveWaiting(*carrier);
    batch.push_back(carrier);
    size_t records = carrier->records.size();
    const absl::Time now = clock_->Now();
    auto it = waiting_.find(carrier->key);
    if (it != waiting_.end()) {
      auto& queue = it->second;
      for (auto m = queue.begin(); m != queue.end();) {
        Member& other = **m;
        // A caller that left (cancelled, out of time) is never written for:
        // its refusal is on its way.
        const bool gone =
            other.context.cancel->cancelled() || other.context.deadline <= now;
        const bool fits = records + other.records.size() <=
                          static_cast<size_t>(options_.max_records);
        if (gone || !fits) {
          ++m;
          continue;
        }
        other.state = Member::State::kCarried;
        records += other.records.size();
        batch.push_back(*m);
        m = queue.erase(m);
      }
      if (queue.empty()) waiting_.erase(it);
    }
    std::sort(batch.begin(), batch.end(), [](const auto& a, const auto& b) {
      return a->arrival < b->arrival;
    });
    carrier->batch = batch;
  }
  if (batch.size() == 1) return absl::OkStatus();

  // The carried calls leave the limiter queue (their own outcome, CANCELLED,
  // is ignored: they hear from this call).
  std::vector<Json> records;
  std::vector<std::string> request_ids;
  absl::Time deadline = context.deadline;
  for (const auto& member : batch) {
    if (member != carrier) member->context.cancel->Cancel();
    records.insert(records.end(), member->records.begin(),
                   member->records.end());
    request_ids.push_back(member->context.request_id);
    deadline = std::max(deadline, member->context.deadline);
  }
  GainsightCall composed = carrier->build(records);
  call.path_params = std::move(composed.path_params);
  call.query = std::move(composed.query);
  call.body = std::move(composed.body);
  call.record_count = composed.record_count;
  // Several callers' records: no single caller's cancellation or deadline
  // may cut the call short once it is sent; only all of them leaving (a
  // drain cancels every call) does.
  context.deadline = deadline;
  context.cancel = CancellationToken::Create();
  auto staying =
      std::make_shared<std::atomic<int>>(static_cast<int>(batch.size()));
  for (const auto& member : batch) {
    if (member->caller_cancel == nullptr) continue;  // never leaves
    // Runs at once for a caller that left meanwhile.
    member->batch_cancel_link =
        member->caller_cancel->OnCancel([staying, shared = context.cancel] {
          if (staying->fetch_sub(1) == 1) shared->Cancel();
        });
  }
  Log(LogLevel::kDebug, "coalesced_call",
      {{"key", carrier->key},
       {"callers", int64_t{static_cast<int64_t>(batch.size())}},
       {"records", int64_t{static_cast<int64_t>(records.size())}},
       {"request_ids", absl::StrJoin(request_ids, ",")}});
  return absl::OkStatus();
}

void CallCoalescer::OnOutcome(const std::shared_ptr<Member>& member,
                              UpstreamOutcome outcome) {
  std::vector<std::shared_ptr<Member>> batch;
  {
    absl::MutexLock lock(&mu_);
    switch (member->state) {
      case Member::State::kCarried:
      case Member::State::kFinished:
        return;  // the carrier answers
      case Member::State::kWaiting:
        // Refused, cancelled or out of time before it was sent.
        RemoveWaiting(*member);
        batch.push_back(member);
        break;
      case Member::State::kCarrier:
        batch = std::move(member->batch);
        break;
    }
    member->state = Member::State::kFinished;
  }
  int batch_size = 0;
  for (const auto& m : batch) batch_size += static_cast<int>(m->records.size());
  std::vector<std::function<void()>> sends;
  std::vector<std::function<void()>>* outer = deferred_sends;
  if (batch.size() > 1) deferred_sends = &sends;
  int offset = 0;
  for (const auto& m : batch) {
    if (m->caller_cancel != nullptr) {
      m->caller_cancel->Unregister(m->caller_cancel_link);
      if (m->batch_cancel_link != 0) {
        m->caller_cancel->Unregister(m->batch_cancel_link);
      }
    }
    const int count = static_cast<int>(m->records.size());
    Callback done = std::move(m->done);
    done(outcome, Slice{offset, count, batch_size});
    offset += count;
  }
  deferred_sends = outer;
  // Every follow-up call waits in the pool now: the first admitted carries
  // the others.
  for (auto& send : sends) send();
}

void CallMaybeCoalesced(GainsightClient* client, CallCoalescer* coalescer,
                        std::string key, std::vector<Json> records,
                        CallCoalescer::BuildCall build, CallContext context,
                        CallCoalescer::Callback done) {
  if (coalescer != nullptr) {
    coalescer->Call(std::move(key), std::move(records), std::move(build),
                    std::move(context), std::move(done));
    return;
  }
  const int n = static_cast<int>(records.size());
  client->Call(build(records), std::move(context),
               [done = std::move(done), n](UpstreamOutcome o) mutable {
                 done(o, CallCoalescer::Slice{0, n, n});
               });
}

}  // namespace gg
