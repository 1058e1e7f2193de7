// Structured logs: one JSON object per line on stderr. Callers pass ids,
// names and counts only: never an access key or a record's values.
#ifndef GAINSIGHT_GATEWAY_SERVER_OBSERVE_LOG_H_
#define GAINSIGHT_GATEWAY_SERVER_OBSERVE_LOG_H_

#include <cstdint>
#include <initializer_list>
#include <string>
#include <utility>
#include <variant>

#include "absl/strings/string_view.h"

namespace gg {

enum class LogLevel { kDebug = 0, kInfo = 1, kWarning = 2, kError = 3 };

using LogValue = std::variant<std::string, int64_t, double, bool>;
using LogField = std::pair<absl::string_view, LogValue>;

// Lines below this level are dropped (default: info).
void SetLogLevel(LogLevel level);
bool ParseLogLevel(absl::string_view text, LogLevel* out);

void Log(LogLevel level, absl::string_view event,
         std::initializer_list<LogField> fields = {});

// An audit line ("level": "audit", "event": "audit"): written whatever the
// log level.
void LogAudit(std::initializer_list<LogField> fields);

}  // namespace gg

#endif  // GAINSIGHT_GATEWAY_SERVER_OBSERVE_LOG_H_
