#include "security/method_table.h"

#include <set>

#include "gainsight/v1/bulk.grpc.pb.h"
#include "gainsight/v1/company.grpc.pb.h"
#include "gainsight/v1/cta.grpc.pb.h"
#include "gainsight/v1/custom_object.grpc.pb.h"
#include "gainsight/v1/metadata.grpc.pb.h"
#include "gainsight/v1/person.grpc.pb.h"
#include "gainsight/v1/playbook.grpc.pb.h"
#include "gainsight/v1/quota.grpc.pb.h"
#include "gainsight/v1/relationship.grpc.pb.h"
#include "gainsight/v1/success_plan.grpc.pb.h"
#include "gainsight/v1/task.grpc.pb.h"
#include "google/protobuf/descriptor.h"
#include "gtest/gtest.h"

namespace gg {
namespace {

using google::protobuf::DescriptorPool;
using google::protobuf::FieldDescriptor;

const char* const kServices[] = {
    "gainsight.v1.CompanyService",      "gainsight.v1.QuotaService",
    "gainsight.v1.PersonService",       "gainsight.v1.CustomObjectService",
    "gainsight.v1.RelationshipService", "gainsight.v1.CtaService",
    "gainsight.v1.TaskService",         "gainsight.v1.PlaybookService",
    "gainsight.v1.SuccessPlanService",  "gainsight.v1.MetadataService",
    "gainsight.v1.BulkService"};

// Links every proto file's descriptors into the generated pool.
void LinkDescriptors() {
  (void)gainsight::v1::InsertCompaniesRequest::descriptor();
  (void)gainsight::v1::GetQuotaRequest::descriptor();
  (void)gainsight::v1::UpsertPeopleRequest::descriptor();
  (void)gainsight::v1::InsertRecordsRequest::descriptor();
  (void)gainsight::v1::InsertRelationshipsRequest::descriptor();
  (void)gainsight::v1::CreateCtasRequest::descriptor();
  (void)gainsight::v1::CreateTasksRequest::descriptor();
  (void)gainsight::v1::ListPlaybooksRequest::descriptor();
  (void)gainsight::v1::CreateSuccessPlansRequest::descriptor();
  (void)gainsight::v1::ListObjectsRequest::descriptor();
  (void)gainsight::v1::GetJobRequest::descriptor();
}

TEST(MethodTableTest, EveryRpcOfEveryServiceHasARuleAndNoMore) {
  LinkDescriptors();
  std::set<std::string> rpcs;
  for (const char* name : kServices) {
    const auto* service =
        DescriptorPool::generated_pool()->FindServiceByName(name);
    ASSERT_NE(service, nullptr) << name;
    for (int i = 0; i < service->method_count(); ++i) {
      rpcs.insert(std::string(name) + "/" + service->method(i)->name());
    }
  }
  std::set<std::string> rules;
  for (const MethodRule& rule : MethodTable()) rules.insert(rule.full_name());
  EXPECT_EQ(rules, rpcs);
}

TEST(MethodTableTest, NamedFieldsExistWithTheRightShape) {
  LinkDescriptors();
  for (const MethodRule& rule : MethodTable()) {
    const auto* method = DescriptorPool::generated_pool()->FindMethodByName(
        std::string(rule.service) + "." + rule.method);
    ASSERT_NE(method, nullptr) << rule.full_name();
    const auto* request = method->input_type();
    if (rule.object_field != nullptr) {
      const FieldDescriptor* f = request->FindFieldByName(rule.object_field);
      ASSERT_NE(f, nullptr) << rule.full_name();
      EXPECT_EQ(f->type(), FieldDescriptor::TYPE_STRING) << rule.full_name();
    }
    if (rule.records_field != nullptr) {
      const FieldDescriptor* f = request->FindFieldByName(rule.records_field);
      ASSERT_NE(f, nullptr) << rule.full_name();
      EXPECT_TRUE(f->is_repeated()) << rule.full_name();
    }
    // Every write and delete counts its records and is audited.
    if (rule.group == MethodGroup::kWrite ||
        rule.group == MethodGroup::kDelete) {
      EXPECT_NE(rule.records_field, nullptr) << rule.full_name();
      EXPECT_TRUE(rule.audited) << rule.full_name();
    }
    if (rule.group == MethodGroup::kRead) {
      EXPECT_FALSE(rule.audited) << rule.full_name();
    }
  }
  EXPECT_TRUE(FindMethodRule("/gainsight.v1.BulkService/StartImport")->audited);
  EXPECT_TRUE(FindMethodRule("gainsight.v1.BulkService/Export")->audited);
  EXPECT_EQ(FindMethodRule("gainsight.v1.BulkService/Nope"), nullptr);
  EXPECT_EQ(FindMethodRule("/grpc.health.v1.Health/Check"), nullptr);
}

TEST(MethodTableTest, ReadsObjectRecordsAndRequestIdFromRequests) {
  gainsight::v1::InsertRecordsRequest insert;
  insert.set_object_name("Renewal__c");
  insert.add_records();
  insert.add_records();
  insert.set_request_id("req-1");
  const MethodRule& rule =
      *FindMethodRule("gainsight.v1.CustomObjectService/InsertRecords");
  EXPECT_EQ(ObjectOf(rule, insert), "Renewal__c");
  EXPECT_EQ(RecordsOf(rule, insert), 2);
  EXPECT_EQ(RequestIdOf(insert), "req-1");

  gainsight::v1::DeleteCompaniesRequest del;
  del.add_gsids("1");
  const MethodRule& company =
      *FindMethodRule("gainsight.v1.CompanyService/DeleteCompanies");
  EXPECT_EQ(ObjectOf(company, del), "Company");
  EXPECT_EQ(RecordsOf(company, del), 1);

  gainsight::v1::GetCtaRequest cta;
  EXPECT_EQ(ObjectOf(*FindMethodRule("gainsight.v1.CtaService/GetCta"), cta),
            std::nullopt);
  EXPECT_EQ(RequestIdOf(cta), "");
}

}  // namespace
}  // namespace gg
