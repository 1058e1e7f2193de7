// Bulk imports, measured:
//   gg_bulk_bench csv ROWS                 CSV encoding (rows/s, MB/s), in
//                                          memory and into the disk spool
//   gg_bulk_bench import TARGET ROWS PID   streams ROWS rows to the gateway
//                                          at TARGET, waits for the job, and
//                                          reports the gateway's (PID) peak
//                                          resident memory
#include <stdlib.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "gainsight/v1/bulk.grpc.pb.h"
#include "grpcpp/grpcpp.h"
#include "jobs/csv_encoder.h"
#include "jobs/import_spool.h"

namespace gg {
namespace {

std::string ProcStatus(int pid, const std::string& key) {
  std::ifstream in("/proc/" + std::to_string(pid) + "/status");
  std::string line;
  while (std::getline(in, line)) {
    if (line.rfind(key, 0) == 0) return line.substr(key.size());
  }
  return "?";
}

// One row as a client sends it: text with a comma and a quote, a number, a
// boolean, a date.
google::protobuf::Struct Row(int i) {
  google::protobuf::Struct row;
  auto& f = *row.mutable_fields();
  f["Name"].set_string_value(absl::StrCat("Company \"", i, "\", Inc."));
  f["Arr"].set_number_value(1000.5 * i);
  f["IsStrategic__gc"].set_bool_value(i % 2 == 0);
  f["Industry"].set_string_value("Software");
  f["RenewalDate"].set_string_value("2027-01-31");
  return row;
}

const std::vector<std::string> kColumns = {"Name", "Arr", "IsStrategic__gc",
                                           "Industry", "RenewalDate"};

int Csv(int rows) {
  std::vector<google::protobuf::Struct> input;
  for (int i = 0; i < 1000; ++i) input.push_back(Row(i));
  // In memory: encode rows the way StartImport does, reusing one buffer.
  std::string line;
  std::vector<std::string> cells(kColumns.size());
  int64_t bytes = 0;
  absl::Time start = absl::Now();
  for (int i = 0; i < rows; ++i) {
    const auto& fields = input[i % input.size()].fields();
    for (size_t c = 0; c < kColumns.size(); ++c) {
      cells[c] = *CsvCellOf(fields.at(kColumns[c]));
    }
    line.clear();
    AppendCsvLine(cells, line);
    bytes += static_cast<int64_t>(line.size());
  }
  absl::Duration memory = absl::Now() - start;

  // Into the spool, in 79 MB parts, flushed to disk.
  std::string dir =
      std::filesystem::temp_directory_path().string() + "/gg-bulk-bench-XXXXXX";
  if (mkdtemp(dir.data()) == nullptr) return 1;
  ImportSpoolWriter spool(dir, "bench", 79000000);
  line.clear();
  AppendCsvLine(kColumns, line);
  line.resize(line.size() - 2);
  spool.SetHeader(line);
  start = absl::Now();
  for (int i = 0; i < rows; ++i) {
    const auto& fields = input[i % input.size()].fields();
    for (size_t c = 0; c < kColumns.size(); ++c) {
      cells[c] = *CsvCellOf(fields.at(kColumns[c]));
    }
    line.clear();
    AppendCsvLine(cells, line);
    line.resize(line.size() - 2);
    if (!spool.AddRow(line).ok()) return 1;
  }
  if (!spool.Finish().ok()) return 1;
  absl::Duration disk = absl::Now() - start;
  std::filesystem::remove_all(dir);

  auto report = [&](const char* what, absl::Duration d) {
    double s = absl::ToDoubleSeconds(d);
    std::printf("| %s | %d | %.0f rows/s | %.1f MB/s |\n", what, rows, rows / s,
                bytes / s / 1e6);
  };
  std::printf("| CSV encoding | rows | rows per second | MB per second |\n");
  std::printf("|---|---|---|---|\n");
  report("records -> CSV lines, in memory", memory);
  report("records -> CSV spool on disk (fsync at the end)", disk);
  return 0;
}

int Import(const std::string& target, int rows, int pid) {
  auto stub = gainsight::v1::BulkService::NewStub(
      grpc::CreateChannel(target, grpc::InsecureChannelCredentials()));
  const std::string before = ProcStatus(pid, "VmHWM:");
  grpc::ClientContext context;
  gainsight::v1::StartImportResponse response;
  absl::Time start = absl::Now();
  auto writer = stub->StartImport(&context, &response);
  gainsight::v1::StartImportRequest header;
  header.mutable_header()->set_object_name("Company");
  header.mutable_header()->set_connector_job_id("bench-job");
  for (const auto& c : kColumns) header.mutable_header()->add_columns(c);
  writer->Write(header);
  constexpr int kBatch = 1000;
  for (int b = 0; b < rows; b += kBatch) {
    gainsight::v1::StartImportRequest message;
    for (int i = b; i < b + kBatch && i < rows; ++i) {
      *message.mutable_rows()->add_rows() = Row(i);
    }
    if (!writer->Write(message)) break;
  }
  writer->WritesDone();
  grpc::Status status = writer->Finish();
  if (!status.ok()) {
    std::fprintf(stderr, "StartImport: %s\n", status.error_message().c_str());
    return 1;
  }
  absl::Duration streamed = absl::Now() - start;
  const std::string after_stream = ProcStatus(pid, "VmHWM:");
  grpc::ClientContext watch_context;
  gainsight::v1::WatchJobRequest watch;
  watch.set_id(response.job().id());
  auto reader = stub->WatchJob(&watch_context, watch);
  gainsight::v1::WatchJobResponse snapshot;
  gainsight::v1::Job job;
  while (reader->Read(&snapshot)) job = snapshot.job();
  reader->Finish();
  absl::Duration total = absl::Now() - start;
  std::printf(
      "| import of %d rows | streamed in %.1f s (%.0f rows/s) | job %s in "
      "%.1f s, %d parts, %lld rows loaded | gateway VmHWM %s before, %s "
      "after streaming, %s at the end; VmRSS %s |\n",
      rows, absl::ToDoubleSeconds(streamed),
      rows / absl::ToDoubleSeconds(streamed),
      gainsight::v1::JobState_Name(job.state()).c_str(),
      absl::ToDoubleSeconds(total), job.parts_size(),
      static_cast<long long>(job.succeeded_rows()), before.c_str(),
      after_stream.c_str(), ProcStatus(pid, "VmHWM:").c_str(),
      ProcStatus(pid, "VmRSS:").c_str());
  return 0;
}

}  // namespace
}  // namespace gg

int main(int argc, char** argv) {
  if (argc < 3) {
    std::fprintf(stderr,
                 "usage: gg_bulk_bench csv ROWS | import TARGET ROWS PID\n");
    return 2;
  }
  std::string mode = argv[1];
  if (mode == "csv") {
    int rows = 0;
    absl::SimpleAtoi(argv[2], &rows);
    return gg::Csv(rows);
  }
  if (mode == "import" && argc >= 5) {
    int rows = 0, pid = 0;
    absl::SimpleAtoi(argv[3], &rows);
    absl::SimpleAtoi(argv[4], &pid);
    return gg::Import(argv[2], rows, pid);
  }
  return 2;
}
