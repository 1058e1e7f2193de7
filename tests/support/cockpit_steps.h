// Runs one step of a Cockpit writer (ops/cockpit_object.h) on its own, for
// the unit tests of the CTA, task and Success Plan writers.
#ifndef GAINSIGHT_GATEWAY_TESTS_SUPPORT_COCKPIT_STEPS_H_
#define GAINSIGHT_GATEWAY_TESTS_SUPPORT_COCKPIT_STEPS_H_

#include <optional>
#include <utility>
#include <vector>

#include "absl/status/status.h"
#include "gtest/gtest.h"
#include "ops/cockpit_object.h"

namespace gg::testing {

// LoadConfigs of `pending`, and what it reported. The fakes behind the
// writer (scripted HTTP, fetchers) must answer on the calling thread.
inline absl::Status LoadConfigsNow(CockpitObjectWriter& writer,
                                   std::vector<int> pending,
                                   CallContext context) {
  std::optional<absl::Status> status;
  writer.LoadConfigs(pending, std::move(context),
                     [&](absl::Status s) { status = std::move(s); });
  EXPECT_TRUE(status.has_value()) << "LoadConfigs did not finish";
  return status.value_or(absl::InternalError("LoadConfigs did not finish"));
}

}  // namespace gg::testing

#endif  // GAINSIGHT_GATEWAY_TESTS_SUPPORT_COCKPIT_STEPS_H_
