#include "help.h"

#include <set>

#include "absl/strings/str_cat.h"

namespace gsctl {
namespace {

constexpr char kExitCodes[] =
    "Exit codes:\n"
    "  0        success\n"
    "  1        usage error: bad flags, or a records file that cannot be read\n"
    "  2        some records of a batch write failed (per-record errors on "
    "stderr),\n"
    "           or a bulk job completed with rejected rows\n"
    "  3        a bulk job ended FAILED or CANCELLED\n"
    "  4        doctor: some probe of the tenant check differs\n"
    "  10+CODE  the call failed with gRPC status CODE: 13 INVALID_ARGUMENT,\n"
    "           14 DEADLINE_EXCEEDED, 15 NOT_FOUND, 17 PERMISSION_DENIED,\n"
    "           18 RESOURCE_EXHAUSTED, 19 FAILED_PRECONDITION, 22 "
    "UNIMPLEMENTED,\n"
    "           23 INTERNAL, 24 UNAVAILABLE\n";

void PrintFlag(const std::string& name, std::ostream& out) {
  const FlagInfo* flag = FindFlag(name);
  if (flag == nullptr) return;
  std::string left = absl::StrCat("  --", name, flag->takes_value ? " V" : "");
  if (left.size() < 24) left.append(24 - left.size(), ' ');
  out << left << " " << flag->help << "\n";
}

std::string Title(const Command& c) {
  return c.group.empty() ? c.name : absl::StrCat(c.group, " ", c.name);
}

}  // namespace

void PrintMainHelp(std::ostream& out) {
  out << "gsctl: command-line client of the Gainsight gateway\n\n"
         "Usage: gsctl GROUP COMMAND [OPERANDS] [FLAGS]   (gsctl GROUP --help, "
         "gsctl GROUP COMMAND --help)\n\nCommands:\n";
  for (const Command& c : AllCommands()) {
    std::string left =
        absl::StrCat("  ", Title(c), c.operands.empty() ? "" : " ", c.operands);
    if (left.size() < 28) left.append(28 - left.size(), ' ');
    out << left << " " << c.summary << "\n";
  }
  out << "\nGlobal flags (every command):\n";
  for (const std::string& name : GlobalFlags()) PrintFlag(name, out);
  out << "\nRecords files: JSON (an array of objects, or one object) or CSV "
         "with a header line.\nKeys are field names: proto (renewal_date), "
         "JSON (renewalDate) or Gainsight API names\n(RenewalDate); other "
         "keys go to custom_fields. Dates are YYYY-MM-DD.\n\n"
      << kExitCodes;
}

void PrintGroupHelp(const std::string& group, std::ostream& out) {
  out << "Usage: gsctl " << group << " COMMAND [OPERANDS] [FLAGS]\n\n";
  for (const Command& c : AllCommands()) {
    if (c.group != group) continue;
    std::string left =
        absl::StrCat("  ", c.name, c.operands.empty() ? "" : " ", c.operands);
    if (left.size() < 20) left.append(20 - left.size(), ' ');
    out << left << " " << c.summary << "\n";
  }
  out << "\nRun gsctl " << group << " COMMAND --help for its flags.\n";
}

void PrintCommandHelp(const Command& c, std::ostream& out) {
  out << "Usage: gsctl " << Title(c) << (c.operands.empty() ? "" : " ")
      << c.operands << " [FLAGS]\n\n"
      << c.summary << "\n\nFlags:\n";
  std::set<std::string> seen;
  for (const std::string& name : c.flags) {
    if (seen.insert(name).second) PrintFlag(name, out);
  }
  out << "\nGlobal flags:\n";
  for (const std::string& name : GlobalFlags()) PrintFlag(name, out);
  out << "\n" << kExitCodes;
}

}  // namespace gsctl
