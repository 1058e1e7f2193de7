// Which addresses stay on this machine: a listen address or an upstream URL
// on loopback needs no transport security, anything else does.
#ifndef GAINSIGHT_GATEWAY_SERVER_CONFIG_ADDRESSES_H_
#define GAINSIGHT_GATEWAY_SERVER_CONFIG_ADDRESSES_H_

#include <string>

#include "absl/strings/string_view.h"

namespace gg {

// 127.0.0.0/8, ::1 (bracketed or not) and "localhost".
bool IsLoopbackHost(absl::string_view host);

// The host of "HOST:PORT" / "[V6]:PORT".
std::string HostOfAddress(absl::string_view host_port);

// The host of "scheme://[user@]HOST[:PORT][/path]".
std::string HostOfUrl(absl::string_view url);

}  // namespace gg

#endif  // GAINSIGHT_GATEWAY_SERVER_CONFIG_ADDRESSES_H_
