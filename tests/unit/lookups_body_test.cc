#include "gainsight/lookups_body.h"

#include "gtest/gtest.h"

namespace gg {
namespace {

TEST(LookupsBodyTest, NoLookupsIsNoBody) {
  EXPECT_TRUE(LookupsBody({}).is_null());
}

TEST(LookupsBodyTest, EachLookupIsAnEntryUnderItsTargetField) {
  google::protobuf::RepeatedPtrField<gainsight::v1::Lookup> lookups;
  gainsight::v1::Lookup* csm = lookups.Add();
  csm->set_field("Csm");
  csm->set_object_name("GsUser");
  (*csm->mutable_match())["CsmLast"] = "LastName";
  (*csm->mutable_match())["CsmFirst"] = "FirstName";
  csm->set_multi_match(gainsight::v1::LOOKUP_MULTI_MATCH_FIRST);
  csm->set_no_match(gainsight::v1::LOOKUP_NO_MATCH_NULL);
  gainsight::v1::Lookup* parent = lookups.Add();
  parent->set_field("ParentCompany");
  parent->set_object_name("Company");
  parent->set_lookup_field("Gsid");
  (*parent->mutable_match())["ParentName"] = "Name";
  parent->set_no_match(gainsight::v1::LOOKUP_NO_MATCH_DEFAULT);
  EXPECT_EQ(LookupsBody(lookups).dump(),
            R"({"Csm":{"fields":{"CsmFirst":"FirstName","CsmLast":"LastName"},)"
            R"("lookupField":"Gsid","objectName":"GsUser",)"
            R"("multiMatchOption":"FIRSTMATCH","onNoMatch":"NULLABLE"},)"
            R"("ParentCompany":{"fields":{"ParentName":"Name"},)"
            R"("lookupField":"Gsid","objectName":"Company",)"
            R"("multiMatchOption":"MARKASERROR","onNoMatch":"DEFAULTVALUE"}})");
}

}  // namespace
}  // namespace gg
