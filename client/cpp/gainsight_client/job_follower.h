// Follows a bulk import job to its end over BulkService.WatchJob: calls
// `on_update` with every snapshot and returns the terminal one (COMPLETED,
// FAILED or CANCELLED).
#ifndef GAINSIGHT_CLIENT_JOB_FOLLOWER_H_
#define GAINSIGHT_CLIENT_JOB_FOLLOWER_H_

#include <functional>
#include <string>

#include "absl/status/statusor.h"
#include "gainsight/v1/bulk.grpc.pb.h"
#include "gainsight_client/channel.h"

namespace gainsight_client {

bool IsTerminal(gainsight::v1::JobState state);

// Watches job `id` until it is terminal. A stream that breaks off with
// UNAVAILABLE (e.g. the replica it was on stops) is watched again (the first
// snapshot repeats the current state), up to `max_reconnects` times. The
// context (and its deadline) comes from `contexts`, one per stream.
absl::StatusOr<gainsight::v1::Job> FollowJob(
    gainsight::v1::BulkService::StubInterface& stub, const std::string& id,
    const ContextFactory& contexts,
    const std::function<void(const gainsight::v1::Job&)>& on_update,
    int max_reconnects = 3);

}  // namespace gainsight_client

#endif  // GAINSIGHT_CLIENT_JOB_FOLLOWER_H_
