#include "bulk_commands.h"

#include <unistd.h>

#include <fstream>
#include <iostream>
#include <memory>
#include <sstream>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "csv.h"
#include "exit_codes.h"
#include "gainsight/v1/bulk.grpc.pb.h"
#include "gainsight_client/job_follower.h"
#include "gainsight_client/status_details.h"
#include "generic_commands.h"
#include "records.h"
#include "request_fields.h"

namespace gsctl {
namespace {

namespace gv1 = gainsight::v1;
using google::protobuf::Message;

constexpr size_t kCsvChunkBytes = 64 * 1024;
constexpr int kRowsPerMessage = 500;

int JobExitCode(const gv1::Job& job) {
  if (job.state() == gv1::JOB_STATE_FAILED ||
      job.state() == gv1::JOB_STATE_CANCELLED) {
    return kExitJobFailed;
  }
  if (job.failed_rows() > 0) return kExitSomeRecordsFailed;
  return kExitOk;
}

void PrintJob(Env& env, const gv1::Job& job) {
  if (env.format == OutputFormat::kJson) {
    // {"job": {...}}, as `get` of every other object prints its response.
    gv1::GetJobResponse wrapped;
    *wrapped.mutable_job() = job;
    PrintJson(wrapped, *env.out);
    return;
  }
  gv1::Job shown = job;
  shown.clear_parts();
  shown.clear_row_errors();
  shown.clear_wait();
  PrintRecord(shown, *env.out);
  if (job.has_wait()) *env.out << "waiting: " << job.wait().reason() << "\n";
  if (job.row_errors_size() > 0) {
    std::vector<const Message*> rows = Pointers(job.row_errors());
    *env.out << "row errors:\n";
    PrintTable(rows, *env.out);
  }
}

// Follows the job; draws the bar on stderr (in place on a terminal, one
// line per change otherwise). Prints the final job; exit code by its end.
int Watch(Env& env, const std::string& id) {
  gv1::BulkService::Stub stub(env.channel);
  gainsight_client::ClientOptions options = env.options;
  if (!env.args.Has("timeout") && getenv("GSCTL_TIMEOUT") == nullptr) {
    options.timeout = absl::InfiniteDuration();
  }
  const bool tty = env.err == &std::cerr && isatty(STDERR_FILENO);
  std::string last;
  absl::StatusOr<gv1::Job> job = gainsight_client::FollowJob(
      stub, id, gainsight_client::ContextsFor(options),
      [&](const gv1::Job& snapshot) {
        std::string line = ProgressLine(snapshot);
        if (line == last) return;  // one line per change
        last = line;
        // On a terminal: back to the line's start, then clear what a longer
        // line left behind.
        *env.err << (tty ? "\r" : "") << line << (tty ? "\x1b[K" : "\n")
                 << std::flush;
      });
  if (tty) *env.err << "\n";
  if (!job.ok()) {
    grpc::Status status(static_cast<grpc::StatusCode>(job.status().code()),
                        std::string(job.status().message()));
    PrintRpcError(status, *env.err);
    return ExitCodeForRpc(static_cast<int>(job.status().code()));
  }
  PrintJob(env, *job);
  return JobExitCode(*job);
}

int Import(Env& env) {
  if (env.args.Get("object").empty()) {
    return UsageError(env, "--object is required");
  }
  if (!env.args.Has("file")) return UsageError(env, "--file is required");
  gv1::StartImportRequest header;
  header.mutable_header()->set_object_name(env.args.Get("object"));
  header.mutable_header()->set_connector_job_id(env.args.Get("connector-job"));
  header.mutable_header()->set_request_id(env.args.Get("request-id"));
  for (const std::string& column : env.args.List("columns")) {
    header.mutable_header()->add_columns(column);
  }
  const std::string delivery = env.args.Get("delivery", "exactly-once");
  if (delivery == "exactly-once") {
    header.mutable_header()->set_delivery(gv1::IMPORT_DELIVERY_EXACTLY_ONCE);
  } else if (delivery == "at-least-once") {
    header.mutable_header()->set_delivery(gv1::IMPORT_DELIVERY_AT_LEAST_ONCE);
  } else {
    return UsageError(env, "--delivery must be exactly-once or at-least-once");
  }
  std::vector<gv1::StartImportRequest> parts;
  const std::string path = env.args.Get("file");
  std::string format = env.args.Get("format");
  if (format.empty()) {
    format = (path.size() > 4 && path.substr(path.size() - 4) == ".csv")
                 ? "csv"
                 : "json";
  }
  if (format == "csv") {
    // Raw CSV, streamed in pieces; the gateway parses it. Checked here
    // first, so that a broken file sends nothing.
    std::ifstream in(path, std::ios::binary);
    if (!in) return UsageError(env, absl::StrCat("cannot read ", path));
    std::stringstream text;
    text << in.rdbuf();
    const std::string csv(StripUtf8Bom(text.str()));
    if (absl::Status s = CheckCsvShape(csv, env.args.List("columns").size());
        !s.ok()) {
      return UsageError(env, absl::StrCat(path, ": ", s.message()));
    }
    for (size_t at = 0; at < csv.size(); at += kCsvChunkBytes) {
      gv1::StartImportRequest part;
      part.set_csv_chunk(csv.substr(at, kCsvChunkBytes));
      parts.push_back(std::move(part));
    }
  } else {
    absl::StatusOr<Records> records = ReadRecords(path, format);
    if (!records.ok()) {
      return UsageError(env, std::string(records.status().message()));
    }
    if (header.header().columns().empty()) {
      for (const std::string& c : records->columns) {
        header.mutable_header()->add_columns(c);
      }
    }
    for (size_t i = 0; i < records->records.size(); ++i) {
      if (i % kRowsPerMessage == 0) parts.emplace_back();
      *parts.back().mutable_rows()->add_rows() = records->records[i];
    }
  }
  gv1::BulkService::Stub stub(env.channel);
  std::unique_ptr<grpc::ClientContext> context = env.Context();
  gv1::StartImportResponse response;
  auto writer = stub.StartImport(context.get(), &response);
  bool open = writer->Write(header);
  for (size_t i = 0; open && i < parts.size(); ++i)
    open = writer->Write(parts[i]);
  writer->WritesDone();
  grpc::Status status = writer->Finish();
  if (!status.ok()) {
    PrintRpcError(status, *env.err);
    return ExitCodeForRpc(status.error_code());
  }
  if (env.args.Has("watch")) return Watch(env, response.job().id());
  PrintJob(env, response.job());
  return kExitOk;
}

int Cancel(Env& env) {
  if (env.args.words.size() != 1) {
    return UsageError(env, "cancel takes one job id");
  }
  gv1::CancelJobRequest request;
  request.set_id(env.args.words[0]);
  gv1::CancelJobResponse response;
  if (int code = CallRpc(env, Unary(&gv1::BulkService::Stub::CancelJob),
                         request, &response);
      code != kExitOk) {
    return code;
  }
  PrintJob(env, response.job());
  return kExitOk;
}

}  // namespace

absl::Status CheckCsvShape(absl::string_view csv, size_t columns) {
  std::vector<int> lines;
  absl::StatusOr<std::vector<CsvRow>> rows = ParseCsv(csv, &lines);
  if (!rows.ok()) return rows.status();
  if (rows->empty()) return absl::InvalidArgumentError("the CSV is empty");
  // The header line, unless --columns names the columns.
  const size_t width = columns > 0 ? columns : (*rows)[0].size();
  for (size_t i = columns > 0 ? 0 : 1; i < rows->size(); ++i) {
    if ((*rows)[i].size() != width) {
      return absl::InvalidArgumentError(absl::StrCat(
          "CSV line ", lines[i], " has ", (*rows)[i].size(), " cells; ",
          columns > 0 ? "--columns names " : "the header has ", width));
    }
  }
  return absl::OkStatus();
}

std::string ProgressLine(const gv1::Job& job, int width) {
  // The rows of the parts Gainsight has finished with (or that ended).
  int64_t done = 0;
  for (const gv1::JobPart& part : job.parts()) {
    if (gainsight_client::IsTerminal(part.state())) done += part.row_count();
  }
  if (job.parts_size() == 0) done = job.succeeded_rows() + job.failed_rows();
  double share = job.total_rows() > 0
                     ? static_cast<double>(done) / job.total_rows()
                     : (gainsight_client::IsTerminal(job.state()) ? 1.0 : 0.0);
  if (gainsight_client::IsTerminal(job.state())) share = 1;
  if (share > 1) share = 1;
  int filled = static_cast<int>(share * width + 0.5);
  std::string state = gv1::JobState_Name(job.state());
  state = state.substr(std::string("JOB_STATE_").size());
  std::string line = absl::StrFormat(
      "[%s%s] %3d%%  %d/%d rows  %d failed  %s", std::string(filled, '#'),
      std::string(width - filled, '.'), static_cast<int>(share * 100 + 0.5),
      done, job.total_rows(), job.failed_rows(), state);
  if (job.state() == gv1::JOB_STATE_QUEUED && job.has_wait()) {
    absl::StrAppend(&line, ": ", job.wait().reason());
  }
  if (job.cancel_requested() && !gainsight_client::IsTerminal(job.state())) {
    absl::StrAppend(&line, " (cancelling)");
  }
  return line;
}

std::vector<Command> BulkCommands() {
  using BS = gv1::BulkService::Stub;
  std::vector<Command> c;
  c.push_back(Command{
      "job",
      "import",
      "",
      "Import a CSV or JSON file as a bulk job (streamed); --watch follows it.",
      {"object", "connector-job", "file", "format", "columns", "request-id",
       "delivery", "watch"},
      Import});
  c.push_back(Command{
      "job", "get", "ID", "Read one bulk job.", {}, [](Env& env) {
        if (env.args.words.size() != 1) {
          return UsageError(env, "get takes one job id");
        }
        gv1::GetJobRequest request;
        request.set_id(env.args.words[0]);
        gv1::GetJobResponse response;
        if (int code = CallRpc(env, Unary(&BS::GetJob), request, &response);
            code != kExitOk) {
          return code;
        }
        PrintJob(env, response.job());
        return kExitOk;
      }});
  c.push_back(Command{"job",
                      "cancel",
                      "ID",
                      "Cancel a bulk job: parts not yet uploaded are never "
                      "sent; one in flight finishes.",
                      {},
                      Cancel});
  QuerySpec jobs;
  jobs.filter = false;
  jobs.order = false;
  jobs.select = false;
  jobs.flags = {"object", "state"};
  jobs.tweak = [](const Env& env, Message* request) {
    SetString(request, "object_name", env.args.Get("object"));
    for (const std::string& state : env.args.List("state")) {
      if (absl::Status s = SetEnum(request, "states", state, "state");
          !s.ok()) {
        return s;
      }
    }
    return absl::OkStatus();
  };
  Command list = QueryCommand("job", "list", "List bulk jobs, newest first.",
                              Unary(&BS::ListJobs), jobs);
  c.push_back(list);
  c.push_back(Command{"job",
                      "watch",
                      "ID",
                      "Follow a bulk job to its end with a progress bar.",
                      {},
                      [](Env& env) {
                        if (env.args.words.size() != 1) {
                          return UsageError(env, "watch takes one job id");
                        }
                        return Watch(env, env.args.words[0]);
                      }});
  return c;
}

}  // namespace gsctl
