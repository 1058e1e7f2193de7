#include "common/closest_names.h"

#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace gg {
namespace {

using ::testing::ElementsAre;
using ::testing::IsEmpty;

const std::vector<std::string> kNames = {"Name", "Region__gc",
                                         "RenewalDate__gc", "Arr", "Area__gc"};

TEST(ClosestNamesTest, ATypoFindsTheNameItMisspells) {
  EXPECT_THAT(ClosestNames("Nmae", kNames), ElementsAre("Name"));
  EXPECT_THAT(ClosestNames("Industy", {"Industry", "Status"}),
              ElementsAre("Industry"));
}

TEST(ClosestNamesTest, CaseUnderscoresAndTheGcSuffixDoNotCount) {
  EXPECT_THAT(ClosestNames("region", kNames), ElementsAre("Region__gc"));
  EXPECT_THAT(ClosestNames("renewal_date__gc", kNames),
              ElementsAre("RenewalDate__gc"));
}

TEST(ClosestNamesTest, TheClosestComeFirstAndAtMostThree) {
  EXPECT_THAT(ClosestNames("Are", kNames),
              ElementsAre("Arr", "Area__gc", "Name"));
  const std::vector<std::string> many = {"Ab", "Ac", "Ad", "Ae", "Aa"};
  EXPECT_EQ(ClosestNames("Ax", many).size(), 3u);
}

TEST(ClosestNamesTest, FarNamesEmptyAndOverlongNamesSuggestNothing) {
  EXPECT_THAT(ClosestNames("Owner", kNames), IsEmpty());
  EXPECT_THAT(ClosestNames("", kNames), IsEmpty());
  EXPECT_THAT(ClosestNames(std::string(101, 'a'), {std::string(101, 'a')}),
              IsEmpty());
}

TEST(ClosestNamesTest, DidYouMeanListsTheSuggestions) {
  EXPECT_EQ(DidYouMean({}), "");
  EXPECT_EQ(DidYouMean({"Name"}), " (did you mean Name?)");
  EXPECT_EQ(DidYouMean({"Arr", "Area__gc"}),
            " (did you mean Arr or Area__gc?)");
}

}  // namespace
}  // namespace gg
