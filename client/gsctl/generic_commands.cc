#include "generic_commands.h"

#include <algorithm>
#include <memory>
#include <utility>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "columns.h"
#include "exit_codes.h"
#include "gainsight/v1/common.pb.h"
#include "gainsight/v1/metadata.grpc.pb.h"
#include "gainsight_client/pager.h"
#include "gainsight_client/request_id.h"
#include "gainsight_client/status_details.h"
#include "google/protobuf/struct.pb.h"
#include "records.h"
#include "request_fields.h"

namespace gsctl {
namespace {

using google::protobuf::FieldDescriptor;
using google::protobuf::Message;

// The gateway takes at most this many records per write request.
constexpr int kMaxRecordsPerRequest = 5000;

std::vector<std::string> WithCommon(std::vector<std::string> flags,
                                    std::vector<std::string> extra) {
  flags.insert(flags.end(), extra.begin(), extra.end());
  return flags;
}

// The repeated message field holding a page's items.
const FieldDescriptor* ItemsField(const Message& response) {
  const FieldDescriptor* first = nullptr;
  for (int i = 0; i < response.GetDescriptor()->field_count(); ++i) {
    const FieldDescriptor* f = response.GetDescriptor()->field(i);
    if (!f->is_repeated() || f->message_type() == nullptr) continue;
    if (first == nullptr) first = f;
    if (response.GetReflection()->FieldSize(response, f) > 0) return f;
  }
  return first;
}

absl::Status ApplyQueryFlags(const Env& env, const QuerySpec& spec,
                             Message* request) {
  if (spec.select) AddStrings(request, "select", env.args.List("select"));
  if (spec.object) SetString(request, "object_name", env.args.Get("object"));
  if (spec.filter && env.args.Has("where")) {
    gainsight::v1::Filter filter;
    for (const std::string& text : env.args.flags.at("where")) {
      absl::StatusOr<gainsight::v1::Condition> c = ParseCondition(text);
      if (!c.ok()) return c.status();
      *filter.add_conditions() = *c;
    }
    filter.set_expression(env.args.Get("expression"));
    const FieldDescriptor* f =
        request->GetDescriptor()->FindFieldByName("filter");
    request->GetReflection()->MutableMessage(request, f)->CopyFrom(filter);
  }
  if (spec.order) {
    const FieldDescriptor* f =
        request->GetDescriptor()->FindFieldByName("order_by");
    for (const std::string& text : env.args.List("order-by")) {
      absl::StatusOr<gainsight::v1::OrderBy> o = ParseOrderBy(text);
      if (!o.ok()) return o.status();
      request->GetReflection()->AddMessage(request, f)->CopyFrom(*o);
    }
  }
  if (env.args.Has("page-size")) {
    if (absl::Status s = SetInt32(request, "page_size",
                                  env.args.Get("page-size"), "page-size");
        !s.ok()) {
      return s;
    }
  }
  if (env.args.Has("page-token")) {
    SetString(request, "page_token", env.args.Get("page-token"));
  }
  if (spec.tweak) return spec.tweak(env, request);
  return absl::OkStatus();
}

// "line 7 (record 5)" for a record read from a CSV file, else "record 5".
std::string RecordName(const Env& env, int64_t index) {
  if (index >= 0 && static_cast<size_t>(index) < env.record_lines.size()) {
    return absl::StrCat("line ", env.record_lines[index], " (record ", index,
                        ")");
  }
  return absl::StrCat("record ", index);
}

// Reads `object`'s metadata to type CSV text values.
absl::StatusOr<gainsight::v1::ObjectMetadata> Describe(
    Env& env, const std::string& object) {
  gainsight::v1::MetadataService::Stub stub(env.channel);
  gainsight::v1::DescribeObjectRequest request;
  request.set_object_name(object);
  gainsight::v1::DescribeObjectResponse response;
  grpc::Status status =
      stub.DescribeObject(env.Context().get(), request, &response);
  if (!status.ok()) return gainsight_client::ToAbslStatus(status);
  return response.object();
}

// Sends the records of `request` (in `field`) kMaxRecordsPerRequest at a
// time and prints the results of all, indexed as in the file. A failed call
// stops: the results so far are printed, then the error.
// Inserts and creates: the writes a retry could repeat.
bool IsCreate(const Message& request) {
  const std::string& name = request.GetDescriptor()->name();
  return absl::StartsWith(name, "Insert") || absl::StartsWith(name, "Create");
}

int CallInChunks(Env& env, const Rpc& rpc, const Message& request,
                 const FieldDescriptor* field) {
  const google::protobuf::Reflection* r = request.GetReflection();
  const int total = r->FieldSize(request, field);
  const FieldDescriptor* request_id_field =
      request.GetDescriptor()->FindFieldByName("request_id");
  const std::string request_id = request_id_field == nullptr
                                     ? ""
                                     : r->GetString(request, request_id_field);
  std::unique_ptr<Message> merged(rpc.response->New());
  const FieldDescriptor* results =
      merged->GetDescriptor()->FindFieldByName("results");
  for (int offset = 0; offset == 0 || offset < total;
       offset += kMaxRecordsPerRequest) {
    std::unique_ptr<Message> chunk(request.New());
    chunk->CopyFrom(request);
    if (total > kMaxRecordsPerRequest) {
      chunk->GetReflection()->ClearField(chunk.get(), field);
      for (int i = offset; i < total && i < offset + kMaxRecordsPerRequest;
           ++i) {
        chunk->GetReflection()
            ->AddMessage(chunk.get(), field)
            ->CopyFrom(r->GetRepeatedMessage(request, field, i));
      }
      // Each chunk is a request of its own: an id of its own, the same on
      // every run with this --request-id and file.
      if (!request_id.empty()) {
        chunk->GetReflection()->SetString(
            chunk.get(), request_id_field,
            absl::StrCat(request_id, ".", offset / kMaxRecordsPerRequest));
      }
    }
    std::unique_ptr<Message> response(rpc.response->New());
    std::unique_ptr<grpc::ClientContext> context = env.Context();
    grpc::Status status =
        rpc.call(env.channel, context.get(), *chunk, response.get());
    if (!status.ok()) {
      if (offset > 0) PrintResults(env, *merged);
      *env.err << (offset > 0 ? absl::StrCat("records from ", offset, ": ")
                              : std::string());
      PrintRpcError(status, *env.err);
      if (!request_id.empty()) {
        // Running the command again with it writes nothing twice.
        *env.err << "request id: " << request_id << "\n";
      }
      return ExitCodeForRpc(status.error_code());
    }
    for (int i = 0;
         i < response->GetReflection()->FieldSize(*response, results); ++i) {
      auto* result = static_cast<gainsight::v1::RecordResult*>(
          response->GetReflection()->MutableRepeatedMessage(response.get(),
                                                            results, i));
      result->set_index(result->index() + offset);
    }
    merged->MergeFrom(*response);
  }
  return PrintResults(env, *merged);
}

int RunWrite(Env& env, const Rpc& rpc, const WriteSpec& spec) {
  if (!env.args.Has("file")) return UsageError(env, "--file is required");
  if (spec.object && env.args.Get("object").empty()) {
    return UsageError(env, "--object is required");
  }
  absl::StatusOr<Records> records =
      ReadRecords(env.args.Get("file"), env.args.Get("format"));
  if (!records.ok()) {
    return UsageError(env, std::string(records.status().message()));
  }
  std::unique_ptr<Message> request(rpc.request->New());
  const FieldDescriptor* field =
      request->GetDescriptor()->FindFieldByName(spec.records_field);
  const bool struct_records =
      field->message_type()->full_name() == "google.protobuf.Struct";
  const google::protobuf::Descriptor* typed = field->message_type();
  // Columns that are no typed field must be fields of the object: a typo
  // would otherwise reach Gainsight (or custom_fields) and fail every
  // record. Typed-only files need no describe.
  const std::string described =
      struct_records ? env.args.Get("object") : spec.described_object;
  const bool check_columns =
      records->from_csv && !described.empty() &&
      std::any_of(records->columns.begin(), records->columns.end(),
                  [&](const std::string& column) {
                    return struct_records ||
                           FindFieldLoose(typed, column) == nullptr;
                  });
  env.record_lines = records->lines;
  for (size_t i = 0; !struct_records && i < records->records.size(); ++i) {
    Message* item = request->GetReflection()->AddMessage(request.get(), field);
    absl::Status filled =
        FillMessage(records->records[i], records->from_csv, item);
    if (!filled.ok()) {
      return UsageError(
          env, absl::StrCat(RecordName(env, i), ": ", filled.message()));
    }
  }
  if (check_columns) {
    absl::StatusOr<gainsight::v1::ObjectMetadata> object =
        Describe(env, described);
    if (!object.ok()) {
      PrintRpcError(
          grpc::Status(static_cast<grpc::StatusCode>(object.status().code()),
                       std::string(object.status().message())),
          *env.err);
      return ExitCodeForRpc(static_cast<int>(object.status().code()));
    }
    absl::Status columns =
        CheckColumns(records->columns, *object, [&](const std::string& column) {
          return !struct_records && FindFieldLoose(typed, column) != nullptr;
        });
    if (!columns.ok()) {
      return UsageError(
          env, absl::StrCat(env.args.Get("file"), ": ", columns.message()));
    }
    if (struct_records) {
      for (auto& record : records->records) TypeByMetadata(*object, &record);
    }
  }
  for (size_t i = 0; struct_records && i < records->records.size(); ++i) {
    request->GetReflection()
        ->AddMessage(request.get(), field)
        ->CopyFrom(records->records[i]);
  }
  if (spec.keys) AddStrings(request.get(), "keys", env.args.List("keys"));
  if (spec.object) {
    SetString(request.get(), "object_name", env.args.Get("object"));
  }
  if (env.args.Has("request-id")) {
    SetString(request.get(), "request_id", env.args.Get("request-id"));
  } else if (IsCreate(*request)) {
    // A create retried (service config) or run again with this id is
    // written once.
    SetString(request.get(), "request_id", gainsight_client::NewRequestId());
  }
  if (spec.tweak) {
    if (absl::Status s = spec.tweak(env, request.get()); !s.ok()) {
      return UsageError(env, std::string(s.message()));
    }
  }
  return CallInChunks(env, rpc, *request, field);
}

int RunQuery(Env& env, const Rpc& rpc, const QuerySpec& spec) {
  if (spec.object && env.args.Get("object").empty()) {
    return UsageError(env, "--object is required");
  }
  std::unique_ptr<Message> request(rpc.request->New());
  if (absl::Status s = ApplyQueryFlags(env, spec, request.get()); !s.ok()) {
    return UsageError(env, std::string(s.message()));
  }
  std::unique_ptr<Message> merged(rpc.response->New());
  if (env.args.Has("all")) {
    std::shared_ptr<grpc::Channel> channel = env.channel;
    gainsight_client::Pager<Message, Message> pages(
        [&rpc, channel](grpc::ClientContext* context, const Message& r,
                        Message* page) {
          return rpc.call(channel, context, r, page);
        },
        *request, gainsight_client::ContextsFor(env.options));
    std::unique_ptr<Message> page(rpc.response->New());
    while (true) {
      page->Clear();
      absl::StatusOr<bool> more = pages.Next(page.get());
      if (!more.ok()) {
        grpc::Status status(static_cast<grpc::StatusCode>(more.status().code()),
                            std::string(more.status().message()));
        *env.err << "page " << pages.pages() + 1 << ": ";
        PrintRpcError(status, *env.err);
        return ExitCodeForRpc(static_cast<int>(more.status().code()));
      }
      if (!*more) break;
      merged->MergeFrom(*page);
    }
    SetString(merged.get(), "next_page_token", "");
  } else if (int code = CallRpc(env, rpc, *request, merged.get());
             code != kExitOk) {
    return code;
  }
  if (env.format == OutputFormat::kJson) {
    PrintJson(*merged, *env.out);
    return kExitOk;
  }
  PrintItems(
      *merged, *env.out,
      spec.select ? env.args.List("select") : std::vector<std::string>{});
  const FieldDescriptor* items = ItemsField(*merged);
  int count = items ? merged->GetReflection()->FieldSize(*merged, items) : 0;
  std::string token = merged->GetReflection()->GetString(
      *merged, merged->GetDescriptor()->FindFieldByName("next_page_token"));
  *env.err << count << (count == 1 ? " record" : " records");
  if (!token.empty()) *env.err << "; next page: --page-token " << token;
  *env.err << "\n";
  return kExitOk;
}

// The single message field of a Get response.
const Message* Item(const Message& response) {
  for (int i = 0; i < response.GetDescriptor()->field_count(); ++i) {
    const FieldDescriptor* f = response.GetDescriptor()->field(i);
    if (!f->is_repeated() && f->message_type() != nullptr) {
      return &response.GetReflection()->GetMessage(response, f);
    }
  }
  return &response;
}

}  // namespace

int UsageError(Env& env, const std::string& message) {
  *env.err << "gsctl: " << message << "\n";
  return kExitUsage;
}

int CallRpc(Env& env, const Rpc& rpc, const Message& request,
            Message* response) {
  std::unique_ptr<grpc::ClientContext> context = env.Context();
  grpc::Status status = rpc.call(env.channel, context.get(), request, response);
  if (status.ok()) return kExitOk;
  PrintRpcError(status, *env.err);
  return ExitCodeForRpc(status.error_code());
}

int PrintResults(Env& env, const Message& response) {
  const auto* field = response.GetDescriptor()->FindFieldByName("results");
  int n = response.GetReflection()->FieldSize(response, field);
  std::vector<const Message*> rows;
  int inserted = 0, updated = 0, deleted = 0, failed = 0;
  for (int i = 0; i < n; ++i) {
    const auto& result = static_cast<const gainsight::v1::RecordResult&>(
        response.GetReflection()->GetRepeatedMessage(response, field, i));
    rows.push_back(&result);
    if (result.has_error()) {
      ++failed;
      *env.err << RecordName(env, result.index()) << ": "
               << gainsight_client::CodeName(result.error().code()) << ": "
               << result.error().message() << "\n";
      for (const std::string& line : gainsight_client::DescribeDetails(
               gainsight_client::ParseDetails(result.error()))) {
        *env.err << "  " << line << "\n";
      }
    }
    if (result.action() == gainsight::v1::WRITE_ACTION_INSERTED) ++inserted;
    if (result.action() == gainsight::v1::WRITE_ACTION_UPDATED) ++updated;
    if (result.action() == gainsight::v1::WRITE_ACTION_DELETED) ++deleted;
  }
  if (env.format == OutputFormat::kJson) {
    PrintJson(response, *env.out);
  } else {
    PrintTable(rows, *env.out, {"index", "gsid", "action", "error"});
  }
  *env.err << n << " records: " << inserted << " inserted, " << updated
           << " updated, " << deleted << " deleted, " << failed << " failed\n";
  return failed > 0 ? kExitSomeRecordsFailed : kExitOk;
}

void PrintItems(const Message& response, std::ostream& out,
                const std::vector<std::string>& columns) {
  const FieldDescriptor* items = ItemsField(response);
  if (items == nullptr) return;
  std::vector<const Message*> rows;
  int n = response.GetReflection()->FieldSize(response, items);
  for (int i = 0; i < n; ++i) {
    rows.push_back(
        &response.GetReflection()->GetRepeatedMessage(response, items, i));
  }
  PrintTable(rows, out, columns);
}

WriteSpec WriteOf(std::string records_field, bool keys, bool object) {
  WriteSpec spec;
  spec.records_field = std::move(records_field);
  spec.keys = keys;
  spec.object = object;
  return spec;
}

Command WriteCommand(std::string group, std::string name, std::string summary,
                     Rpc rpc, WriteSpec spec) {
  std::vector<std::string> flags = {"file", "format", "request-id"};
  if (spec.keys) flags.push_back("keys");
  if (spec.object) flags.push_back("object");
  flags = WithCommon(flags, spec.flags);
  return Command{std::move(group),
                 std::move(name),
                 "",
                 std::move(summary),
                 flags,
                 [rpc, spec](Env& env) { return RunWrite(env, rpc, spec); }};
}

Command QueryCommand(std::string group, std::string name, std::string summary,
                     Rpc rpc, QuerySpec spec) {
  std::vector<std::string> flags = {"page-size", "page-token", "all"};
  if (spec.select) flags.push_back("select");
  if (spec.filter) {
    flags.push_back("where");
    flags.push_back("expression");
  }
  if (spec.order) flags.push_back("order-by");
  if (spec.object) flags.push_back("object");
  flags = WithCommon(flags, spec.flags);
  return Command{std::move(group),
                 std::move(name),
                 "",
                 std::move(summary),
                 flags,
                 [rpc, spec](Env& env) { return RunQuery(env, rpc, spec); }};
}

Command GetCommand(std::string group, std::string summary, Rpc rpc, Tweak tweak,
                   std::vector<std::string> flags) {
  flags.push_back("select");
  return Command{std::move(group),
                 "get",
                 "ID",
                 std::move(summary),
                 flags,
                 [rpc, tweak](Env& env) {
                   if (env.args.words.size() != 1) {
                     return UsageError(env, "get takes one ID");
                   }
                   std::unique_ptr<Message> request(rpc.request->New());
                   if (tweak) {
                     if (absl::Status s = tweak(env, request.get()); !s.ok()) {
                       return UsageError(env, std::string(s.message()));
                     }
                   } else {
                     SetString(request.get(), "gsid", env.args.words[0]);
                   }
                   if (HasField(*request, "extra_fields")) {
                     AddStrings(request.get(), "extra_fields",
                                env.args.List("select"));
                   }
                   std::unique_ptr<Message> response(rpc.response->New());
                   if (int code = CallRpc(env, rpc, *request, response.get());
                       code != kExitOk) {
                     return code;
                   }
                   if (env.format == OutputFormat::kJson) {
                     PrintJson(*response, *env.out);
                   } else {
                     PrintRecord(*Item(*response), *env.out);
                   }
                   return kExitOk;
                 }};
}

Command DeleteCommand(std::string group, std::string summary, Rpc rpc,
                      Tweak tweak, std::vector<std::string> flags) {
  flags.push_back("request-id");
  return Command{std::move(group),
                 "delete",
                 "ID...",
                 std::move(summary),
                 flags,
                 [rpc, tweak](Env& env) {
                   if (env.args.words.empty()) {
                     return UsageError(env, "delete takes one or more IDs");
                   }
                   std::unique_ptr<Message> request(rpc.request->New());
                   absl::Status s = absl::OkStatus();
                   if (tweak) {
                     s = tweak(env, request.get());
                   } else {
                     AddStrings(request.get(), "gsids", env.args.words);
                   }
                   if (!s.ok())
                     return UsageError(env, std::string(s.message()));
                   if (env.args.Has("request-id")) {
                     SetString(request.get(), "request_id",
                               env.args.Get("request-id"));
                   }
                   std::unique_ptr<Message> response(rpc.response->New());
                   if (int code = CallRpc(env, rpc, *request, response.get());
                       code != kExitOk) {
                     return code;
                   }
                   return PrintResults(env, *response);
                 }};
}

Command ShowCommand(std::string group, std::string name, std::string operands,
                    std::string summary, Rpc rpc, Tweak tweak,
                    std::vector<std::string> flags, TablePrinter table) {
  return Command{std::move(group),
                 std::move(name),
                 std::move(operands),
                 std::move(summary),
                 std::move(flags),
                 [rpc, tweak, table](Env& env) {
                   std::unique_ptr<Message> request(rpc.request->New());
                   if (tweak) {
                     if (absl::Status s = tweak(env, request.get()); !s.ok()) {
                       return UsageError(env, std::string(s.message()));
                     }
                   }
                   std::unique_ptr<Message> response(rpc.response->New());
                   if (int code = CallRpc(env, rpc, *request, response.get());
                       code != kExitOk) {
                     return code;
                   }
                   if (env.format == OutputFormat::kJson || !table) {
                     PrintJson(*response, *env.out);
                   } else {
                     table(*response, *env.out);
                   }
                   return kExitOk;
                 }};
}

}  // namespace gsctl
