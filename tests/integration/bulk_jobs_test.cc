// Bulk jobs under pressure: the async budget exhausted (windows scaled down
// to seconds), the gateway killed while jobs wait for a slot, and a 100,000
// row import streamed with flat resident memory. These measure time and
// memory, so they run alone.
#include <signal.h>

#include <algorithm>
#include <fstream>
#include <string>
#include <vector>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/strip.h"
#include "gtest/gtest.h"
#include "tests/integration/bulk_fixture.h"
#include "tests/support/sanitizer.h"

namespace gg {
namespace {

// A field of /proc/<pid>/status in kB (VmHWM, VmRSS).
int64_t ProcStatusKb(pid_t pid, const std::string& field) {
  std::ifstream in(absl::StrCat("/proc/", pid, "/status"));
  std::string line;
  while (std::getline(in, line)) {
    absl::string_view rest = line;
    if (!absl::ConsumePrefix(&rest, field + ":")) continue;
    rest = absl::StripAsciiWhitespace(rest);
    absl::ConsumeSuffix(&rest, " kB");
    int64_t kb = 0;
    if (absl::SimpleAtoi(rest, &kb)) return kb;
  }
  return -1;
}

std::vector<int64_t> UploadTimesUs(const std::vector<json>& uploads,
                                   int* throttled) {
  std::vector<int64_t> times;
  for (const json& u : uploads) {
    if (u["status"] == 429) {
      (*throttled)++;
      continue;
    }
    times.push_back(u["time_us"].get<int64_t>());
  }
  std::sort(times.begin(), times.end());
  return times;
}

TEST_F(BulkTest, JobsQueueWhileTheAsyncBudgetIsSpentAndProceedWhenItReopens) {
  // Two bulk calls per 2 s on both sides (Gainsight's 10/h scaled down).
  gateway_.reset();
  sandbox_.reset();
  StartSandbox("sync=1000/1s;bulk=2/2s");
  StartGateway("sync=1000/1s;bulk=2/2s");
  std::vector<std::string> ids;
  const absl::Time start = absl::Now();
  for (int i = 0; i < 5; ++i) {
    auto [status, job] =
        Import({Header({"Name"}), Rows({{{"Name", absl::StrCat("Q", i)}}})});
    ASSERT_TRUE(status.ok()) << status.error_message();
    ids.push_back(job.id());
  }
  // Every import was answered at once, without waiting for budget.
  EXPECT_LT(absl::Now() - start, absl::Seconds(2));
  // While the budget is spent, later jobs wait in QUEUED instead of failing.
  EXPECT_EQ(Get(ids.back()).state(), gainsight::v1::JOB_STATE_QUEUED);
  for (const std::string& id : ids) {
    EXPECT_EQ(Watch(id).back().state(), gainsight::v1::JOB_STATE_COMPLETED)
        << id;
  }
  int throttled = 0;
  std::vector<int64_t> times = UploadTimesUs(Uploads(), &throttled);
  EXPECT_EQ(throttled, 0);
  ASSERT_EQ(times.size(), 5u);
  // Never more than 2 uploads in any 2 s, so the 5th went out in the third
  // window.
  for (size_t i = 2; i < times.size(); ++i) {
    EXPECT_GE(times[i] - times[i - 2], 2000000 - 5000) << i;
  }
  EXPECT_EQ(CompanyNames().size(), 5u);
}

TEST_F(BulkTest, JobsWaitingForASlotCompleteAfterTheGatewayIsKilled) {
  // One bulk call a minute: the first job uploads, the others must wait.
  gateway_.reset();
  StartGateway("sync=1000/1s;bulk=1/1m");
  std::vector<std::string> ids;
  std::multiset<std::string> expected;
  for (int i = 0; i < 3; ++i) {
    std::vector<json> rows;
    for (int r = 0; r < 10; ++r) {
      std::string name = absl::StrCat("K", i, "-", r);
      expected.insert(name);
      rows.push_back({{"Name", name}});
    }
    auto [status, job] = Import({Header({"Name"}), Rows(rows)});
    ASSERT_TRUE(status.ok()) << status.error_message();
    ids.push_back(job.id());
  }
  EXPECT_EQ(Get(ids[1]).state(), gainsight::v1::JOB_STATE_QUEUED);
  EXPECT_EQ(Get(ids[2]).state(), gainsight::v1::JOB_STATE_QUEUED);
  // The first job's upload is answered before the kill: an upload cut off
  // in flight has an unknown outcome and is not sent again (other tests).
  {
    auto context = Context();
    gainsight::v1::WatchJobRequest request;
    request.set_id(ids[0]);
    auto reader = stub_->WatchJob(context.get(), request);
    gainsight::v1::WatchJobResponse response;
    bool answered = false;
    while (!answered && reader->Read(&response)) {
      const Job& job = response.job();
      answered =
          job.parts_size() > 0 && !job.parts(0).gainsight_status_id().empty();
    }
    ASSERT_TRUE(answered);
    context->TryCancel();
    reader->Finish();
  }
  gateway_->process().Signal(SIGKILL);
  ASSERT_TRUE(gateway_->process().Wait(absl::Seconds(10)).ok());
  gateway_.reset();

  // The same spool, a budget that allows the uploads now.
  StartGateway("sync=1000/1s;bulk=100/1s");
  for (const std::string& id : ids) {
    const Job done = Watch(id).back();
    EXPECT_EQ(done.state(), gainsight::v1::JOB_STATE_COMPLETED) << id;
    EXPECT_EQ(done.succeeded_rows(), 10) << id;
  }
  std::multiset<std::string> names = CompanyNames();
  for (const std::string& name : expected) {
    EXPECT_GE(names.count(name), 1u) << name;
  }
}

TEST_F(BulkTest, PersonJobWaitingForASlotCompletesAfterTheGatewayIsKilled) {
  // One bulk call a minute, spent by a Company import: the Person import
  // must wait for the People API's asynchronous upsert.
  gateway_.reset();
  StartGateway("sync=1000/1s;bulk=1/1m");
  auto [s1, company_job] =
      Import({Header({"Name"}), Rows({{{"Name", "Spender"}}})});
  ASSERT_TRUE(s1.ok()) << s1.error_message();
  EXPECT_EQ(Watch(company_job.id()).back().state(),
            gainsight::v1::JOB_STATE_COMPLETED);
  auto [s2, person_job] =
      Import({PersonHeader({"Email", "FirstName"}),
              Rows({{{"Email", "ann@acme.example"}, {"FirstName", "Ann"}},
                    {{"Email", "bo@acme.example"}, {"FirstName", "Bo"}}})});
  ASSERT_TRUE(s2.ok()) << s2.error_message();
  EXPECT_EQ(Get(person_job.id()).state(), gainsight::v1::JOB_STATE_QUEUED);
  gateway_->process().Signal(SIGKILL);
  ASSERT_TRUE(gateway_->process().Wait(absl::Seconds(10)).ok());
  gateway_.reset();

  StartGateway("sync=1000/1s;bulk=100/1s");
  const Job done = Watch(person_job.id()).back();
  EXPECT_EQ(done.state(), gainsight::v1::JOB_STATE_COMPLETED);
  EXPECT_EQ(done.succeeded_rows(), 2);
  auto calls = sandbox_->CallsTo("PUT", "/v1/peoplemgmt/v1.0/people/async");
  ASSERT_TRUE(calls.ok()) << calls.status();
  EXPECT_EQ(calls->size(), 1u);
}

TEST_F(BulkTest, AnImportStreamsThroughWithoutHoldingItsRows) {
  const pid_t pid = gateway_->process().pid();
  // Warm up: the first import sizes the gateway's buffers and threads.
  {
    auto [status, job] =
        Import({Header({"Name", "Industry"}), Rows({{{"Name", "warm-up"}}})});
    ASSERT_TRUE(status.ok()) << status.error_message();
    Watch(job.id());
  }
  const int64_t hwm_before = ProcStatusKb(pid, "VmHWM");
  ASSERT_GT(hwm_before, 0);

  // Under ASan, which does not check the bound below, a fifth as many.
  const int kRows = testing::kUnderAddressSanitizer ? 100000 : 500000;
  constexpr int kBatch = 1000;
  const std::string industry(200, 'x');
  auto context = Context(absl::Minutes(3));
  StartImportResponse response;
  auto writer = stub_->StartImport(context.get(), &response);
  ASSERT_TRUE(writer->Write(Header({"Name", "Industry"})));
  int64_t csv_bytes = 0;
  for (int b = 0; b < kRows / kBatch; ++b) {
    std::vector<json> rows;
    for (int r = 0; r < kBatch; ++r) {
      std::string name = absl::StrCat("Bulk company ", b * kBatch + r);
      csv_bytes += name.size() + industry.size() + 3;
      rows.push_back({{"Name", name}, {"Industry", industry}});
    }
    ASSERT_TRUE(writer->Write(Rows(rows)));
  }
  writer->WritesDone();
  grpc::Status status = writer->Finish();
  ASSERT_TRUE(status.ok()) << status.error_message();
  EXPECT_EQ(response.job().total_rows(), kRows);
  const int64_t hwm_after_stream = ProcStatusKb(pid, "VmHWM");

  const Job done = Watch(response.job().id(), absl::Minutes(3)).back();
  EXPECT_EQ(done.state(), gainsight::v1::JOB_STATE_COMPLETED);
  EXPECT_EQ(done.succeeded_rows(), kRows);
  const int64_t hwm_after = ProcStatusKb(pid, "VmHWM");

  // ~105 MB of CSV went through (twice that as messages). A gateway that
  // held the rows would grow by at least that much; this one's peak grows by
  // what gRPC's receive buffers and the spool's writes hold at once (18 to
  // 32 MB seen on 2 cores; 5 to 18 MB for 100,000 rows, a bound too close to
  // that range to tell the two apart), so the bound is half the CSV. ASan's
  // quarantine keeps freed memory: the bound holds for the real build.
  if (testing::kUnderAddressSanitizer) return;
  EXPECT_GT(csv_bytes, 100 << 20);
  const int64_t growth_kb = hwm_after - hwm_before;
  RecordProperty("vmhwm_before_kb", std::to_string(hwm_before));
  RecordProperty("vmhwm_after_stream_kb", std::to_string(hwm_after_stream));
  RecordProperty("vmhwm_after_kb", std::to_string(hwm_after));
  EXPECT_LT(growth_kb * 1024, csv_bytes / 2)
      << "VmHWM grew from " << hwm_before << " kB to " << hwm_after << " kB";
}

}  // namespace
}  // namespace gg
