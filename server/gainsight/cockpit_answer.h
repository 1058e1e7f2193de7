// How a Cockpit write (CTA, task, Success Plan) tells the outcome of each
// record it was sent. Gainsight publishes no answer sample for these writes;
// the only public hint (a simulator and code written against the docs) is
//   data: {"success": [{"<referenceId>": "<Gsid>"}],
//          "failure": [{"<referenceId>": "<CODE>: <text>"}]}
// Other plausible shapes are read too, so that a tenant answering one of them
// is still understood:
//   data: [{"referenceId", "success", "Gsid"|"gsid", "errorCode",
//           "errorDesc"|"errorMessage", "fieldName", "errors": [...]}]
//   data: {"records": [ same entries ]}
//   success/failure as objects keyed by referenceId, or as arrays of
//   {"referenceId", "Gsid", ...} entries.
// Whatever the shape, an entry is keyed by the referenceId the gateway sent.
#ifndef GAINSIGHT_GATEWAY_SERVER_GAINSIGHT_COCKPIT_ANSWER_H_
#define GAINSIGHT_GATEWAY_SERVER_GAINSIGHT_COCKPIT_ANSWER_H_

#include <map>
#include <string>
#include <utility>
#include <vector>

#include "gainsight/envelope.h"

namespace gg {

// The reported outcome of one record.
struct CockpitRecordAnswer {
  bool success = false;
  std::string gsid;        // on success (may be empty if not reported)
  std::string error_code;  // on failure, e.g. "GSOBJ_1011"
  std::string error_text;  // on failure, without the code
  std::string field_name;  // on failure, when Gainsight named one
};

struct CockpitAnswer {
  // By referenceId; records missing here were not reported on.
  std::map<std::string, CockpitRecordAnswer> records;
  // The shape was none of the known ones: nothing could be read. (Within a
  // known shape, an entry that cannot be read is just not reported on.)
  bool unreadable = false;
  // Key names (never values) of what was received, for logs: "data{foo,bar}".
  std::string shape;
};

// Reads a write answer's `data`. Bounded: at most `max_entries` entries are
// read (a write carries at most 50 records).
CockpitAnswer ReadCockpitAnswer(const Json& data, size_t max_entries = 1000);

// The body of a Cockpit write: {"requests": [{"record": {..., "referenceId":
// ref}}]}, one request per (referenceId, record) in order.
Json CockpitWriteBody(const std::vector<std::pair<std::string, Json>>& records);

// Cockpit's code of a GSID that names nothing (a write's company, owner,
// CTA, plan...).
inline constexpr char kCockpitNoMatchCode[] = "GSOBJ_1011";
// "Invalid GSID of CTA" (a simulator's answer to an update of an unknown CTA).
inline constexpr char kCockpitInvalidGsidCode[] = "COCKPIT_6007";

// Splits "GSOBJ_1011: No entity matches ..." into code and text; a text
// without a leading code keeps it whole.
void SplitCodeAndText(const std::string& message, std::string* code,
                      std::string* text);

}  // namespace gg

#endif  // GAINSIGHT_GATEWAY_SERVER_GAINSIGHT_COCKPIT_ANSWER_H_
