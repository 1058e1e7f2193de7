#include "gainsight/record_mapping.h"

#include <cstdlib>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/time/civil_time.h"
#include "absl/time/time.h"
#include "gainsight/json_value.h"
#include "google/protobuf/struct.pb.h"
#include "google/protobuf/timestamp.pb.h"
#include "google/type/date.pb.h"

namespace gg {
namespace {

using google::protobuf::FieldDescriptor;
using google::protobuf::Message;
using google::protobuf::Reflection;

const FieldDescriptor* MustFind(const google::protobuf::Descriptor* d,
                                const char* name) {
  const FieldDescriptor* field = d->FindFieldByName(name);
  if (field == nullptr) std::abort();  // a mapping table names a wrong field
  return field;
}

std::string FormatDate(const google::type::Date& date) {
  return absl::StrFormat("%04d-%02d-%02d", date.year(), date.month(),
                         date.day());
}

// A point in time from its JSON form, per `encoding`.
bool ParseInstant(const Json& value, DateEncoding encoding, absl::Time* out) {
  if (encoding == DateEncoding::kEpochMillis) {
    if (!value.is_number()) return false;
    *out = absl::FromUnixMillis(value.get<int64_t>());
    return true;
  }
  if (!value.is_string()) return false;
  const std::string& text = value.get_ref<const std::string&>();
  std::string err;
  if (absl::ParseTime(absl::RFC3339_full, text, out, &err)) return true;
  absl::CivilDay day;
  if (!absl::ParseCivilTime(text, &day)) return false;
  *out = absl::FromCivil(day, absl::UTCTimeZone());
  return true;
}

}  // namespace

RecordMapping::RecordMapping(const google::protobuf::Descriptor* descriptor,
                             std::vector<FieldMapping> fields,
                             DateEncoding dates)
    : descriptor_(descriptor),
      fields_(std::move(fields)),
      dates_(dates),
      gsid_(MustFind(descriptor, "gsid")),
      custom_fields_(MustFind(descriptor, "custom_fields")) {
  for (const FieldMapping& f : fields_) MustFind(descriptor, f.proto_name);
}

const FieldMapping* RecordMapping::Find(absl::string_view api_name) const {
  for (const FieldMapping& f : fields_) {
    if (api_name == f.api_name) return &f;
  }
  return nullptr;
}

std::vector<std::string> RecordMapping::DefaultSelect() const {
  std::vector<std::string> names = {"Gsid"};
  for (const FieldMapping& f : fields_) names.push_back(f.api_name);
  return names;
}

Json RecordMapping::ToRecord(const Message& message, bool include_gsid) const {
  const Reflection* r = message.GetReflection();
  Json record = Json::object();
  if (include_gsid && !r->GetString(message, gsid_).empty()) {
    record["Gsid"] = r->GetString(message, gsid_);
  }
  for (const FieldMapping& f : fields_) {
    if (f.output_only) continue;
    const FieldDescriptor* field = descriptor_->FindFieldByName(f.proto_name);
    if (!r->HasField(message, field)) continue;
    switch (f.kind) {
      case FieldKind::kString:
        record[f.api_name] = r->GetString(message, field);
        break;
      case FieldKind::kDouble:
        record[f.api_name] = r->GetDouble(message, field);
        break;
      case FieldKind::kInt64:
        record[f.api_name] = r->GetInt64(message, field);
        break;
      case FieldKind::kBool:
        record[f.api_name] = r->GetBool(message, field);
        break;
      case FieldKind::kDate:
        record[f.api_name] = FormatDate(static_cast<const google::type::Date&>(
            r->GetMessage(message, field)));
        break;
      case FieldKind::kTimestamp:
        break;  // output only
    }
  }
  if (r->HasField(message, custom_fields_)) {
    MergeStructInto(static_cast<const google::protobuf::Struct&>(
                        r->GetMessage(message, custom_fields_)),
                    record);
  }
  return record;
}

absl::Status RecordMapping::FromRow(const Json& row, Message* out,
                                    absl::TimeZone date_zone) const {
  if (!row.is_object()) {
    return absl::InternalError(
        "Gainsight returned a row that is not an object");
  }
  const Reflection* r = out->GetReflection();
  for (auto it = row.begin(); it != row.end(); ++it) {
    const std::string& key = it.key();
    const Json& value = it.value();
    if (key == "Gsid") {
      if (value.is_string()) r->SetString(out, gsid_, value.get<std::string>());
      continue;
    }
    const FieldMapping* f = Find(key);
    if (f == nullptr) {
      auto* custom = static_cast<google::protobuf::Struct*>(
          r->MutableMessage(out, custom_fields_));
      (*custom->mutable_fields())[key] = JsonToValue(value);
      continue;
    }
    if (value.is_null()) continue;
    const FieldDescriptor* field = descriptor_->FindFieldByName(f->proto_name);
    auto mismatch = [&] {
      return absl::InternalError(absl::StrCat(
          "Gainsight returned an unexpected type for field ", key));
    };
    switch (f->kind) {
      case FieldKind::kString:
        if (!value.is_string()) return mismatch();
        r->SetString(out, field, value.get<std::string>());
        break;
      case FieldKind::kDouble:
        if (!value.is_number()) return mismatch();
        r->SetDouble(out, field, value.get<double>());
        break;
      case FieldKind::kInt64:
        if (!value.is_number()) return mismatch();
        r->SetInt64(out, field, static_cast<int64_t>(value.get<double>()));
        break;
      case FieldKind::kBool:
        if (!value.is_boolean()) return mismatch();
        r->SetBool(out, field, value.get<bool>());
        break;
      case FieldKind::kDate: {
        absl::Time t;
        if (!ParseInstant(value, dates_, &t)) return mismatch();
        // ISO text names the day itself (parsed as UTC); epoch ms are the
        // tenant's midnight of the day.
        absl::CivilDay day = absl::ToCivilDay(
            t, dates_ == DateEncoding::kEpochMillis ? date_zone
                                                    : absl::UTCTimeZone());
        auto* date =
            static_cast<google::type::Date*>(r->MutableMessage(out, field));
        date->set_year(static_cast<int32_t>(day.year()));
        date->set_month(day.month());
        date->set_day(day.day());
        break;
      }
      case FieldKind::kTimestamp: {
        absl::Time t;
        if (!ParseInstant(value, dates_, &t)) return mismatch();
        const int64_t ms = absl::ToUnixMillis(t);
        auto* ts = static_cast<google::protobuf::Timestamp*>(
            r->MutableMessage(out, field));
        ts->set_seconds(ms / 1000 - (ms % 1000 < 0 ? 1 : 0));
        ts->set_nanos(
            static_cast<int32_t>(((ms % 1000) + 1000) % 1000 * 1000000));
        break;
      }
    }
  }
  return absl::OkStatus();
}

std::string RecordMapping::ErrorField(
    absl::string_view api_name,
    std::initializer_list<std::pair<const char*, const char*>> writes) const {
  for (const auto& [api, proto] : writes) {
    if (api_name == api) return proto;
  }
  if (api_name == "Gsid") return "gsid";
  if (const FieldMapping* f = Find(api_name)) return f->proto_name;
  return absl::StrCat("custom_fields.", api_name);
}

void FillMissingLabels(
    std::initializer_list<std::pair<const char*, const char*>> label_and_id,
    Message* message) {
  const google::protobuf::Descriptor* d = message->GetDescriptor();
  const Reflection* r = message->GetReflection();
  for (const auto& [label_name, id_name] : label_and_id) {
    const FieldDescriptor* label = MustFind(d, label_name);
    const FieldDescriptor* id = MustFind(d, id_name);
    const std::string gsid = r->GetString(*message, id);
    if (!r->HasField(*message, label) && !gsid.empty()) {
      r->SetString(message, label, gsid);
    }
  }
}

void SetNonEmpty(
    std::initializer_list<std::pair<const char*, const std::string*>> values,
    Json& record) {
  for (const auto& [key, value] : values) {
    if (!value->empty()) record[key] = *value;
  }
}

}  // namespace gg
