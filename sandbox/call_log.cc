#include "sandbox/call_log.h"

#include <utility>

namespace gg::sandbox {

CallLog::Arrival CallLog::Begin(CallEntry entry) {
  absl::MutexLock lock(&mu_);
  // Stamped under the lock, so arrival order and time order agree.
  entry.time = clock_.Now();
  entry.status = -1;
  absl::Time time = entry.time;
  entries_.push_back(std::move(entry));
  if (entries_.size() > kMaxEntries) {
    entries_.pop_front();
    ++first_id_;
  }
  return Arrival{first_id_ + entries_.size() - 1, time};
}

void CallLog::Finish(uint64_t id, int status) {
  absl::MutexLock lock(&mu_);
  if (id < first_id_ || id - first_id_ >= entries_.size()) return;  // gone
  entries_[id - first_id_].status = status;
}

Json CallLog::ToJson() const {
  absl::MutexLock lock(&mu_);
  Json out = Json::array();
  for (const CallEntry& entry : entries_) {
    Json item = Json::object();
    item["method"] = entry.method;
    item["path"] = entry.path;
    item["query"] = entry.query;
    item["time_ms"] = absl::ToUnixMillis(entry.time);
    item["time_us"] = absl::ToUnixMicros(entry.time);
    item["status"] = entry.status < 0 ? Json(nullptr) : Json(entry.status);
    item["records"] = entry.records;
    if (!entry.record_keys.empty()) item["record_keys"] = entry.record_keys;
    item["call_class"] = std::string(CallClassName(entry.call_class));
    out.push_back(std::move(item));
  }
  return out;
}

void CallLog::Clear() {
  absl::MutexLock lock(&mu_);
  // Ids keep growing, so a call in flight across a reset is not misfiled.
  first_id_ += entries_.size();
  entries_.clear();
}

}  // namespace gg::sandbox
