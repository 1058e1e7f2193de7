// The shapes most commands share: write records from a file, list or query
// pages, get one record, delete by id, show one response.
#ifndef GAINSIGHT_GSCTL_GENERIC_COMMANDS_H_
#define GAINSIGHT_GSCTL_GENERIC_COMMANDS_H_

#include <functional>
#include <string>
#include <vector>

#include "command.h"

namespace gsctl {

// Calls `rpc`; on failure prints the status and returns its exit code, else
// returns kExitOk.
int CallRpc(Env& env, const Rpc& rpc, const google::protobuf::Message& request,
            google::protobuf::Message* response);

// Exit code for a usage problem, after printing it.
int UsageError(Env& env, const std::string& message);

// Prints batch write results (table: index, gsid, action, error; per-record
// error details and a summary on stderr). kExitSomeRecordsFailed when any
// record failed.
int PrintResults(Env& env, const google::protobuf::Message& response);

struct WriteSpec {
  std::string records_field;  // "companies"
  bool keys = false;          // takes --keys
  bool object = false;        // takes --object (Struct records)
  // The Gainsight object whose describe checks the CSV columns that are no
  // typed field ("Company"); empty: not checked. Struct records (--object)
  // are always checked against their object.
  std::string described_object;
  Tweak tweak;                     // other request fields
  std::vector<std::string> flags;  // flags of `tweak`
};
// A WriteSpec for `records_field`, with --keys when `keys`.
WriteSpec WriteOf(std::string records_field, bool keys = false,
                  bool object = false);
Command WriteCommand(std::string group, std::string name, std::string summary,
                     Rpc rpc, WriteSpec spec);

struct QuerySpec {
  bool filter = true;   // --where, --expression
  bool order = true;    // --order-by
  bool select = true;   // --select
  bool object = false;  // --object
  Tweak tweak;
  std::vector<std::string> flags;
};
Command QueryCommand(std::string group, std::string name, std::string summary,
                     Rpc rpc, QuerySpec spec);

// One operand into `id_field` (or via `tweak`); --select into extra_fields.
Command GetCommand(std::string group, std::string summary, Rpc rpc,
                   Tweak tweak = nullptr, std::vector<std::string> flags = {});

// Operands into the repeated `gsids` field, or via `tweak`.
Command DeleteCommand(std::string group, std::string summary, Rpc rpc,
                      Tweak tweak = nullptr,
                      std::vector<std::string> flags = {});

// Calls `rpc` and prints the response: as JSON, or with `table`.
using TablePrinter =
    std::function<void(const google::protobuf::Message&, std::ostream&)>;
Command ShowCommand(std::string group, std::string name, std::string operands,
                    std::string summary, Rpc rpc, Tweak tweak,
                    std::vector<std::string> flags, TablePrinter table);

// Pointers to the messages of a repeated field, for PrintTable.
template <class Repeated>
std::vector<const google::protobuf::Message*> Pointers(const Repeated& items) {
  std::vector<const google::protobuf::Message*> out;
  for (const auto& item : items) out.push_back(&item);
  return out;
}

// Table of the first non-empty repeated message field of `response` (the
// items of a page), or nothing when there are none.
void PrintItems(const google::protobuf::Message& response, std::ostream& out,
                const std::vector<std::string>& columns = {});

}  // namespace gsctl

#endif  // GAINSIGHT_GSCTL_GENERIC_COMMANDS_H_
