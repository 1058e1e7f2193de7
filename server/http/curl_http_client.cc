#include "http/curl_http_client.h"

#include <curl/curl.h>

#include <algorithm>
#include <utility>

#include "absl/status/status.h"
#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/strip.h"
#include "absl/time/clock.h"

namespace gg {

struct CurlHttpClient::Transfer {
  uint64_t id = 0;
  CURL* easy = nullptr;
  curl_slist* header_list = nullptr;
  curl_mime* mime = nullptr;
  HttpRequest request;
  HttpResponse response;
  std::shared_ptr<CancellationToken> cancel;
  int64_t cancel_registration = 0;
  Callback done;
  size_t max_body = 0;
  bool too_big = false;

  ~Transfer() {
    if (mime != nullptr) curl_mime_free(mime);
    if (header_list != nullptr) curl_slist_free_all(header_list);
    if (easy != nullptr) curl_easy_cleanup(easy);
  }
};

namespace {

size_t OnBody(char* data, size_t size, size_t count, void* user) {
  auto* transfer = static_cast<CurlHttpClient::Transfer*>(user);
  if (transfer->response.body.size() + size * count > transfer->max_body) {
    transfer->too_big = true;
    return 0;  // aborts the transfer (CURLE_WRITE_ERROR)
  }
  transfer->response.body.append(data, size * count);
  return size * count;
}

size_t OnHeader(char* data, size_t size, size_t count, void* user) {
  auto* response = static_cast<HttpResponse*>(user);
  absl::string_view line(data, size * count);
  if (absl::StartsWith(line, "HTTP/")) {
    response->headers.clear();  // a new status line (e.g. after 100 Continue)
    return size * count;
  }
  size_t colon = line.find(':');
  if (colon != absl::string_view::npos) {
    response->headers.emplace_back(
        absl::AsciiStrToLower(
            absl::StripAsciiWhitespace(line.substr(0, colon))),
        std::string(absl::StripAsciiWhitespace(line.substr(colon + 1))));
  }
  return size * count;
}

absl::Status TooBig(size_t max) {
  return absl::InternalError(absl::StrCat(
      "Gainsight's answer is larger than ", max,
      " bytes (--max-upstream-response-bytes); it was not read further"));
}

absl::Status TransportError(int code) {
  std::string message =
      absl::StrCat("HTTP transfer failed: ",
                   curl_easy_strerror(static_cast<CURLcode>(code)));
  if (code == CURLE_OPERATION_TIMEDOUT) {
    return absl::DeadlineExceededError(message);
  }
  return absl::UnavailableError(message);
}

// Whether the request left whole: connected, and every byte of its body
// written (a request without a body counts once connected).
bool RequestWentOutWhole(CURL* easy, int code) {
  if (code == CURLE_COULDNT_RESOLVE_HOST || code == CURLE_COULDNT_CONNECT ||
      code == CURLE_COULDNT_RESOLVE_PROXY) {
    return false;
  }
  curl_off_t declared = -1;
  curl_off_t written = 0;
  curl_easy_getinfo(easy, CURLINFO_CONTENT_LENGTH_UPLOAD_T, &declared);
  curl_easy_getinfo(easy, CURLINFO_SIZE_UPLOAD_T, &written);
  if (declared > 0) return written >= declared;
  curl_off_t connected_at = 0;
  curl_easy_getinfo(easy, CURLINFO_CONNECT_TIME_T, &connected_at);
  return connected_at > 0;
}

}  // namespace

CurlHttpClient::CurlHttpClient(Options options)
    : options_(options), inbox_(std::make_shared<Inbox>()) {
  curl_global_init(CURL_GLOBAL_DEFAULT);
  multi_ = curl_multi_init();
  curl_multi_setopt(multi_, CURLMOPT_MAX_HOST_CONNECTIONS,
                    static_cast<long>(options_.max_host_connections));
  curl_multi_setopt(multi_, CURLMOPT_PIPELINING,
                    static_cast<long>(CURLPIPE_MULTIPLEX));
  inbox_->multi = multi_;
  thread_ = std::thread([this] { Loop(); });
}

CurlHttpClient::~CurlHttpClient() {
  {
    absl::MutexLock lock(&inbox_->mu);
    inbox_->open = false;
    curl_multi_wakeup(multi_);
  }
  thread_.join();
  curl_multi_cleanup(multi_);
}

void CurlHttpClient::Send(HttpRequest request,
                          std::shared_ptr<CancellationToken> cancel,
                          Callback done) {
  auto transfer = std::make_unique<Transfer>();
  transfer->request = std::move(request);
  transfer->cancel = std::move(cancel);
  transfer->done = std::move(done);
  {
    absl::MutexLock lock(&inbox_->mu);
    if (inbox_->open) {
      inbox_->added.push_back(std::move(transfer));
      curl_multi_wakeup(multi_);
      return;
    }
  }
  transfer->done(absl::UnavailableError("HTTP client is shutting down"));
}

void CurlHttpClient::Start(std::unique_ptr<Transfer> t) {
  t->id = next_id_++;
  if (t->cancel != nullptr) {
    std::weak_ptr<Inbox> weak_inbox = inbox_;
    uint64_t id = t->id;
    t->cancel_registration = t->cancel->OnCancel([weak_inbox, id] {
      std::shared_ptr<Inbox> inbox = weak_inbox.lock();
      if (inbox == nullptr) return;
      absl::MutexLock lock(&inbox->mu);
      if (!inbox->open) return;
      inbox->cancelled.push_back(id);
      curl_multi_wakeup(inbox->multi);
    });
  }
  absl::Duration remaining = t->request.deadline - absl::Now();
  if (remaining <= absl::ZeroDuration()) {
    Callback done = std::move(t->done);
    if (t->cancel != nullptr) t->cancel->Unregister(t->cancel_registration);
    done(absl::DeadlineExceededError("deadline passed before the HTTP call"));
    return;
  }

  CURL* easy = t->easy = curl_easy_init();
  const HttpRequest& r = t->request;
  curl_easy_setopt(easy, CURLOPT_URL, r.url.c_str());
  curl_easy_setopt(easy, CURLOPT_NOSIGNAL, 1L);
  curl_easy_setopt(easy, CURLOPT_FOLLOWLOCATION, 0L);
  curl_easy_setopt(
      easy, CURLOPT_CONNECTTIMEOUT_MS,
      static_cast<long>(absl::ToInt64Milliseconds(options_.connect_timeout)));
  if (remaining != absl::InfiniteDuration()) {
    curl_easy_setopt(
        easy, CURLOPT_TIMEOUT_MS,
        std::max<long>(
            1, static_cast<long>(absl::ToInt64Milliseconds(remaining))));
  }
  // Plain-text HTTP/2 connection reuse is broken in libcurl 7.88: use
  // HTTP/1.1 keep-alive for http://, and let TLS negotiate HTTP/2.
  curl_easy_setopt(easy, CURLOPT_HTTP_VERSION,
                   absl::StartsWith(r.url, "https://")
                       ? static_cast<long>(CURL_HTTP_VERSION_2TLS)
                       : static_cast<long>(CURL_HTTP_VERSION_1_1));
  curl_easy_setopt(easy, CURLOPT_PIPEWAIT, 1L);
  t->max_body = static_cast<size_t>(options_.max_response_bytes);
  curl_easy_setopt(easy, CURLOPT_WRITEFUNCTION, OnBody);
  curl_easy_setopt(easy, CURLOPT_WRITEDATA, t.get());
  // An announced Content-Length past the bound fails before the body.
  curl_easy_setopt(easy, CURLOPT_MAXFILESIZE_LARGE,
                   static_cast<curl_off_t>(options_.max_response_bytes));
  curl_easy_setopt(easy, CURLOPT_HEADERFUNCTION, OnHeader);
  curl_easy_setopt(easy, CURLOPT_HEADERDATA, &t->response);

  for (const auto& [name, value] : r.headers) {
    t->header_list = curl_slist_append(t->header_list,
                                       absl::StrCat(name, ": ", value).c_str());
  }
  // No "Expect: 100-continue" round trip before larger bodies.
  t->header_list = curl_slist_append(t->header_list, "Expect:");
  curl_easy_setopt(easy, CURLOPT_HTTPHEADER, t->header_list);

  if (!r.form.empty()) {
    t->mime = curl_mime_init(easy);
    for (const FormPart& part : r.form) {
      curl_mimepart* p = curl_mime_addpart(t->mime);
      curl_mime_name(p, part.name.c_str());
      if (!part.file_path.empty()) {
        curl_mime_filedata(p, part.file_path.c_str());
      } else {
        curl_mime_data(p, part.data.data(), part.data.size());
      }
      if (!part.filename.empty()) curl_mime_filename(p, part.filename.c_str());
      if (!part.content_type.empty()) {
        curl_mime_type(p, part.content_type.c_str());
      }
    }
    curl_easy_setopt(easy, CURLOPT_MIMEPOST, t->mime);
  } else {
    switch (r.method) {
      case HttpMethod::kGet:
        break;
      case HttpMethod::kPost:
        curl_easy_setopt(easy, CURLOPT_POST, 1L);
        break;
      case HttpMethod::kPut:
      case HttpMethod::kDelete:
        curl_easy_setopt(easy, CURLOPT_CUSTOMREQUEST,
                         std::string(HttpMethodName(r.method)).c_str());
        break;
    }
    if (r.method != HttpMethod::kGet &&
        (!r.body.empty() || r.method != HttpMethod::kDelete)) {
      curl_easy_setopt(easy, CURLOPT_POSTFIELDS, r.body.data());
      curl_easy_setopt(easy, CURLOPT_POSTFIELDSIZE_LARGE,
                       static_cast<curl_off_t>(r.body.size()));
    }
  }
  id_by_handle_[easy] = t->id;
  curl_multi_add_handle(multi_, easy);
  active_.emplace(t->id, std::move(t));
}

void CurlHttpClient::Finish(uint64_t id, int curl_code) {
  auto it = active_.find(id);
  if (it == active_.end()) return;
  std::unique_ptr<Transfer> t = std::move(it->second);
  active_.erase(it);
  id_by_handle_.erase(t->easy);
  curl_multi_remove_handle(multi_, t->easy);
  if (t->cancel != nullptr) t->cancel->Unregister(t->cancel_registration);
  if (t->too_big || curl_code == CURLE_FILESIZE_EXCEEDED) {
    t->response.body.clear();
    t->response.body.shrink_to_fit();
    t->done(TooBig(t->max_body));
    return;
  }
  if (curl_code != CURLE_OK) {
    absl::Status error = TransportError(curl_code);
    if (!RequestWentOutWhole(t->easy, curl_code)) {
      error = MarkRequestIncomplete(std::move(error));
    }
    t->done(std::move(error));
    return;
  }
  long status = 0;
  curl_easy_getinfo(t->easy, CURLINFO_RESPONSE_CODE, &status);
  t->response.status = static_cast<int>(status);
  t->done(std::move(t->response));
}

void CurlHttpClient::Abort(uint64_t id, bool shutting_down) {
  auto it = active_.find(id);
  if (it == active_.end()) return;
  std::unique_ptr<Transfer> t = std::move(it->second);
  active_.erase(it);
  id_by_handle_.erase(t->easy);
  curl_multi_remove_handle(multi_, t->easy);
  if (t->cancel != nullptr) t->cancel->Unregister(t->cancel_registration);
  absl::Status error = shutting_down
                           ? absl::UnavailableError("gateway shutting down")
                           : absl::CancelledError("call cancelled");
  if (!RequestWentOutWhole(t->easy, CURLE_OK)) {
    error = MarkRequestIncomplete(std::move(error));
  }
  t->done(std::move(error));
}

void CurlHttpClient::Loop() {
  while (true) {
    std::vector<std::unique_ptr<Transfer>> added;
    std::vector<uint64_t> cancelled;
    bool open;
    {
      absl::MutexLock lock(&inbox_->mu);
      added.swap(inbox_->added);
      cancelled.swap(inbox_->cancelled);
      open = inbox_->open;
    }
    for (auto& t : added) Start(std::move(t));
    for (uint64_t id : cancelled) Abort(id, /*shutting_down=*/false);
    if (!open) break;

    int running = 0;
    curl_multi_perform(multi_, &running);
    int queued = 0;
    bool finished_any = false;
    while (CURLMsg* msg = curl_multi_info_read(multi_, &queued)) {
      if (msg->msg != CURLMSG_DONE) continue;
      auto it = id_by_handle_.find(msg->easy_handle);
      if (it != id_by_handle_.end()) Finish(it->second, msg->data.result);
      finished_any = true;
    }
    // A finished transfer frees a connection that a waiting transfer may
    // take at once: drive curl again before sleeping on the sockets.
    if (finished_any) continue;
    // Sleep until socket activity, a wakeup, or curl's next timer.
    long wait_ms = 100;
    curl_multi_timeout(multi_, &wait_ms);
    if (wait_ms < 0 || wait_ms > 100) wait_ms = 100;
    if (wait_ms > 0) curl_multi_poll(multi_, nullptr, 0, wait_ms, nullptr);
  }
  std::vector<uint64_t> ids;
  for (const auto& [id, t] : active_) ids.push_back(id);
  for (uint64_t id : ids) Abort(id, /*shutting_down=*/true);
}

}  // namespace gg
