#include "sandbox/bulk_shapes.h"

#include <set>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"

namespace gg::sandbox {
namespace {

absl::Status OneOf(const Json& value, const char* key,
                   const std::vector<std::string>& allowed, std::string& out) {
  if (value.is_string()) {
    for (const std::string& a : allowed) {
      if (value.get<std::string>() == a) {
        out = a;
        return absl::OkStatus();
      }
    }
  }
  return absl::InvalidArgumentError(absl::StrCat(
      "\"", key, "\" must be one of ", absl::StrJoin(allowed, ", ")));
}

}  // namespace

Json BulkShapesJson(const BulkShapes& s) {
  Json out = Json::object();
  out["url_form"] = s.url_form;
  out["url_layout"] = s.url_layout;
  out["status_url_key"] = s.status_url_key;
  out["chunk_url_key"] = s.chunk_url_key;
  out["export_auth"] = s.export_auth;
  out["export_status_reads"] = s.export_status_reads;
  out["async_counts"] = s.async_counts;
  out["async_stuck"] = s.async_stuck;
  out["async_state"] = s.async_state;
  return out;
}

absl::Status ApplyBulkShapes(const Json& body, BulkShapes& shapes) {
  if (!body.is_object()) {
    return absl::InvalidArgumentError("the body must be a JSON object");
  }
  BulkShapes s = shapes;
  for (const auto& [key, value] : body.items()) {
    absl::Status status;
    if (key == "url_form") {
      status = OneOf(value, "url_form", {"relative", "absolute", "foreign"},
                     s.url_form);
    } else if (key == "url_layout") {
      status = OneOf(value, "url_layout",
                     {"status-first", "job-first", "opaque"}, s.url_layout);
    } else if (key == "status_url_key") {
      status = OneOf(value, "status_url_key", {"statusURL", "statusUrl"},
                     s.status_url_key);
    } else if (key == "chunk_url_key") {
      status = OneOf(value, "chunk_url_key", {"chunkURL", "chunkUrl"},
                     s.chunk_url_key);
    } else if (key == "export_auth") {
      status = OneOf(value, "export_auth",
                     {"either", "accesskey", "authentication"}, s.export_auth);
    } else if (key == "export_status_reads") {
      if (!value.is_number_integer() || value.get<int64_t>() < 1 ||
          value.get<int64_t>() > 1000) {
        status = absl::InvalidArgumentError(
            "\"export_status_reads\" must be an integer from 1 to 1000");
      } else {
        s.export_status_reads = value.get<int>();
      }
    } else if (key == "async_counts") {
      status = OneOf(value, "async_counts", {"split", "count"}, s.async_counts);
    } else if (key == "async_stuck") {
      if (!value.is_boolean()) {
        status = absl::InvalidArgumentError(
            "\"async_stuck\" must be true "
            "or false");
      } else {
        s.async_stuck = value.get<bool>();
      }
    } else if (key == "async_state") {
      if (!value.is_string() || value.get<std::string>().size() > 64) {
        status = absl::InvalidArgumentError(
            "\"async_state\" must be a string of at most 64 characters");
      } else {
        s.async_state = value.get<std::string>();
      }
    } else {
      status =
          absl::InvalidArgumentError(absl::StrCat("unknown key \"", key, "\""));
    }
    if (!status.ok()) return status;
  }
  shapes = s;
  return absl::OkStatus();
}

}  // namespace gg::sandbox
