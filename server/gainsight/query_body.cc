#include "gainsight/query_body.h"

#include <algorithm>

#include "absl/status/status.h"
#include "absl/strings/match.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "common/status_details.h"
#include "gainsight/json_value.h"

namespace gg {

absl::string_view OperatorName(gainsight::v1::Operator op) {
  using gainsight::v1::Operator;
  switch (op) {
    case gainsight::v1::OPERATOR_EQ:
      return "EQ";
    case gainsight::v1::OPERATOR_NE:
      return "NE";
    case gainsight::v1::OPERATOR_LT:
      return "LT";
    case gainsight::v1::OPERATOR_LTE:
      return "LTE";
    case gainsight::v1::OPERATOR_GT:
      return "GT";
    case gainsight::v1::OPERATOR_GTE:
      return "GTE";
    case gainsight::v1::OPERATOR_BTW:
      return "BTW";
    case gainsight::v1::OPERATOR_IN:
      return "IN";
    case gainsight::v1::OPERATOR_NOT_IN:
      return "NOT_IN";
    case gainsight::v1::OPERATOR_CONTAINS:
      return "CONTAINS";
    // [DOC-copy] Gainsight's spelling.
    case gainsight::v1::OPERATOR_DOES_NOT_CONTAIN:
      return "DOES_NOT_CONTAINS";
    case gainsight::v1::OPERATOR_STARTS_WITH:
      return "STARTS_WITH";
    case gainsight::v1::OPERATOR_ENDS_WITH:
      return "ENDS_WITH";
    case gainsight::v1::OPERATOR_IS_NULL:
      return "IS_NULL";
    case gainsight::v1::OPERATOR_IS_NOT_NULL:
      return "IS_NOT_NULL";
    case gainsight::v1::OPERATOR_INCLUDES:
      return "INCLUDES";
    case gainsight::v1::OPERATOR_EXCLUDES:
      return "EXCLUDES";
    default:
      return "";
  }
}

std::string DefaultAlias(int index) {
  std::string alias;
  int n = index + 1;
  while (n > 0) {
    int rem = (n - 1) % 26;
    alias.insert(alias.begin(), static_cast<char>('A' + rem));
    n = (n - 1) / 26;
  }
  return alias;
}

Json BuildQueryBody(const QuerySpec& spec) {
  Json body = Json::object();
  body["select"] = spec.select;
  if (spec.filter.conditions_size() > 0) {
    Json conditions = Json::array();
    std::vector<std::string> aliases;
    for (int i = 0; i < spec.filter.conditions_size(); ++i) {
      const gainsight::v1::Condition& c = spec.filter.conditions(i);
      std::string alias = c.alias().empty() ? DefaultAlias(i) : c.alias();
      Json values = Json::array();
      for (const auto& v : c.values()) values.push_back(ValueToJson(v));
      Json condition = Json::object();
      condition["name"] = c.field();
      condition["alias"] = alias;
      condition["value"] = std::move(values);
      condition["operator"] = std::string(OperatorName(c.operator_()));
      conditions.push_back(std::move(condition));
      aliases.push_back(std::move(alias));
    }
    Json where = Json::object();
    where["conditions"] = std::move(conditions);
    where["expression"] = spec.filter.expression().empty()
                              ? absl::StrJoin(aliases, " AND ")
                              : spec.filter.expression();
    body["where"] = std::move(where);
  }
  if (!spec.order_by.empty()) {
    Json order = Json::object();  // key order is sort priority
    for (const gainsight::v1::OrderBy& o : spec.order_by) {
      order[o.field()] =
          o.direction() == gainsight::v1::SORT_DIRECTION_DESCENDING ? "desc"
                                                                    : "asc";
    }
    body["orderBy"] = std::move(order);
  }
  body["limit"] = spec.limit;
  body["offset"] = spec.offset;
  return body;
}

absl::StatusOr<std::vector<Json>> ParseQueryRows(const Json& data) {
  const Json* rows = nullptr;
  if (data.is_array()) {
    rows = &data;
  } else if (data.is_object()) {
    auto it = data.find("records");
    if (it != data.end() && it->is_array()) rows = &*it;
  } else if (data.is_null()) {
    return std::vector<Json>{};
  }
  if (rows == nullptr) {
    return absl::InternalError(
        "Gainsight query answer has neither data.records nor a data array");
  }
  return std::vector<Json>(rows->begin(), rows->end());
}

Json BuildCockpitListBody(const std::vector<std::string>& select,
                          const gainsight::v1::Filter& filter, int page_size,
                          int64_t page_number) {
  QuerySpec spec;
  spec.select = select;
  spec.filter = filter;
  Json query = BuildQueryBody(spec);
  Json body = Json::object();
  body["select"] = query["select"];
  if (query.contains("where")) {
    Json where = query["where"];
    for (Json& c : where["conditions"]) {
      c["fieldName"] = c["name"];
      c.erase("name");
    }
    body["where"] = std::move(where);
  }
  body["pageSize"] = page_size;
  body["pageNumber"] = page_number;
  return body;
}

gainsight::v1::Filter GsidFilter(const std::vector<std::string>& gsids) {
  gainsight::v1::Filter filter;
  auto* c = filter.add_conditions();
  c->set_field(kGsidField);
  c->set_operator_(gsids.size() == 1 ? gainsight::v1::OPERATOR_EQ
                                     : gainsight::v1::OPERATOR_IN);
  for (const std::string& gsid : gsids) c->add_values()->set_string_value(gsid);
  return filter;
}

std::string GsidOf(const Json& row) {
  if (!row.is_object()) return "";
  auto it = row.find(kGsidField);
  return it != row.end() && it->is_string() ? it->get<std::string>() : "";
}

std::optional<absl::Time> ModifiedTimeOf(const Json& row) {
  if (!row.is_object()) return std::nullopt;
  auto it = row.find(kModifiedDateField);
  if (it == row.end()) return std::nullopt;
  if (it->is_number()) return absl::FromUnixMillis(it->get<int64_t>());
  if (!it->is_string()) return std::nullopt;
  absl::Time t;
  std::string error;
  if (absl::ParseTime(absl::RFC3339_full, it->get<std::string>(), &t, &error)) {
    return t;
  }
  return std::nullopt;
}

std::vector<std::string> SelectFieldsRefused(
    const absl::Status& status, const std::vector<std::string>& select) {
  std::vector<std::string> refused;
  google::rpc::ErrorInfo info;
  if (!GetErrorInfo(status, &info)) return refused;
  auto code = info.metadata().find("gainsight_error_code");
  if (code == info.metadata().end() || code->second != "COCKPIT_5101") {
    return refused;
  }
  constexpr absl::string_view kLead = "select clause - ";
  const absl::string_view message = status.message();
  const size_t at = message.find(kLead);
  if (at == absl::string_view::npos) return refused;
  for (absl::string_view name :
       absl::StrSplit(message.substr(at + kLead.size()), absl::ByAnyChar(", "),
                      absl::SkipEmpty())) {
    for (const std::string& s : select) {
      if (absl::EqualsIgnoreCase(s, name) &&
          std::find(refused.begin(), refused.end(), s) == refused.end()) {
        refused.push_back(s);
      }
    }
  }
  return refused;
}

}  // namespace gg
