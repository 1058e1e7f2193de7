// What every gainsight.v1 RPC is, for authorization and audit: its group
// (read, write, delete, bulk, export), the object it works on (fixed by the
// service, or named by a request field), the request field whose size is
// its record count, and whether it is audited. One row per RPC; a test
// checks the table against the protos.
#ifndef GAINSIGHT_GATEWAY_SERVER_SECURITY_METHOD_TABLE_H_
#define GAINSIGHT_GATEWAY_SERVER_SECURITY_METHOD_TABLE_H_

#include <optional>
#include <string>
#include <vector>

#include "absl/strings/string_view.h"
#include "google/protobuf/message.h"

namespace gg {

enum class MethodGroup { kRead, kWrite, kDelete, kBulk, kExport };
absl::string_view MethodGroupName(MethodGroup group);
std::optional<MethodGroup> ParseMethodGroup(absl::string_view name);

struct MethodRule {
  const char* service;  // "gainsight.v1.CompanyService"
  const char* method;   // "InsertCompanies"
  MethodGroup group;
  // The object: fixed by the service ("Company"), or read from the request
  // field `object_field` ("object_name"); neither for Cockpit and other
  // services that name no object.
  const char* object = nullptr;
  const char* object_field = nullptr;
  // The object comes in the stream's first message (an import's header).
  bool object_in_stream = false;
  // Repeated request field counted as the call's records.
  const char* records_field = nullptr;
  // Writes, deletes, imports and exports leave an audit line.
  bool audited = false;

  std::string full_name()
      const;  // "gainsight.v1.CompanyService/InsertCompanies"
};

const std::vector<MethodRule>& MethodTable();
// The rule of "/SERVICE/METHOD" or "SERVICE/METHOD"; nullptr when unknown.
const MethodRule* FindMethodRule(absl::string_view path);
// Whether `name` is a gainsight.v1 service of the table.
bool IsKnownService(absl::string_view name);

// The object of a call, from its rule and request; nullopt when the method
// names none (or names it only in its stream).
std::optional<std::string> ObjectOf(const MethodRule& rule,
                                    const google::protobuf::Message& request);
// Records of the call's request (0 when the method counts none).
int64_t RecordsOf(const MethodRule& rule,
                  const google::protobuf::Message& request);
// The request's `request_id` field ("" when it has none).
std::string RequestIdOf(const google::protobuf::Message& request);

}  // namespace gg

#endif  // GAINSIGHT_GATEWAY_SERVER_SECURITY_METHOD_TABLE_H_
