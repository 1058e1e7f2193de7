// HttpClient on libcurl's multi interface: one event-loop thread drives every
// transfer, so a call waiting on Gainsight holds no thread of its own.
// Connections are kept alive and reused across calls.
#ifndef GAINSIGHT_GATEWAY_SERVER_HTTP_CURL_HTTP_CLIENT_H_
#define GAINSIGHT_GATEWAY_SERVER_HTTP_CURL_HTTP_CLIENT_H_

#include <cstdint>
#include <map>
#include <memory>
#include <thread>
#include <vector>

#include "absl/base/thread_annotations.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/time.h"
#include "http/http_client.h"

namespace gg {

class CurlHttpClient : public HttpClient {
 public:
  struct Options {
    absl::Duration connect_timeout = absl::Seconds(5);
    // Most connections open to one host at once (0: no cap); transfers
    // beyond it wait for a free connection.
    int max_host_connections = 32;
    // Largest answer body held in memory; a bigger answer aborts the
    // transfer, which fails INTERNAL.
    int64_t max_response_bytes = int64_t{64} << 20;
  };

  explicit CurlHttpClient(Options options);
  ~CurlHttpClient() override;  // fails transfers still running (UNAVAILABLE)

  void Send(HttpRequest request, std::shared_ptr<CancellationToken> cancel,
            Callback done) override;

  struct Transfer;  // one request in flight (public for curl's callbacks)

 private:
  // What Send() and cancel callbacks hand to the loop thread.
  struct Inbox {
    absl::Mutex mu;
    bool open ABSL_GUARDED_BY(mu) = true;
    std::vector<std::unique_ptr<Transfer>> added ABSL_GUARDED_BY(mu);
    std::vector<uint64_t> cancelled ABSL_GUARDED_BY(mu);
    void* multi = nullptr;  // CURLM*, for curl_multi_wakeup
  };

  void Loop();
  void Start(std::unique_ptr<Transfer> transfer);
  void Finish(uint64_t id, int curl_code);
  void Abort(uint64_t id, bool shutting_down);

  const Options options_;
  std::shared_ptr<Inbox> inbox_;
  void* multi_;                                           // CURLM*
  uint64_t next_id_ = 1;                                  // loop thread only
  std::map<uint64_t, std::unique_ptr<Transfer>> active_;  // loop thread only
  std::map<void*, uint64_t> id_by_handle_;                // loop thread only
  std::thread thread_;
};

}  // namespace gg

#endif  // GAINSIGHT_GATEWAY_SERVER_HTTP_CURL_HTTP_CLIENT_H_
