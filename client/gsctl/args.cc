#include "args.h"

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"

namespace gsctl {

const std::vector<FlagInfo>& AllFlags() {
  static const auto* flags = new std::vector<FlagInfo>{
      // Global.
      {"target", true,
       "gateway address HOST:PORT (env GSCTL_TARGET; default localhost:50051)"},
      {"tls", false, "use TLS (env GSCTL_TLS=1)"},
      {"ca-file", true,
       "PEM file of trusted roots for --tls (env GSCTL_CA_FILE)"},
      {"timeout", true,
       "deadline of each call, e.g. 30s, 500ms (env GSCTL_TIMEOUT; default "
       "30s; "
       "watch: none)"},
      {"output", true, "table or json (-o; env GSCTL_OUTPUT; default table)"},
      {"wide", false,
       "tables at full width (default: cut to the terminal's width; output "
       "that is not a terminal is never cut)"},
      {"service-config", true,
       "gRPC service config JSON file, e.g. client/service_config.json (env "
       "GSCTL_SERVICE_CONFIG)"},
      {"batch", false, "send x-gainsight-priority: batch"},
      {"caller-id", true, "send x-caller-id (env GSCTL_CALLER_ID)"},
      {"help", false, "show help (-h)"},
      // Per command.
      {"file", true,
       "records to write: a .json file (array of objects) or a "
       ".csv file with a header line; - reads stdin"},
      {"format", true, "format of --file: json or csv (default: by extension)"},
      {"keys", true, "key field API names, comma separated (e.g. Name)"},
      {"select", true, "field API names to read, comma separated"},
      {"where", true,
       "condition FIELD:OP[:VALUE[,VALUE...]], repeatable, e.g. "
       "Arr:GTE:100000, "
       "Status:IN:Active,Churn, Csm:IS_NULL (OP: EQ NE LT LTE GT GTE BTW IN "
       "NOT_IN CONTAINS DOES_NOT_CONTAIN STARTS_WITH ENDS_WITH IS_NULL "
       "IS_NOT_NULL INCLUDES EXCLUDES)"},
      {"expression", true,
       "how --where conditions combine, over aliases A, B, C... in order, e.g. "
       "'A AND (B OR C)' (default: all AND)"},
      {"order-by", true, "FIELD[:asc|:desc], repeatable or comma separated"},
      {"page-size", true, "records per page"},
      {"page-token", true, "continue from this page token"},
      {"all", false, "read every page (default: one page)"},
      {"object", true, "object API name, e.g. Renewal_Tracker__gc"},
      {"email", false, "operands are emails, not GSIDs"},
      {"company-people", false,
       "read Company Person records instead of Person"},
      {"include-companies", false, "also read each person's companies"},
      {"relationship-people", false,
       "read Relationship Person records instead of Person"},
      {"include-relationships", false, "also read each person's relationships"},
      {"deleted", false, "list deleted records instead of live ones"},
      {"entity", true, "company (default) or relationship"},
      {"due-date-cascade", true, "none, all-open-tasks or playbook-tasks"},
      {"owner-cascade", true, "none, owner-tasks or all-open-tasks"},
      {"cta", true, "GSID of the CTA"},
      {"connector-job", true, "Gainsight Bulk API data job id"},
      {"columns", true, "import column names, comma separated"},
      {"state", true,
       "job states, comma separated: queued uploading init in-progress "
       "completed failed cancelled"},
      {"delivery", true,
       "exactly-once (default: an upload whose outcome is unknown is not "
       "sent again) or at-least-once (it is; for data jobs that upsert)"},
      {"watch", false, "follow the job to its end with a progress bar"},
      {"cta-type", true, "CTA type label or GSID"},
      {"include-inactive", false, "also list inactive playbooks"},
      {"include-bulk", false,
       "doctor: also submit one bulk export (one async call)"},
      {"request-id", true, "caller-chosen id logged with every upstream call"},
  };
  return *flags;
}

const FlagInfo* FindFlag(const std::string& name) {
  for (const FlagInfo& flag : AllFlags()) {
    if (name == flag.name) return &flag;
  }
  return nullptr;
}

const std::vector<std::string>& GlobalFlags() {
  static const auto* flags = new std::vector<std::string>{
      "target",         "tls",   "ca-file",   "timeout", "output", "wide",
      "service-config", "batch", "caller-id", "help"};
  return *flags;
}

std::string Args::Get(const std::string& name,
                      const std::string& fallback) const {
  auto it = flags.find(name);
  if (it == flags.end() || it->second.empty()) return fallback;
  return it->second.back();
}

std::vector<std::string> Args::List(const std::string& name) const {
  std::vector<std::string> out;
  auto it = flags.find(name);
  if (it == flags.end()) return out;
  for (const std::string& value : it->second) {
    for (absl::string_view part : absl::StrSplit(value, ',')) {
      if (!part.empty()) out.emplace_back(part);
    }
  }
  return out;
}

absl::StatusOr<Args> ParseArgs(const std::vector<std::string>& argv) {
  Args args;
  for (size_t i = 0; i < argv.size(); ++i) {
    std::string arg = argv[i];
    if (arg == "-o") arg = "--output";
    if (arg == "-h") arg = "--help";
    if (arg == "--") {
      args.words.insert(args.words.end(), argv.begin() + i + 1, argv.end());
      break;
    }
    if (!absl::StartsWith(arg, "--")) {
      args.words.push_back(arg);
      continue;
    }
    std::string name = arg.substr(2);
    std::string value;
    bool has_value = false;
    if (size_t eq = name.find('='); eq != std::string::npos) {
      value = name.substr(eq + 1);
      name = name.substr(0, eq);
      has_value = true;
    }
    const FlagInfo* flag = FindFlag(name);
    if (flag == nullptr) {
      return absl::InvalidArgumentError(absl::StrCat("unknown flag --", name));
    }
    if (!flag->takes_value) {
      if (has_value) {
        return absl::InvalidArgumentError(
            absl::StrCat("--", name, " takes no value"));
      }
      value = "true";
    } else if (!has_value) {
      if (i + 1 >= argv.size()) {
        return absl::InvalidArgumentError(
            absl::StrCat("--", name, " needs a value"));
      }
      value = argv[++i];
    }
    args.flags[name].push_back(value);
  }
  return args;
}

}  // namespace gsctl
