#include "ops/shared_reads.h"

#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"

namespace gg {

// One read under way and the callers waiting for it. Guarded by
// SharedReads::mu_.
struct SharedReads::Flight {
  struct Rider {
    Callback done;
    std::shared_ptr<CancellationToken> caller_cancel;
    int64_t link = 0;
  };
  absl::Time deadline;
  std::vector<Rider> riders;
  bool landed = false;  // riders were answered (and moved out)
  // Riders that have not cancelled; the call is cancelled at zero.
  int active = 0;
  std::shared_ptr<CancellationToken> cancel = CancellationToken::Create();
};

namespace {

std::string FlightKey(const GainsightCall& call, const CallContext& context) {
  std::string key = absl::StrCat(static_cast<int>(call.endpoint), "|",
                                 static_cast<int>(context.priority), "|",
                                 call.url, "|", call.query, "|");
  for (const auto& [name, value] : call.path_params) {
    absl::StrAppend(&key, name, "=", value, "|");
  }
  if (call.body.has_value()) absl::StrAppend(&key, call.body->dump());
  return key;
}

}  // namespace

void SharedReads::Call(GainsightCall call, CallContext context, Callback done) {
  const std::string key = FlightKey(call, context);
  std::shared_ptr<Flight> flight;
  size_t rider;
  bool leads = false;
  {
    absl::MutexLock lock(&mu_);
    auto it = flights_.find(key);
    if (it != flights_.end() && it->second->deadline >= context.deadline) {
      flight = it->second;
    } else {
      // None under way, or one that may end before this caller's deadline:
      // this caller leads a flight of its own, which later reads join.
      flight = std::make_shared<Flight>();
      flight->deadline = context.deadline;
      flights_[key] = flight;
      leads = true;
    }
    rider = flight->riders.size();
    flight->riders.push_back({std::move(done), context.cancel, 0});
    flight->active++;
  }
  if (context.cancel != nullptr) Follow(flight, rider, context.cancel);
  if (!leads) return;
  context.cancel = flight->cancel;
  client_->Call(std::move(call), std::move(context),
                [this, key, flight](UpstreamOutcome outcome) {
                  Land(key, flight, outcome);
                });
}

void SharedReads::Follow(const std::shared_ptr<Flight>& flight, size_t rider,
                         const std::shared_ptr<CancellationToken>& cancel) {
  std::weak_ptr<Flight> weak = flight;
  // Runs at once when the caller already left.
  const int64_t link = cancel->OnCancel([this, weak] {
    std::shared_ptr<Flight> f = weak.lock();
    if (f == nullptr) return;
    bool last;
    {
      absl::MutexLock lock(&mu_);
      last = --f->active == 0;
    }
    if (last) f->cancel->Cancel();
  });
  bool landed;
  {
    absl::MutexLock lock(&mu_);
    landed = flight->landed;
    if (!landed) flight->riders[rider].link = link;
  }
  if (landed) cancel->Unregister(link);
}

void SharedReads::Land(const std::string& key,
                       const std::shared_ptr<Flight>& flight,
                       const UpstreamOutcome& outcome) {
  std::vector<Flight::Rider> riders;
  {
    absl::MutexLock lock(&mu_);
    auto it = flights_.find(key);
    if (it != flights_.end() && it->second == flight) flights_.erase(it);
    riders = std::move(flight->riders);
    flight->landed = true;
  }
  for (Flight::Rider& rider : riders) {
    if (rider.caller_cancel != nullptr && rider.link != 0) {
      rider.caller_cancel->Unregister(rider.link);
    }
    rider.done(outcome);
  }
}

int SharedReads::in_flight() const {
  absl::MutexLock lock(&mu_);
  return static_cast<int>(flights_.size());
}

}  // namespace gg
