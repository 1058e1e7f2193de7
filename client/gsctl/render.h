// Output: responses as tables for people or as protobuf JSON for scripts;
// failed calls as their gRPC status with google.rpc details.
#ifndef GAINSIGHT_GSCTL_RENDER_H_
#define GAINSIGHT_GSCTL_RENDER_H_

#include <ostream>
#include <string>
#include <vector>

#include "google/protobuf/message.h"
#include "grpcpp/support/status.h"

namespace gsctl {

enum class OutputFormat { kTable, kJson };

// Protobuf JSON (lowerCamelCase names), indented, one trailing newline.
void PrintJson(const google::protobuf::Message& message, std::ostream& out);

// The text of one value in a table cell: enums without their type prefix
// (INSERTED), dates as YYYY-MM-DD, timestamps in RFC 3339, picklist items by
// label, durations like 1m, lists joined by ", ", other messages as JSON.
std::string CellText(const google::protobuf::Message& message,
                     const google::protobuf::FieldDescriptor* field);

// One row per message (all of one type, typed or google.protobuf.Struct).
// Columns: `columns` when given; else every field set in some row, in
// declaration order, with `custom_fields` spread into one column per key
// (Struct rows: every key, Gsid first, then sorted).
void PrintTable(const std::vector<const google::protobuf::Message*>& rows,
                std::ostream& out,
                const std::vector<std::string>& columns = {});

// The width PrintTable fits its tables into: the widest columns are
// narrowed (down to 8 characters or their header) and their cells cut with
// "...". 0, the default: no limit. gsctl sets the terminal's width unless
// --wide is given or stdout is not a terminal.
void SetTableWidth(int width);

// One message as "field: value" lines.
void PrintRecord(const google::protobuf::Message& message, std::ostream& out);

// The status line ("INVALID_ARGUMENT: message") and one indented line per
// google.rpc detail.
void PrintRpcError(const grpc::Status& status, std::ostream& err);

}  // namespace gsctl

#endif  // GAINSIGHT_GSCTL_RENDER_H_
