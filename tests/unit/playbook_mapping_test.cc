#include "gainsight/playbook_mapping.h"

#include "gtest/gtest.h"

namespace gg {
namespace {

TEST(PlaybookMappingTest, ReadsThePlaybookAndItsTemplates) {
  Json json = Json::parse(R"({
    "gsid": "PB1", "name": "Renewal risk recovery", "description": "d",
    "ctaTypeId": "T1", "ctaTypeName": "Risk", "entityType": "COMPANY",
    "active": false, "createdDate": "2026-01-02T03:04:05.000Z",
    "tasks": [
      {"gsid": "TT1", "name": "Call", "typeName": "Call",
       "priorityName": "High", "ownerEmail": "", "dueDays": 3, "position": 0},
      {"gsid": "TT2", "name": "Email", "dueDays": 7, "position": 1}]})");
  gainsight::v1::Playbook playbook;
  ASSERT_TRUE(PlaybookFromJson(json, &playbook).ok());
  EXPECT_EQ(playbook.gsid(), "PB1");
  EXPECT_EQ(playbook.cta_type(), "Risk");
  EXPECT_EQ(playbook.cta_type_id(), "T1");
  EXPECT_FALSE(playbook.active());
  EXPECT_EQ(playbook.task_count(), 2);  // counted when not given
  ASSERT_EQ(playbook.tasks_size(), 2);
  EXPECT_EQ(playbook.tasks(0).priority(), "High");
  EXPECT_EQ(playbook.tasks(1).due_days(), 7);
  EXPECT_EQ(playbook.create_time().seconds(), 1767323045);
}

TEST(PlaybookMappingTest, PlaybookWithoutGsidIsMalformed) {
  gainsight::v1::Playbook playbook;
  EXPECT_FALSE(
      PlaybookFromJson(Json::parse(R"({"name":"x"})"), &playbook).ok());
  EXPECT_FALSE(PlaybookFromJson(Json::parse("[]"), &playbook).ok());
}

}  // namespace
}  // namespace gg
