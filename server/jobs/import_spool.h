// Where an import's rows wait for their upload: CSV files on disk, one per
// part, each with the header row and at most `max_part_bytes` bytes, so
// memory stays flat whatever the import's size and each part fits one
// Bulk API upload.
#ifndef GAINSIGHT_GATEWAY_SERVER_JOBS_IMPORT_SPOOL_H_
#define GAINSIGHT_GATEWAY_SERVER_JOBS_IMPORT_SPOOL_H_

#include <cstdint>
#include <cstdio>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"

namespace gg {

// One spooled part: its file and the data rows it holds.
struct SpooledPart {
  std::string path;
  int64_t first_row = 1;  // data row number of its first row, from 1
  int64_t row_count = 0;
};

// Writes the parts of one import. Not thread-safe: one stream writes it.
class ImportSpoolWriter {
 public:
  // Parts go to `dir`/`job_id`.part-N.csv. `max_part_rows` > 0 also caps
  // the data rows of one part (an upload that takes so many records).
  ImportSpoolWriter(std::string dir, std::string job_id, int64_t max_part_bytes,
                    int64_t max_part_rows = 0);
  ~ImportSpoolWriter();  // closes; Discard() first to remove the files

  // The header line (already CSV-encoded, without line end). Must come
  // before any row.
  void SetHeader(std::string header_line);
  // One data row, CSV-encoded without line end. A row that does not fit a
  // part even alone is INVALID_ARGUMENT; a disk error is INTERNAL.
  absl::Status AddRow(absl::string_view row_line);
  // Flushes and closes the last part; returns every part (none when no row
  // came).
  absl::StatusOr<std::vector<SpooledPart>> Finish();
  // Removes every file written so far.
  void Discard();

  int64_t rows() const { return rows_; }
  int64_t bytes() const { return bytes_; }

 private:
  absl::Status OpenPart();
  absl::Status ClosePart();

  const std::string dir_;
  const std::string job_id_;
  const int64_t max_part_bytes_;
  const int64_t max_part_rows_;
  std::string header_;
  std::FILE* file_ = nullptr;
  int64_t part_bytes_ = 0;
  int64_t rows_ = 0;
  int64_t bytes_ = 0;
  std::vector<SpooledPart> parts_;
};

// Where part `index` of job `job_id` is spooled in `dir`.
std::string PartPath(absl::string_view dir, absl::string_view job_id,
                     int64_t index);

// Removes the spooled parts of `job_id` from `dir`.
void RemoveSpool(absl::string_view dir, absl::string_view job_id);

}  // namespace gg

#endif  // GAINSIGHT_GATEWAY_SERVER_JOBS_IMPORT_SPOOL_H_
