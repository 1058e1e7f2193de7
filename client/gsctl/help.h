// `--help` texts: the whole tool, one group, one command.
#ifndef GAINSIGHT_GSCTL_HELP_H_
#define GAINSIGHT_GSCTL_HELP_H_

#include <ostream>
#include <string>

#include "command.h"

namespace gsctl {

void PrintMainHelp(std::ostream& out);
void PrintGroupHelp(const std::string& group, std::ostream& out);
void PrintCommandHelp(const Command& command, std::ostream& out);

}  // namespace gsctl

#endif  // GAINSIGHT_GSCTL_HELP_H_
