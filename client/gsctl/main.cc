// gsctl: the command-line client of the gateway. See README.md and
// `gsctl --help`.
#include <sys/ioctl.h>
#include <unistd.h>

#include <cstdlib>
#include <fstream>
#include <iostream>
#include <sstream>
#include <string>
#include <vector>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "absl/time/time.h"
#include "args.h"
#include "command.h"
#include "exit_codes.h"
#include "gainsight_client/channel.h"
#include "help.h"

namespace gsctl {
namespace {

std::string FlagOrEnv(const Args& args, const std::string& flag,
                      const char* env, const std::string& fallback) {
  if (args.Has(flag)) return args.Get(flag);
  const char* value = std::getenv(env);
  return value != nullptr ? value : fallback;
}

// The columns of the terminal stdout writes to (COLUMNS when set); 0 when
// stdout is not a terminal: piped tables are never cut.
int TerminalWidth() {
  if (!isatty(STDOUT_FILENO)) return 0;
  if (const char* columns = std::getenv("COLUMNS")) {
    int width = std::atoi(columns);
    if (width > 0) return width;
  }
  winsize size{};
  if (ioctl(STDOUT_FILENO, TIOCGWINSZ, &size) == 0 && size.ws_col > 0) {
    return size.ws_col;
  }
  return 0;
}

int Usage(const std::string& message) {
  std::cerr << "gsctl: " << message << " (see gsctl --help)\n";
  return kExitUsage;
}

const Command* Find(const std::vector<std::string>& words, size_t* used) {
  for (const Command& c : AllCommands()) {
    if (c.group.empty() && !words.empty() && words[0] == c.name) {
      *used = 1;
      return &c;
    }
    if (!c.group.empty() && words.size() >= 2 && words[0] == c.group &&
        words[1] == c.name) {
      *used = 2;
      return &c;
    }
  }
  return nullptr;
}

bool IsGroup(const std::string& word) {
  for (const Command& c : AllCommands()) {
    if (c.group == word) return true;
  }
  return false;
}

int Run(const std::vector<std::string>& argv) {
  absl::StatusOr<Args> parsed = ParseArgs(argv);
  if (!parsed.ok()) return Usage(std::string(parsed.status().message()));
  Env env;
  env.args = *std::move(parsed);
  env.out = &std::cout;
  env.err = &std::cerr;
  size_t used = 0;
  const Command* command = Find(env.args.words, &used);
  if (command == nullptr) {
    if (env.args.words.empty() && env.args.Has("help")) {
      PrintMainHelp(std::cout);
      return kExitOk;
    }
    if (env.args.words.size() == 1 && IsGroup(env.args.words[0]) &&
        env.args.Has("help")) {
      PrintGroupHelp(env.args.words[0], std::cout);
      return kExitOk;
    }
    if (env.args.words.empty()) return Usage("no command given");
    return Usage(
        absl::StrCat("unknown command '", env.args.words[0],
                     env.args.words.size() > 1 ? " " : "",
                     env.args.words.size() > 1 ? env.args.words[1] : "", "'"));
  }
  if (env.args.Has("help")) {
    PrintCommandHelp(*command, std::cout);
    return kExitOk;
  }
  for (const auto& [name, values] : env.args.flags) {
    bool allowed = false;
    for (const std::string& f : GlobalFlags()) allowed |= f == name;
    for (const std::string& f : command->flags) allowed |= f == name;
    if (!allowed) {
      return Usage(absl::StrCat("--", name, " does not apply to this command"));
    }
  }
  env.args.words.erase(env.args.words.begin(), env.args.words.begin() + used);

  env.options.target =
      FlagOrEnv(env.args, "target", "GSCTL_TARGET", "localhost:50051");
  std::string tls = FlagOrEnv(env.args, "tls", "GSCTL_TLS", "");
  env.options.tls = tls == "1" || absl::AsciiStrToLower(tls) == "true";
  env.options.ca_file = FlagOrEnv(env.args, "ca-file", "GSCTL_CA_FILE", "");
  std::string timeout = FlagOrEnv(env.args, "timeout", "GSCTL_TIMEOUT", "30s");
  if (!absl::ParseDuration(timeout, &env.options.timeout)) {
    return Usage(absl::StrCat("--timeout: not a duration: ", timeout));
  }
  std::string output = FlagOrEnv(env.args, "output", "GSCTL_OUTPUT", "table");
  if (output == "json") {
    env.format = OutputFormat::kJson;
  } else if (output != "table") {
    return Usage(absl::StrCat("--output is table or json, not ", output));
  }
  if (env.format == OutputFormat::kTable && !env.args.Has("wide")) {
    SetTableWidth(TerminalWidth());
  }
  env.options.batch_priority = env.args.Has("batch");
  env.options.caller_id =
      FlagOrEnv(env.args, "caller-id", "GSCTL_CALLER_ID", "");
  std::string config_path =
      FlagOrEnv(env.args, "service-config", "GSCTL_SERVICE_CONFIG", "");
  if (!config_path.empty()) {
    std::ifstream in(config_path);
    if (!in) return Usage(absl::StrCat("cannot read ", config_path));
    std::stringstream text;
    text << in.rdbuf();
    env.options.service_config_json = text.str();
  }
  absl::StatusOr<std::shared_ptr<grpc::Channel>> channel =
      gainsight_client::MakeChannel(env.options);
  if (!channel.ok()) return Usage(std::string(channel.status().message()));
  env.channel = *channel;
  return command->run(env);
}

}  // namespace
}  // namespace gsctl

int main(int argc, char** argv) {
  std::vector<std::string> args(argv + 1, argv + argc);
  return gsctl::Run(args);
}
