// Naming related records by their fields: what each way costs in upstream
// sync calls. Against a running gateway (and its sandbox):
//   gg_lookup_bench seed TARGET COMPANIES PREFIX
//     Creates COMPANIES companies named PREFIX-0 .. PREFIX-(COMPANIES-1).
//   gg_lookup_bench MODE TARGET RECORDS COMPANIES PREFIX
//     Writes RECORDS Renewal_Tracker__gc records, record i naming company
//     PREFIX-(i % COMPANIES) by name, in requests of 1,000 records:
//     per-record   one QueryCompanies by name per record, then the writes;
//     batched      QueryCompanies with Name IN (up to 500 names a call),
//                  then the writes;
//     lookup       the writes alone, Company_ID__gc filled by a write-time
//                  lookup (Gainsight resolves the names in the write call).
//   Prints records=N failed=M; bench/run.sh counts the upstream calls in
//   the sandbox's call log.
#include <algorithm>
#include <cstdio>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "gainsight/v1/company.grpc.pb.h"
#include "gainsight/v1/custom_object.grpc.pb.h"
#include "grpcpp/grpcpp.h"

namespace {

namespace v1 = gainsight::v1;

std::string CompanyName(const std::string& prefix, int i) {
  return absl::StrCat(prefix, "-", i);
}

int Seed(v1::CompanyService::Stub& companies, int count,
         const std::string& prefix) {
  v1::InsertCompaniesRequest request;
  for (int i = 0; i < count; ++i) {
    request.add_companies()->set_name(CompanyName(prefix, i));
  }
  grpc::ClientContext context;
  v1::InsertCompaniesResponse response;
  grpc::Status status = companies.InsertCompanies(&context, request, &response);
  if (!status.ok()) {
    std::fprintf(stderr, "seed: %s\n", status.error_message().c_str());
    return 1;
  }
  return 0;
}

// GSIDs of companies by name: one query per name, or IN queries of 500.
std::map<std::string, std::string> Resolve(
    v1::CompanyService::Stub& companies, const std::vector<std::string>& names,
    bool batched) {
  std::map<std::string, std::string> gsids;
  const size_t step = batched ? 500 : 1;
  for (size_t start = 0; start < names.size(); start += step) {
    v1::QueryCompaniesRequest request;
    request.add_select("Name");
    request.set_page_size(static_cast<int>(step));
    auto* c = request.mutable_filter()->add_conditions();
    c->set_field("Name");
    c->set_operator_(batched ? v1::OPERATOR_IN : v1::OPERATOR_EQ);
    for (size_t i = start; i < std::min(names.size(), start + step); ++i) {
      c->add_values()->set_string_value(names[i]);
    }
    grpc::ClientContext context;
    v1::QueryCompaniesResponse response;
    if (!companies.QueryCompanies(&context, request, &response).ok()) continue;
    for (const auto& company : response.companies()) {
      gsids[company.name()] = company.gsid();
    }
  }
  return gsids;
}

int Write(const std::string& target, const std::string& mode, int records,
          int company_count, const std::string& prefix) {
  auto channel =
      grpc::CreateChannel(target, grpc::InsecureChannelCredentials());
  auto companies = v1::CompanyService::NewStub(channel);
  auto objects = v1::CustomObjectService::NewStub(channel);
  std::map<std::string, std::string> gsids;
  if (mode == "per-record") {
    // As a caller that resolves each record's company as it writes it.
    std::vector<std::string> names;
    for (int i = 0; i < records; ++i) {
      names.push_back(CompanyName(prefix, i % company_count));
    }
    gsids = Resolve(*companies, names, /*batched=*/false);
  } else if (mode == "batched") {
    std::vector<std::string> names;
    for (int i = 0; i < company_count; ++i) {
      names.push_back(CompanyName(prefix, i));
    }
    gsids = Resolve(*companies, names, /*batched=*/true);
  }
  int failed = 0;
  for (int start = 0; start < records; start += 1000) {
    v1::InsertRecordsRequest request;
    request.set_object_name("Renewal_Tracker__gc");
    for (int i = start; i < std::min(records, start + 1000); ++i) {
      auto& fields = *request.add_records()->mutable_fields();
      fields["Name__gc"].set_string_value(absl::StrCat(prefix, " renewal ", i));
      const std::string company = CompanyName(prefix, i % company_count);
      if (mode == "lookup") {
        fields["CompanyName"].set_string_value(company);
      } else {
        fields["Company_ID__gc"].set_string_value(gsids[company]);
      }
    }
    if (mode == "lookup") {
      v1::Lookup* lookup = request.add_lookups();
      lookup->set_field("Company_ID__gc");
      lookup->set_object_name("Company");
      (*lookup->mutable_match())["CompanyName"] = "Name";
    }
    grpc::ClientContext context;
    v1::InsertRecordsResponse response;
    grpc::Status status = objects->InsertRecords(&context, request, &response);
    if (!status.ok()) {
      std::fprintf(stderr, "write: %s\n", status.error_message().c_str());
      return 1;
    }
    for (const auto& r : response.results()) failed += r.has_error() ? 1 : 0;
  }
  std::printf("records=%d failed=%d\n", records, failed);
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc >= 5 && std::string(argv[1]) == "seed") {
    int count = 0;
    absl::SimpleAtoi(argv[3], &count);
    auto companies = v1::CompanyService::NewStub(
        grpc::CreateChannel(argv[2], grpc::InsecureChannelCredentials()));
    return Seed(*companies, count, argv[4]);
  }
  if (argc >= 6) {
    int records = 0, companies = 0;
    absl::SimpleAtoi(argv[3], &records);
    absl::SimpleAtoi(argv[4], &companies);
    const std::string mode = argv[1];
    if ((mode == "per-record" || mode == "batched" || mode == "lookup") &&
        records > 0 && companies > 0) {
      return Write(argv[2], mode, records, companies, argv[5]);
    }
  }
  std::fprintf(stderr,
               "usage: gg_lookup_bench seed TARGET COMPANIES PREFIX\n"
               "       gg_lookup_bench per-record|batched|lookup TARGET "
               "RECORDS COMPANIES PREFIX\n");
  return 2;
}
