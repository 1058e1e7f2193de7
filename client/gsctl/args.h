// Command-line arguments: words (the command and its operands) and flags,
// which may come in any order. Every flag is known by name (kFlags) and
// either takes a value (`--name VALUE` or `--name=VALUE`) or is a switch.
#ifndef GAINSIGHT_GSCTL_ARGS_H_
#define GAINSIGHT_GSCTL_ARGS_H_

#include <map>
#include <string>
#include <vector>

#include "absl/status/statusor.h"

namespace gsctl {

struct FlagInfo {
  const char* name;
  bool takes_value;
  const char* help;
};

// Every flag gsctl knows, global and per command.
const std::vector<FlagInfo>& AllFlags();
const FlagInfo* FindFlag(const std::string& name);

// Flags every command takes.
const std::vector<std::string>& GlobalFlags();

struct Args {
  std::vector<std::string> words;
  // Values of each flag given, in order (switches hold "true").
  std::map<std::string, std::vector<std::string>> flags;

  bool Has(const std::string& name) const { return flags.count(name) > 0; }
  // The last value of a flag, or `fallback`.
  std::string Get(const std::string& name,
                  const std::string& fallback = "") const;
  // Every value of a repeatable flag, comma lists split.
  std::vector<std::string> List(const std::string& name) const;
};

// Fails (INVALID_ARGUMENT) on an unknown flag or a missing value. "-o" is
// short for "--output", "-h" for "--help".
absl::StatusOr<Args> ParseArgs(const std::vector<std::string>& argv);

}  // namespace gsctl

#endif  // GAINSIGHT_GSCTL_ARGS_H_
