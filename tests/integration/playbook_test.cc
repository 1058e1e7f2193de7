// PlaybookService end to end: real gRPC into the gateway, real HTTP into the
// sandbox tenant's playbooks (fixed per tenant, see sandbox/README.md).
#include <string>
#include <vector>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/integration/cockpit_fixture.h"

namespace gg {
namespace {

using gainsight::v1::Playbook;
using ::testing::SizeIs;

class PlaybookTest : public testing::CockpitTest {
 protected:
  std::vector<Playbook> ListAll(gainsight::v1::ListPlaybooksRequest request) {
    std::vector<Playbook> all;
    do {
      gainsight::v1::ListPlaybooksResponse response;
      auto context = Context();
      grpc::Status status =
          playbooks_->ListPlaybooks(context.get(), request, &response);
      EXPECT_TRUE(status.ok()) << status.error_message();
      if (!status.ok()) break;
      all.insert(all.end(), response.playbooks().begin(),
                 response.playbooks().end());
      request.set_page_token(response.next_page_token());
    } while (!request.page_token().empty());
    return all;
  }
};

TEST_F(PlaybookTest, ListIsByNameWithoutTemplatesAndActiveOnlyByDefault) {
  std::vector<Playbook> active = ListAll({});
  ASSERT_GE(active.size(), 2u);
  for (size_t i = 0; i < active.size(); ++i) {
    EXPECT_TRUE(active[i].active()) << active[i].name();
    EXPECT_THAT(active[i].tasks(), SizeIs(0));
    EXPECT_FALSE(active[i].gsid().empty());
    if (i > 0) {
      EXPECT_LE(active[i - 1].name(), active[i].name());
    }
  }
  gainsight::v1::ListPlaybooksRequest all_request;
  all_request.set_include_inactive(true);
  std::vector<Playbook> all = ListAll(all_request);
  EXPECT_GT(all.size(), active.size());

  // Paging one at a time gives the same list.
  gainsight::v1::ListPlaybooksRequest paged;
  paged.set_page_size(1);
  std::vector<Playbook> one_by_one = ListAll(paged);
  ASSERT_EQ(one_by_one.size(), active.size());
  for (size_t i = 0; i < active.size(); ++i) {
    EXPECT_EQ(one_by_one[i].gsid(), active[i].gsid());
  }
}

TEST_F(PlaybookTest, ListForATypeByLabelKeepsThatTypesAndTheUniversalOnes) {
  gainsight::v1::ListPlaybooksRequest request;
  request.set_cta_type("risk");
  std::vector<Playbook> risk = ListAll(request);
  ASSERT_FALSE(risk.empty());
  bool has_risk = false;
  for (const Playbook& p : risk) {
    EXPECT_TRUE(p.cta_type() == "Risk" || p.cta_type().empty()) << p.name();
    has_risk = has_risk || p.cta_type() == "Risk";
  }
  EXPECT_TRUE(has_risk);
  EXPECT_LT(risk.size(), ListAll({}).size());

  request.set_cta_type("Riskk");
  gainsight::v1::ListPlaybooksResponse response;
  auto context = Context();
  grpc::Status status =
      playbooks_->ListPlaybooks(context.get(), request, &response);
  ASSERT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_EQ(BadRequestOf(status).field_violations(0).field(), "cta_type");
}

TEST_F(PlaybookTest, GetGivesTheTaskTemplatesInOrder) {
  const Playbook* with_tasks = nullptr;
  std::vector<Playbook> all = ListAll({});
  for (const Playbook& p : all) {
    if (p.task_count() >= 2) with_tasks = &p;
  }
  ASSERT_NE(with_tasks, nullptr);
  gainsight::v1::GetPlaybookRequest request;
  request.set_gsid(with_tasks->gsid());
  gainsight::v1::GetPlaybookResponse response;
  auto context = Context();
  grpc::Status status =
      playbooks_->GetPlaybook(context.get(), request, &response);
  ASSERT_TRUE(status.ok()) << status.error_message();
  const Playbook& got = response.playbook();
  EXPECT_EQ(got.name(), with_tasks->name());
  ASSERT_THAT(got.tasks(), SizeIs(with_tasks->task_count()));
  for (int i = 0; i < got.tasks_size(); ++i) {
    EXPECT_EQ(got.tasks(i).position(), i);
    EXPECT_FALSE(got.tasks(i).name().empty());
    EXPECT_GE(got.tasks(i).due_days(), 0);
  }
}

TEST_F(PlaybookTest, GetOfUnknownPlaybookIsNotFound) {
  gainsight::v1::GetPlaybookRequest request;
  request.set_gsid("1P99NOSUCHPLAYBOOK000000000000000000");
  gainsight::v1::GetPlaybookResponse response;
  auto context = Context();
  EXPECT_EQ(
      playbooks_->GetPlaybook(context.get(), request, &response).error_code(),
      grpc::StatusCode::NOT_FOUND);
}

}  // namespace
}  // namespace gg
