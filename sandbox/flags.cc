#include "sandbox/flags.h"

#include <optional>
#include <utility>

#include "absl/status/status.h"
#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/strip.h"
#include "quota/limits_spec.h"

namespace gg::sandbox {

const char kUsage[] =
    "usage: gainsight-sandbox --access-key KEY [--listen HOST:PORT]\n"
    "           [--limits SPEC] [--window-offset-ms N] [--retry-after]\n"
    "           [--query-shape records|array] [--bulk-access-key KEY]\n"
    "           [--bulk-app-org-id ID] [--bulk-login-name NAME]\n"
    "           [--cockpit-write-answer success-failure|array|opaque]\n"
    "           [--demo]\n"
    "\n"
    "  --access-key KEY       the tenant's API key (accesskey header); "
    "required\n"
    "  --listen HOST:PORT     address to serve on; port 0 picks a free one\n"
    "                         (default 127.0.0.1:0)\n"
    "  --limits SPEC          rate limits, e.g. "
    "\"sync=100/1m,50000/1d;bulk=10/1h,100/1d\"\n"
    "                         (default: Gainsight's, as shown)\n"
    "  --window-offset-ms N   rate windows start N ms after the epoch's "
    "boundaries\n"
    "  --retry-after          add Retry-After to 429 answers (Gainsight "
    "sends none)\n"
    "  --query-shape SHAPE    query rows in data.records (records, default)\n"
    "                         or directly in data (array)\n"
    "  --cockpit-write-answer SHAPE  how CTA, task and Success Plan writes\n"
    "                         answer: data.success/data.failure keyed by\n"
    "                         referenceId (success-failure, default), an\n"
    "                         array of per-record results (array), or data {}\n"
    "                         (opaque: written, but not reported on)\n"
    "  --bulk-access-key KEY  the GS Bulk API connection's own key: Bulk API\n"
    "                         uploads must carry it in accessKey (without it\n"
    "                         the tenant has no connection)\n"
    "  --bulk-app-org-id ID   appOrgId uploads must send (any, when unset)\n"
    "  --bulk-login-name NAME loginName uploads must send (any, when unset)\n"
    "  --demo                 start with demo companies (Acme Corp, Globex,\n"
    "                         Initech) and Bulk API data job 12345 loading\n"
    "                         Company, as ./dev up does (again after a reset)\n"
    "\n"
    "Prints \"listening on HOST:PORT\" once serving; SIGTERM/SIGINT stop it.\n"
    "\n";

namespace {

absl::Status InvalidFlag(absl::string_view message) {
  return absl::InvalidArgumentError(message);
}

absl::Status ParseListen(absl::string_view text, SandboxFlags* flags) {
  size_t colon = text.rfind(':');
  if (colon == absl::string_view::npos || colon == 0) {
    return InvalidFlag(
        absl::StrCat("--listen wants HOST:PORT, got '", text, "'"));
  }
  absl::string_view host = text.substr(0, colon);
  if (absl::ConsumePrefix(&host, "[")) {
    if (!absl::ConsumeSuffix(&host, "]")) {
      return InvalidFlag(absl::StrCat("--listen: bad host in '", text, "'"));
    }
  }
  int port = 0;
  if (host.empty() || !absl::SimpleAtoi(text.substr(colon + 1), &port) ||
      port < 0 || port > 65535) {
    return InvalidFlag(
        absl::StrCat("--listen wants HOST:PORT with PORT 0..65535, "
                     "got '",
                     text, "'"));
  }
  flags->host = std::string(host);
  flags->port = port;
  return absl::OkStatus();
}

absl::Status ApplyFlag(absl::string_view name, absl::string_view value,
                       SandboxFlags* flags) {
  SandboxOptions& options = flags->options;
  if (std::optional<absl::Status> variant =
          ApplyVariantFlag(name, value, &options.contract)) {
    return *variant;
  }
  if (name == "--listen") return ParseListen(value, flags);
  if (name == "--access-key") {
    if (value.empty()) return InvalidFlag("--access-key must not be empty");
    options.access_key = std::string(value);
    return absl::OkStatus();
  }
  if (name == "--limits") {
    absl::StatusOr<LimitsSpec> spec = ParseLimitsSpec(value);
    if (!spec.ok()) {
      return InvalidFlag(absl::StrCat("--limits: ", spec.status().message()));
    }
    options.limits = *std::move(spec);
    return absl::OkStatus();
  }
  if (name == "--window-offset-ms") {
    int64_t ms = 0;
    if (!absl::SimpleAtoi(value, &ms)) {
      return InvalidFlag(absl::StrCat(
          "--window-offset-ms wants an integer, got '", value, "'"));
    }
    options.window_offset = absl::Milliseconds(ms);
    return absl::OkStatus();
  }
  if (name == "--bulk-access-key") {
    if (value.empty())
      return InvalidFlag("--bulk-access-key must not be empty");
    options.bulk.access_key = std::string(value);
    return absl::OkStatus();
  }
  if (name == "--bulk-app-org-id") {
    options.bulk.app_org_id = std::string(value);
    return absl::OkStatus();
  }
  if (name == "--bulk-login-name") {
    options.bulk.login_name = std::string(value);
    return absl::OkStatus();
  }
  if (name == "--query-shape") {
    if (value == "records") {
      options.query_shape = QueryShape::kRecords;
    } else if (value == "array") {
      options.query_shape = QueryShape::kArray;
    } else {
      return InvalidFlag(absl::StrCat(
          "--query-shape wants records or array, got '", value, "'"));
    }
    return absl::OkStatus();
  }
  if (name == "--cockpit-write-answer") {
    if (value == "success-failure") {
      options.cockpit_answer = CockpitAnswerShape::kSuccessFailure;
    } else if (value == "array") {
      options.cockpit_answer = CockpitAnswerShape::kArray;
    } else if (value == "opaque") {
      options.cockpit_answer = CockpitAnswerShape::kOpaque;
    } else {
      return InvalidFlag(
          absl::StrCat("--cockpit-write-answer wants success-failure, array or "
                       "opaque, got '",
                       value, "'"));
    }
    return absl::OkStatus();
  }
  return InvalidFlag(absl::StrCat("unknown flag ", name));
}

}  // namespace

absl::StatusOr<SandboxFlags> ParseFlags(const std::vector<std::string>& args) {
  SandboxFlags flags;
  for (size_t i = 0; i < args.size(); ++i) {
    absl::string_view arg = args[i];
    if (arg == "--help" || arg == "-h") {
      flags.help = true;
      return flags;
    }
    if (arg == "--retry-after") {
      flags.options.retry_after = true;
      continue;
    }
    if (arg == "--demo") {
      flags.options.demo = true;
      continue;
    }
    if (!absl::StartsWith(arg, "--")) {
      return InvalidFlag(absl::StrCat("unexpected argument '", arg, "'"));
    }
    absl::string_view name = arg;
    std::optional<absl::string_view> value;
    size_t equals = arg.find('=');
    if (equals != absl::string_view::npos) {
      name = arg.substr(0, equals);
      value = arg.substr(equals + 1);
    } else if (i + 1 < args.size()) {
      value = args[++i];
    }
    if (name == "--retry-after" || name == "--demo") {
      return InvalidFlag(absl::StrCat(name, " takes no value"));
    }
    if (!value.has_value())
      return InvalidFlag(absl::StrCat(name, " needs a value"));
    absl::Status status = ApplyFlag(name, *value, &flags);
    if (!status.ok()) return status;
  }
  if (flags.options.access_key.empty()) {
    return InvalidFlag("--access-key is required");
  }
  return flags;
}

}  // namespace gg::sandbox
