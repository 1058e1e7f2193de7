// Identifiers the sandbox mints: request ids and record GSIDs.
#ifndef GAINSIGHT_GATEWAY_SANDBOX_IDS_H_
#define GAINSIGHT_GATEWAY_SANDBOX_IDS_H_

#include <string>

#include "absl/strings/string_view.h"

namespace gg::sandbox {

// Length of every GSID: e.g. "1P02K7Q4ZC1M8R2T6W9X3B5D0F4H7J2L8N1P".
inline constexpr int kGsidLength = 36;

// A fresh random (version 4) UUID, e.g. "0f8e3c2a-6b1d-4d2e-9a55-3c7d2b1e4f90".
std::string NewRequestId();

// A fresh GSID: `prefix` (the object family, e.g. "1P02" for Company)
// followed by random characters of [0-9A-Z] up to kGsidLength.
std::string NewGsid(absl::string_view prefix);

// Whether `text` has the shape of a GSID: kGsidLength characters of [0-9A-Z].
bool IsGsidShaped(absl::string_view text);

}  // namespace gg::sandbox

#endif  // GAINSIGHT_GATEWAY_SANDBOX_IDS_H_
