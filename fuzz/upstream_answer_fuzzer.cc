// Any bytes as Gainsight's answer: the HTTP status comes from the first two
// bytes, a Retry-After header from the third, the body is the rest. The
// envelope, error and record parsers must classify it without crashing.
#include <cstddef>
#include <cstdint>
#include <string>

#include "absl/strings/str_cat.h"
#include "gainsight/company_mapping.h"
#include "gainsight/cta_mapping.h"
#include "gainsight/error_mapping.h"
#include "gainsight/metadata_mapping.h"
#include "gainsight/person_mapping.h"
#include "gainsight/playbook_mapping.h"
#include "gainsight/query_body.h"
#include "gainsight/success_plan_mapping.h"
#include "gainsight/task_mapping.h"
#include "gainsight/v1/company.pb.h"
#include "gainsight/v1/cta.pb.h"
#include "gainsight/v1/metadata.pb.h"
#include "gainsight/v1/person.pb.h"
#include "gainsight/v1/playbook.pb.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size < 3) return 0;
  gg::HttpResponse response;
  response.status = 100 + (data[0] << 8 | data[1]) % 500;
  if (data[2] % 4 == 0) {
    response.headers.emplace_back("retry-after", absl::StrCat(data[2] * 1000));
  } else if (data[2] % 4 == 1) {
    response.headers.emplace_back("retry-after", "99999999999999999999999");
  }
  response.body.assign(reinterpret_cast<const char*>(data + 3), size - 3);
  gg::UpstreamOutcome outcome = gg::ClassifyResponse(response);

  // Whatever `data` held goes through every reader of upstream data.
  const gg::Json& d = outcome.data;
  gg::ParseRecordErrors(d);
  if (auto rows = gg::ParseQueryRows(d); rows.ok()) {
    for (const gg::Json& row : *rows) {
      gainsight::v1::Company company;
      (void)gg::CompanyMapping().FromRow(row, &company);
      gainsight::v1::Cta cta;
      (void)gg::CtaFromRow(row, &cta);
      gainsight::v1::Task task;
      (void)gg::TaskFromRow(row, &task);
      gainsight::v1::SuccessPlan plan;
      (void)gg::SuccessPlanFromRow(row, &plan);
    }
  }
  gainsight::v1::ObjectMetadata object;
  (void)gg::DescribeFromJson(d, "Company", &object);
  gainsight::v1::ListObjectsResponse objects;
  (void)gg::ObjectListFromJson(d, &objects);
  gainsight::v1::Person person;
  (void)gg::PersonFromJson(d, &person);
  gainsight::v1::Playbook playbook;
  (void)gg::PlaybookFromJson(d, &playbook);
  (void)gg::ParseTaskConfig(d);
  (void)gg::ParseSuccessPlanConfig(d);
  gainsight::v1::GetCtaConfigResponse cta_config;
  (void)gg::CtaConfigFromJson(d, &cta_config);
  return 0;
}
