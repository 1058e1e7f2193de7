// Filter expressions and page tokens as callers send them: any bytes.
#include <cstddef>
#include <cstdint>
#include <string>

#include "api/page_token.h"
#include "api/validation.h"
#include "gainsight/endpoints.h"
#include "gainsight/v1/company.pb.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string input(reinterpret_cast<const char*>(data), size);
  gainsight::v1::QueryCompaniesRequest request;
  gainsight::v1::Filter* filter = request.mutable_filter();
  for (const char* alias : {"A", "B", "C", "Alias1"}) {
    gainsight::v1::Condition* c = filter->add_conditions();
    c->set_field("Name");
    c->set_alias(alias);
    c->set_operator_(gainsight::v1::OPERATOR_EQ);
    c->add_values()->set_string_value("x");
  }
  filter->set_expression(input);
  gg::Violations violations;
  gg::CheckFilter(*filter, violations);
  gg::CheckFieldPath(input, "select[0]", violations);

  // The same bytes as a page token, of either kind of listing.
  request.set_page_token(input);
  gg::ReadPage(request, 10, input, gg::kDefaultPageSize, gg::kMaxQueryLimit,
               violations);
  gg::ReadNumberedPage(request, 25, input, 50, 100, violations);
  return 0;
}
