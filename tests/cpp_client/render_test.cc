#include "render.h"

#include <sstream>

#include "absl/strings/str_split.h"
#include "bulk_commands.h"
#include "gainsight/v1/common.pb.h"
#include "gainsight/v1/company.pb.h"
#include "gainsight/v1/cta.pb.h"
#include "gmock/gmock.h"
#include "google/protobuf/struct.pb.h"
#include "gtest/gtest.h"

namespace gsctl {
namespace {

namespace gv1 = gainsight::v1;
using ::testing::HasSubstr;

TEST(RenderTest, TableShowsSetFieldsAndCustomFieldKeys) {
  gv1::Company a, b;
  a.set_gsid("G1");
  a.set_name("Acme");
  a.mutable_renewal_date()->set_year(2027);
  a.mutable_renewal_date()->set_month(3);
  a.mutable_renewal_date()->set_day(1);
  b.set_gsid("G2");
  b.set_name("Globex");
  (*b.mutable_custom_fields()->mutable_fields())["Region__gc"].set_string_value(
      "EMEA");
  std::ostringstream out;
  PrintTable({&a, &b}, out);
  EXPECT_EQ(out.str(),
            "gsid  name    renewal_date  Region__gc\n"
            "G1    Acme    2027-03-01    \n"
            "G2    Globex                EMEA\n");
}

TEST(RenderTest, ChosenColumnsTakeGainsightNames) {
  gv1::Company a;
  a.set_name("Acme");
  a.set_arr(1200.5);
  std::ostringstream out;
  PrintTable({&a}, out, {"Name", "Arr"});
  EXPECT_EQ(out.str(), "Name  Arr\nAcme  1200.5\n");
}

TEST(RenderTest, EnumsLoseTheirPrefixStatusesShowCode) {
  gv1::RecordResult ok, failed;
  ok.set_action(gv1::WRITE_ACTION_UPDATED);
  failed.set_index(1);
  failed.mutable_error()->set_code(3);
  failed.mutable_error()->set_message("bad name");
  std::ostringstream out;
  PrintTable({&ok, &failed}, out, {"index", "action", "error"});
  // A failed record has no action: the cell is empty, the error tells.
  EXPECT_EQ(out.str(),
            "index  action   error\n"
            "0      UPDATED  \n"
            "1               INVALID_ARGUMENT: bad name\n");
}

TEST(RenderTest, InactivePicklistItemsAreMarked) {
  gv1::CtaTypeConfig config;
  config.mutable_type()->set_label("Risk");
  config.mutable_type()->set_active(true);
  gv1::PicklistItem* open = config.add_statuses();
  open->set_label("New");
  open->set_active(true);
  gv1::PicklistItem* retired = config.add_statuses();
  retired->set_label("Parked");
  retired->set_active(false);
  std::ostringstream out;
  PrintTable({&config}, out, {"type", "statuses"});
  EXPECT_EQ(out.str(),
            "type  statuses\n"
            "Risk  New, Parked (inactive)\n");
}

TEST(RenderTest, AnUnsetOptionalNumberIsEmptyNotZero) {
  gv1::Company a, b;
  a.set_name("Acme");
  a.set_arr(0);
  b.set_name("Globex");
  std::ostringstream out;
  PrintTable({&a, &b}, out);
  EXPECT_EQ(out.str(),
            "name    arr\n"
            "Acme    0\n"
            "Globex  \n");
}

TEST(RenderTest, TablesFitTheWidthByCuttingTheWidestColumns) {
  gv1::Company a;
  a.set_gsid("1P02ABCDEFGHIJKLMNOP");
  a.set_name("A company with a rather long name, Inc.");
  a.set_industry("Retail");
  std::ostringstream out;
  SetTableWidth(40);
  PrintTable({&a}, out, {"gsid", "name", "industry"});
  SetTableWidth(0);
  // The widest columns give way first, evenly; industry keeps its width.
  EXPECT_EQ(out.str(),
            "gsid            name            industry\n"
            "1P02ABCDEFG...  A company w...  Retail\n");
  for (absl::string_view line : absl::StrSplit(out.str(), '\n')) {
    EXPECT_LE(line.size(), 40u) << line;
  }
  std::ostringstream wide;
  PrintTable({&a}, wide, {"gsid", "name", "industry"});
  EXPECT_THAT(wide.str(), HasSubstr("rather long name, Inc."));
}

TEST(RenderTest, StructRowsPutGsidFirst) {
  google::protobuf::Struct r;
  (*r.mutable_fields())["Name__gc"].set_string_value("R1");
  (*r.mutable_fields())["Gsid"].set_string_value("1CO1");
  (*r.mutable_fields())["Amount__gc"].set_number_value(12);
  std::ostringstream out;
  PrintTable({&r}, out);
  EXPECT_EQ(out.str(), "Gsid  Amount__gc  Name__gc\n1CO1  12          R1\n");
}

TEST(RenderTest, ProgressLine) {
  gv1::Job job;
  job.set_state(gv1::JOB_STATE_IN_PROGRESS);
  job.set_total_rows(1000);
  job.set_succeeded_rows(480);
  job.set_failed_rows(20);
  EXPECT_EQ(ProgressLine(job, 10),
            "[#####.....]  50%  500/1000 rows  20 failed  IN_PROGRESS");
  job.set_state(gv1::JOB_STATE_COMPLETED);
  job.set_succeeded_rows(980);
  EXPECT_EQ(ProgressLine(job, 10),
            "[##########] 100%  1000/1000 rows  20 failed  COMPLETED");
}

}  // namespace
}  // namespace gsctl
