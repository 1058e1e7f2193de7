// The sandbox's request handling: any bytes as "METHOD PATH?QUERY\nBODY",
// with the right access key, into a fresh sandbox every 500 inputs.
#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>

#include "absl/strings/str_split.h"
#include "quota/limits_spec.h"
#include "sandbox/sandbox.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static std::unique_ptr<gg::sandbox::Sandbox> sandbox;
  static int uses = 0;
  if (sandbox == nullptr || ++uses % 500 == 0) {
    gg::sandbox::SandboxOptions options;
    options.access_key = "fuzz-key";
    // Rate limits out of the way: every input reaches its handler.
    options.limits =
        *gg::ParseLimitsSpec("sync=1000000000/1s;bulk=1000000000/1s");
    sandbox = std::make_unique<gg::sandbox::Sandbox>(options);
  }
  const std::string input(reinterpret_cast<const char*>(data), size);
  const size_t line_end = input.find('\n');
  const std::string line = input.substr(0, line_end);
  gg::sandbox::HttpRequest request;
  const size_t space = line.find(' ');
  request.method = line.substr(0, space);
  std::string target =
      space == std::string::npos ? "/" : line.substr(space + 1);
  if (const size_t q = target.find('?'); q != std::string::npos) {
    request.query = target.substr(q + 1);
    target.resize(q);
    for (absl::string_view pair : absl::StrSplit(request.query, '&')) {
      std::pair<std::string, std::string> kv = absl::StrSplit(pair, '=');
      request.params.insert(std::move(kv));
    }
  }
  request.path = target;
  request.headers.emplace_back("accesskey", "fuzz-key");
  request.headers.emplace_back("Content-Type", "application/json");
  if (line_end != std::string::npos) request.body = input.substr(line_end + 1);
  gg::sandbox::HttpResponse response = sandbox->Handle(request);
  (void)response;
  return 0;
}
