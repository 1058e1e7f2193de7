// The CSV splitter, parser and encoder: any bytes as a CSV stream, split at
// a point the input chooses. Every record parsed back from its own encoding
// must give the same cells.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <vector>

#include "jobs/csv_encoder.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size == 0) return 0;
  const absl::string_view stream(reinterpret_cast<const char*>(data) + 1,
                                 size - 1);
  const size_t split = stream.empty() ? 0 : data[0] % (stream.size() + 1);
  std::vector<std::string> records;
  gg::CsvRecordSplitter splitter(/*max_record_bytes=*/256);
  auto take = [&](const std::string& record) { records.push_back(record); };
  splitter.Feed(stream.substr(0, split), take);
  splitter.Feed(stream.substr(split), take);
  splitter.Finish(take);
  for (const std::string& record : records) {
    if (record.size() > 256) std::abort();  // the bound holds
    const std::vector<std::string> cells = gg::ParseCsvRecord(record);
    std::string line;
    gg::AppendCsvLine(cells, line);
    std::vector<std::string> again;
    gg::CsvRecordSplitter resplit;
    resplit.Feed(line, [&](const std::string& r) { again.push_back(r); });
    resplit.Finish([&](const std::string& r) { again.push_back(r); });
    // One record (an all-empty one comes back as none).
    if (again.size() > 1) std::abort();
    const std::vector<std::string> round_trip =
        again.empty() ? std::vector<std::string>{""}
                      : gg::ParseCsvRecord(again[0]);
    if (!again.empty() && round_trip != cells) std::abort();
  }
  return 0;
}
