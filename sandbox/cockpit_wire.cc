#include "sandbox/cockpit_wire.h"

#include <utility>

#include "absl/strings/str_cat.h"
#include "absl/time/time.h"
#include "sandbox/envelope.h"
#include "sandbox/error_codes.h"

namespace gg::sandbox {
namespace {

constexpr size_t kMaxRequests = 50;

}  // namespace

std::optional<HttpResponse> ParseWriteRequests(
    const Json& body, std::vector<const Json*>* records) {
  auto requests = body.is_object() ? body.find("requests") : body.end();
  if (!body.is_object() || requests == body.end() || !requests->is_array() ||
      requests->empty() || requests->size() > kMaxRequests) {
    return BadRequestResponse(
        codes::kValidation,
        "requests must be an array of 1 to 50 {\"record\": {...}}");
  }
  for (const Json& r : *requests) {
    auto record = r.is_object() ? r.find("record") : r.end();
    if (!r.is_object() || record == r.end() || !record->is_object()) {
      return BadRequestResponse(codes::kValidation,
                                "each request must be {\"record\": {...}}");
    }
    records->push_back(&*record);
  }
  return std::nullopt;
}

Json ReferenceIdOf(const Json& record, size_t index) {
  auto it = record.find("referenceId");
  return it != record.end() ? *it : Json(std::to_string(index));
}

Json RecordResultJson(const Json& reference, const RecordOutcome& outcome) {
  Json out = {{"referenceId", reference}};
  if (outcome.ok()) {
    out["success"] = true;
    out["Gsid"] = outcome.gsid;
  } else {
    out["success"] = false;
    out["fieldName"] = outcome.field;
    out["errorCode"] = outcome.code;
    out["errorDesc"] = outcome.desc;
  }
  return out;
}

HttpResponse CockpitWriteResponse(
    const std::vector<std::pair<Json, RecordOutcome>>& outcomes,
    CockpitAnswerShape shape) {
  Json data;
  switch (shape) {
    case CockpitAnswerShape::kArray:
      data = Json::array();
      for (const auto& [reference, outcome] : outcomes) {
        data.push_back(RecordResultJson(reference, outcome));
      }
      break;
    case CockpitAnswerShape::kOpaque:
      data = Json::object();
      break;
    case CockpitAnswerShape::kSuccessFailure: {
      Json success = Json::array();
      Json failure = Json::array();
      for (const auto& [reference, outcome] : outcomes) {
        const std::string key = reference.is_string()
                                    ? reference.get<std::string>()
                                    : DumpJson(reference);
        if (outcome.ok()) {
          Json entry = Json::object();
          entry[key] = outcome.gsid;
          success.push_back(std::move(entry));
        } else {
          // "<CODE>: <text> (<field>)": the field in the text, as Gainsight's
          // messages name it.
          const bool named =
              outcome.field.empty() ||
              outcome.desc.find(outcome.field) != std::string::npos;
          Json entry = Json::object();
          entry[key] =
              absl::StrCat(outcome.code, ": ", outcome.desc,
                           named ? "" : absl::StrCat(" (", outcome.field, ")"));
          failure.push_back(std::move(entry));
        }
      }
      data = {{"success", std::move(success)}, {"failure", std::move(failure)}};
      break;
    }
  }
  return SuccessResponse(std::move(data));
}

std::string FormatCockpitDate(int64_t epoch_ms) {
  return absl::FormatTime("%Y-%m-%d", absl::FromUnixMillis(epoch_ms),
                          absl::UTCTimeZone());
}

std::string FormatCockpitInstant(int64_t epoch_ms) {
  return absl::FormatTime("%Y-%m-%dT%H:%M:%E3SZ",
                          absl::FromUnixMillis(epoch_ms), absl::UTCTimeZone());
}

Json CockpitValue(const FieldDef& field, const Value& value) {
  if (IsNull(value)) return nullptr;
  if (const auto* ms = std::get_if<int64_t>(&value)) {
    return field.type == FieldType::kDate ? FormatCockpitDate(*ms)
                                          : FormatCockpitInstant(*ms);
  }
  if (const auto* b = std::get_if<bool>(&value)) return *b;
  if (const auto* d = std::get_if<double>(&value)) {
    if (*d == static_cast<double>(static_cast<int64_t>(*d))) {
      return static_cast<int64_t>(*d);
    }
    return *d;
  }
  return std::get<std::string>(value);
}

std::optional<HttpResponse> ParseCockpitList(
    const Json& body, const ObjectDef& object, int64_t max_page_size,
    absl::FunctionRef<std::optional<std::string>(const std::string&)> canonical,
    CockpitListRequest* out) {
  if (!body.is_object()) {
    return BadRequestResponse(codes::kValidation,
                              "The request body must be an object");
  }
  auto s = body.find("select");
  if (s != body.end() && !s->is_null()) {
    if (!s->is_array()) {
      return BadRequestResponse(codes::kValidation, "select must be an array");
    }
    for (const Json& name : *s) {
      std::optional<std::string> key =
          name.is_string() ? canonical(name.get<std::string>()) : std::nullopt;
      if (!key) {
        return ErrorResponse(
            BadRequest(codes::kInvalidSelect,
                       absl::StrCat("Invalid fields in select clause - ",
                                    name.is_string() ? name.get<std::string>()
                                                     : std::string("?"))),
            Json::object());
      }
      out->select.push_back(*std::move(key));
    }
  }
  for (auto [key, value] :
       {std::pair<const char*, int64_t*>{"pageSize", &out->page_size},
        {"pageNumber", &out->page_number}}) {
    auto it = body.find(key);
    if (it == body.end() || it->is_null()) continue;
    if (!it->is_number_integer() || it->get<int64_t>() < 1) {
      return BadRequestResponse(
          codes::kValidation, absl::StrCat(key, " must be a positive integer"));
    }
    *value = it->get<int64_t>();
  }
  if (out->page_size > max_page_size) {
    return BadRequestResponse(
        codes::kValidation,
        absl::StrCat("pageSize must be at most ", max_page_size));
  }
  // The where, in the query language's form ("name" for "fieldName").
  Json query = {{"select", Json::array({"Gsid"})}};
  auto where = body.find("where");
  if (where != body.end() && !where->is_null()) {
    Json w = *where;
    if (!w.is_object()) {
      return BadRequestResponse(codes::kValidation, "where must be an object");
    }
    auto conditions = w.find("conditions");
    if (conditions != w.end() && conditions->is_array()) {
      for (Json& c : *conditions) {
        if (c.is_object() && c.contains("fieldName")) {
          c["name"] = c["fieldName"];
          c.erase("fieldName");
        }
      }
    }
    query["where"] = std::move(w);
  }
  if (auto error = ParseQuery(object, query, &out->where)) {
    return ErrorResponse(*error);
  }
  return std::nullopt;
}

std::vector<Row> CockpitPage(const Store& store, const ObjectDef& object,
                             const CockpitListRequest& request) {
  int64_t skip = (request.page_number - 1) * request.page_size;
  std::vector<Row> found;
  store.Scan(object, [&](const std::vector<const Row*>& rows) {
    for (const Row* row : rows) {
      if (!RowMatches(request.where, *row)) continue;
      if (skip > 0) {
        --skip;
        continue;
      }
      if (static_cast<int64_t>(found.size()) >= request.page_size) break;
      found.push_back(*row);
    }
  });
  return found;
}

HttpResponse CockpitListResponse(Json rows, const CockpitListRequest& request,
                                 bool deleted) {
  Json envelope = SuccessEnvelope(std::move(rows));
  if (deleted) {
    envelope["pageSize"] = request.page_size;
    envelope["currentPageNum"] = request.page_number;
  }
  HttpResponse response;
  response.status = 200;
  response.body = DumpJson(envelope);
  return response;
}

std::optional<Row> FindByGsid(const Store& store, const ObjectDef& object,
                              absl::string_view gsid) {
  std::optional<Row> found;
  store.Scan(object, [&](const std::vector<const Row*>& rows) {
    for (const Row* row : rows) {
      const std::string* g = StringAt(*row, object.gsid_field());
      if (g != nullptr && *g == gsid) {
        found = *row;
        return;
      }
    }
  });
  return found;
}

}  // namespace gg::sandbox
