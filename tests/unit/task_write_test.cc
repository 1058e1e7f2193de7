// The task steps of the Cockpit write pipeline (ops/task_write.h): the task
// configuration is loaded only when a pending task names a picklist, labels
// resolve against it, and a label it lacks fails that task only.
#include "ops/task_write.h"

#include <memory>
#include <string>
#include <vector>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/support/client_harness.h"
#include "tests/support/cockpit_steps.h"

namespace gg {
namespace {

using gainsight::v1::PicklistItem;
using gainsight::v1::Task;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::Pair;

void AddItem(google::protobuf::RepeatedPtrField<PicklistItem>* items,
             const char* gsid, const char* label) {
  PicklistItem* item = items->Add();
  item->set_gsid(gsid);
  item->set_label(label);
  item->set_active(true);
}

Task NamedTask(const char* name) {
  Task task;
  task.set_cta_id("1S01CTA");
  task.set_name(name);
  return task;
}

class TaskWriteTest : public ::testing::Test {
 protected:
  TaskWriteTest()
      : configs_(
            [this](std::string, CallContext,
                   TaskConfigCache::Cache::FetchCallback done) {
              ++*fetches_;
              if (!config_error_.ok()) {
                done(config_error_);
                return;
              }
              TaskConfig config;
              AddItem(&config.types, "TT1", "Call");
              AddItem(&config.statuses, "TS1", "Open");
              AddItem(&config.priorities, "TP1", "High");
              done(std::move(config));
            },
            &h_.clock(), absl::Minutes(10)) {}

  absl::Status Load(CockpitObjectWriter& writer, std::vector<int> pending) {
    return testing::LoadConfigsNow(writer, std::move(pending), h_.Context());
  }

  testing::ClientHarness h_;
  std::shared_ptr<int> fetches_ = std::make_shared<int>(0);
  absl::Status config_error_;
  TaskConfigCache configs_;
};

TEST_F(TaskWriteTest, ACreateWithoutPicklistsLoadsNoConfiguration) {
  auto writer = NewTaskWriter({NamedTask("call them")}, false, &configs_, 2);
  EXPECT_EQ(writer->target().write, EndpointId::kTaskCreate);
  ASSERT_EQ(writer->target().not_found.size(), 1u);
  EXPECT_EQ(writer->target().not_found[0].reason, "CTA_NOT_FOUND");
  EXPECT_EQ(writer->OwnerOf(0), "");

  ASSERT_TRUE(Load(*writer, {0}).ok());
  EXPECT_EQ(*fetches_, 0);
  absl::StatusOr<Json> record = writer->Resolve(0, "", "tasks[0]");
  ASSERT_TRUE(record.ok()) << record.status();
  EXPECT_EQ((*record)["Name"], "call them");
  EXPECT_FALSE(record->contains("type"));
  EXPECT_THAT(writer->ReadBackKeyOf(0),
              ElementsAre(Pair("Name", "call them"), Pair("CtaId", "1S01CTA")));
}

TEST_F(TaskWriteTest, LabelsResolveAgainstOneLoadOfTheConfiguration) {
  Task first = NamedTask("first");
  first.set_type("call");  // any letter case
  first.set_priority("High");
  first.set_owner("csm@example.com");
  Task second = NamedTask("second");
  second.set_status("Open");
  auto writer = NewTaskWriter({first, second}, false, &configs_, 2);
  EXPECT_EQ(writer->OwnerOf(0), "csm@example.com");

  ASSERT_TRUE(Load(*writer, {0, 1}).ok());
  EXPECT_EQ(*fetches_, 1);
  absl::StatusOr<Json> record = writer->Resolve(0, "1P01OWNER", "tasks[0]");
  ASSERT_TRUE(record.ok()) << record.status();
  EXPECT_EQ((*record)["type"], "Call");
  EXPECT_EQ((*record)["priority"], "High");
  EXPECT_EQ((*record)["OwnerId"], "1P01OWNER");
  absl::StatusOr<Json> other = writer->Resolve(1, "", "tasks[1]");
  ASSERT_TRUE(other.ok()) << other.status();
  EXPECT_EQ((*other)["status"], "Open");
}

TEST_F(TaskWriteTest, ALabelTheConfigurationLacksFailsThatTaskOnly) {
  Task unknown = NamedTask("unknown");
  unknown.set_priority("Urgent");
  Task fine = NamedTask("fine");
  fine.set_priority("High");
  auto writer = NewTaskWriter({unknown, fine}, false, &configs_, 2);
  ASSERT_TRUE(Load(*writer, {0, 1}).ok());
  absl::Status refused = writer->Resolve(0, "", "tasks[0]").status();
  EXPECT_EQ(refused.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(refused.message(), HasSubstr("tasks[0].priority"));
  EXPECT_TRUE(writer->Resolve(1, "", "tasks[1]").ok());
}

TEST_F(TaskWriteTest, AConfigurationThatCannotBeReadFailsTheLoad) {
  config_error_ = absl::DeadlineExceededError("slow");
  Task typed = NamedTask("typed");
  typed.set_type("Call");
  auto writer = NewTaskWriter({typed}, false, &configs_, 2);
  EXPECT_EQ(Load(*writer, {0}).code(), absl::StatusCode::kDeadlineExceeded);
}

TEST_F(TaskWriteTest, AnUpdateIsFoundAgainByItsGsid) {
  Task update;
  update.set_gsid("1T01TASK");
  update.set_name("renamed");
  auto writer = NewTaskWriter({update}, true, &configs_, 2);
  EXPECT_TRUE(writer->target().update);
  EXPECT_EQ(writer->target().write, EndpointId::kTaskUpdate);
  ASSERT_EQ(writer->target().not_found.size(), 1u);
  EXPECT_EQ(writer->target().not_found[0].reason, "TASK_NOT_FOUND");
  EXPECT_TRUE(writer->ExistingToRead().empty());
  ASSERT_TRUE(Load(*writer, {0}).ok());
  absl::StatusOr<Json> record = writer->Resolve(0, "", "tasks[0]");
  ASSERT_TRUE(record.ok()) << record.status();
  EXPECT_EQ((*record)["Gsid"], "1T01TASK");
  EXPECT_THAT(writer->ReadBackKeyOf(0), ElementsAre(Pair("Gsid", "1T01TASK")));
}

}  // namespace
}  // namespace gg
