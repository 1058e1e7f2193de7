// TaskService end to end: real gRPC into the gateway, real HTTP into the
// sandbox tenant's Cockpit task endpoints.
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/integration/cockpit_fixture.h"
#include "tests/support/gainsight_paths.h"

namespace gg {
namespace {

using testing::kCockpitPicklistPath;

using gainsight::v1::Task;
using ::testing::HasSubstr;
using ::testing::SizeIs;

constexpr char kTaskPath[] = "/v2/cockpit/task";

class TaskTest : public testing::CockpitTest {
 protected:
  void SetUp() override {
    CockpitTest::SetUp();
    if (HasFatalFailure()) return;
    company_ = InsertCompany("Contoso");
    cta_ = CreateCta(RiskCta("needs tasks", company_));
    ASSERT_FALSE(cta_.empty());
  }

  static Task MakeTask(const std::string& cta, const std::string& name) {
    Task task;
    task.set_cta_id(cta);
    task.set_name(name);
    task.mutable_due_date()->set_year(2026);
    task.mutable_due_date()->set_month(12);
    task.mutable_due_date()->set_day(15);
    return task;
  }

  grpc::Status Create(const std::vector<Task>& tasks,
                      gainsight::v1::CreateTasksResponse* response) {
    gainsight::v1::CreateTasksRequest request;
    for (const Task& t : tasks) *request.add_tasks() = t;
    auto context = Context();
    return tasks_->CreateTasks(context.get(), request, response);
  }

  std::vector<Task> List(const std::string& cta, int page_size = 0,
                         std::vector<int>* pages = nullptr) {
    gainsight::v1::ListTasksRequest request;
    request.set_cta_id(cta);
    request.set_page_size(page_size);
    std::vector<Task> all;
    do {
      gainsight::v1::ListTasksResponse response;
      auto context = Context();
      grpc::Status status =
          tasks_->ListTasks(context.get(), request, &response);
      EXPECT_TRUE(status.ok()) << status.error_message();
      if (!status.ok()) break;
      if (pages != nullptr) pages->push_back(response.tasks_size());
      all.insert(all.end(), response.tasks().begin(), response.tasks().end());
      request.set_page_token(response.next_page_token());
    } while (!request.page_token().empty());
    return all;
  }

  std::string company_;
  std::string cta_;
};

TEST_F(TaskTest, CreateByLabelsAndEmailThenListReadsThemBack) {
  Task call = MakeTask(cta_, "Call the sponsor");
  call.set_type("Call");
  call.set_status("Open");
  call.set_priority("High");
  call.set_owner(testing::kCsmOne);
  call.set_description("Ask about the renewal");
  Task email = MakeTask(cta_, "Send the usage report");  // owner: the CTA's
  gainsight::v1::CreateTasksResponse response;
  grpc::Status status = Create({call, email}, &response);
  ASSERT_TRUE(status.ok()) << status.error_message();
  ASSERT_THAT(response.results(), SizeIs(2));
  for (const auto& r : response.results()) {
    EXPECT_FALSE(r.has_error()) << r.error().message();
    EXPECT_FALSE(r.gsid().empty());
  }

  std::vector<Task> tasks = List(cta_);
  ASSERT_THAT(tasks, SizeIs(2));
  const Task& first =
      tasks[0].name() == "Call the sponsor" ? tasks[0] : tasks[1];
  const Task& second = &first == &tasks[0] ? tasks[1] : tasks[0];
  EXPECT_EQ(first.gsid(), response.results(0).gsid());
  EXPECT_EQ(first.cta_id(), cta_);
  EXPECT_EQ(first.company_id(), company_);
  EXPECT_EQ(first.type(), "Call");
  EXPECT_EQ(first.status(), "Open");
  EXPECT_EQ(first.priority(), "High");
  EXPECT_EQ(first.owner(), testing::kCsmOne);
  EXPECT_EQ(first.description(), "Ask about the renewal");
  EXPECT_EQ(first.due_date().day(), 15);
  EXPECT_FALSE(first.is_closed());
  EXPECT_TRUE(first.playbook_id().empty());
  EXPECT_EQ(second.owner(), testing::kCsmOne);  // the CTA's owner
}

TEST_F(TaskTest, TaskOnUnknownCtaFailsAloneWithNotFound) {
  gainsight::v1::CreateTasksResponse response;
  grpc::Status status =
      Create({MakeTask(testing::kNoSuchCta, "lost"), MakeTask(cta_, "kept")},
             &response);
  ASSERT_TRUE(status.ok()) << status.error_message();
  ASSERT_THAT(response.results(), SizeIs(2));
  EXPECT_EQ(response.results(0).error().code(), grpc::StatusCode::NOT_FOUND);
  EXPECT_FALSE(response.results(1).has_error());
  EXPECT_THAT(List(cta_), SizeIs(1));
}

TEST_F(TaskTest, UnknownStatusLabelIsRefusedBeforeAnyWrite) {
  Task task = MakeTask(cta_, "x");
  task.set_status("Done-ish");
  gainsight::v1::CreateTasksResponse response;
  grpc::Status status = Create({task}, &response);
  ASSERT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  google::rpc::BadRequest bad = BadRequestOf(status);
  ASSERT_THAT(bad.field_violations(), SizeIs(1));
  EXPECT_EQ(bad.field_violations(0).field(), "tasks[0].status");
  EXPECT_THAT(bad.field_violations(0).description(), HasSubstr("\"Open\""));
  EXPECT_EQ(CallsOn("POST", kTaskPath), 0u);
}

TEST_F(TaskTest, UpdateToClosedStatusClosesTheTask) {
  gainsight::v1::CreateTasksResponse created;
  ASSERT_TRUE(Create({MakeTask(cta_, "finish me")}, &created).ok());
  ASSERT_THAT(created.results(), SizeIs(1));
  Task change;
  change.set_gsid(created.results(0).gsid());
  change.set_status("Closed");
  Task unknown;
  unknown.set_gsid("1S02NOSUCHTASK0000000000000000000000");
  unknown.set_name("renamed");
  gainsight::v1::UpdateTasksRequest request;
  *request.add_tasks() = change;
  *request.add_tasks() = unknown;
  gainsight::v1::UpdateTasksResponse response;
  auto context = Context();
  grpc::Status status = tasks_->UpdateTasks(context.get(), request, &response);
  ASSERT_TRUE(status.ok()) << status.error_message();
  ASSERT_THAT(response.results(), SizeIs(2));
  EXPECT_FALSE(response.results(0).has_error())
      << response.results(0).error().message();
  EXPECT_EQ(response.results(1).error().code(), grpc::StatusCode::NOT_FOUND);
  std::vector<Task> tasks = List(cta_);
  ASSERT_THAT(tasks, SizeIs(1));
  EXPECT_EQ(tasks[0].status(), "Closed");
  EXPECT_TRUE(tasks[0].is_closed());
  EXPECT_TRUE(tasks[0].has_close_time());
}

TEST_F(TaskTest, ChangingTheCtaOfATaskIsRefused) {
  Task change;
  change.set_gsid("1S02SOMETASK00000000000000000000000");
  change.set_cta_id(cta_);
  gainsight::v1::UpdateTasksRequest request;
  *request.add_tasks() = change;
  gainsight::v1::UpdateTasksResponse response;
  auto context = Context();
  grpc::Status status = tasks_->UpdateTasks(context.get(), request, &response);
  ASSERT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_EQ(BadRequestOf(status).field_violations(0).field(),
            "tasks[0].cta_id");
}

TEST_F(TaskTest, ListPagesAndConfigurationIsReadOnce) {
  std::vector<Task> tasks;
  for (int i = 0; i < 5; ++i) {
    Task t = MakeTask(cta_, absl::StrCat("task ", i));
    t.set_priority("Low");
    tasks.push_back(t);
  }
  gainsight::v1::CreateTasksResponse response;
  ASSERT_TRUE(Create(tasks, &response).ok());
  gainsight::v1::CreateTasksResponse again;
  ASSERT_TRUE(Create({tasks[0]}, &again).ok());
  // The CTA create read the CTA configuration, the task writes the task
  // configuration, once.
  EXPECT_EQ(CallsOn("GET", kCockpitPicklistPath), 2u);
  std::vector<int> pages;
  EXPECT_THAT(List(cta_, 2, &pages), SizeIs(6));
  EXPECT_THAT(pages, ::testing::ElementsAre(2, 2, 2, 0));
}

TEST_F(TaskTest, ListNeedsACtaId) {
  gainsight::v1::ListTasksRequest request;
  gainsight::v1::ListTasksResponse response;
  auto context = Context();
  grpc::Status status = tasks_->ListTasks(context.get(), request, &response);
  ASSERT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_EQ(BadRequestOf(status).field_violations(0).field(), "cta_id");
}

}  // namespace
}  // namespace gg
