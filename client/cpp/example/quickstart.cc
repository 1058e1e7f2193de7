// A tour of the gateway through the C++ client library: upsert companies,
// read them back page by page, create a CTA, read the quota, and wait out a
// RESOURCE_EXHAUSTED as its RetryInfo says.
//
//   gainsight-client-example --target localhost:50051 [--tls] [--timeout 5s]
//       [--service-config client/service_config.json]
//       [--prefix "Example Co"] [--cta-owner csm.one@example.com]
//
// Exits 0 when every step worked, 1 on bad flags, 2 when a call failed.
#include <fstream>
#include <iostream>
#include <memory>
#include <sstream>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/time/time.h"
#include "gainsight/v1/company.grpc.pb.h"
#include "gainsight/v1/cta.grpc.pb.h"
#include "gainsight/v1/quota.grpc.pb.h"
#include "gainsight_client/channel.h"
#include "gainsight_client/pager.h"
#include "gainsight_client/rate_limit_retry.h"
#include "gainsight_client/request_id.h"
#include "gainsight_client/status_details.h"

namespace gv1 = gainsight::v1;
using gainsight_client::CallWithRateLimitRetry;
using gainsight_client::ClientOptions;
using gainsight_client::NewContext;

namespace {

constexpr int kCompanies = 5;
constexpr int kPageSize = 2;
constexpr int kMaxAttempts = 5;

struct ExampleFlags {
  ClientOptions client;
  std::string prefix = "Example Co";
  // Email of an active Gainsight user (the sandbox seeds this one).
  std::string cta_owner = "csm.one@example.com";
};

bool ParseFlags(int argc, char** argv, ExampleFlags* flags) {
  flags->client.timeout = absl::Seconds(10);
  for (int i = 1; i < argc; ++i) {
    std::string arg = argv[i];
    auto value = [&](std::string* out) {
      if (i + 1 >= argc) return false;
      *out = argv[++i];
      return true;
    };
    std::string timeout, config_path;
    if (arg == "--tls") {
      flags->client.tls = true;
    } else if (arg == "--target") {
      if (!value(&flags->client.target)) return false;
    } else if (arg == "--prefix") {
      if (!value(&flags->prefix)) return false;
    } else if (arg == "--cta-owner") {
      if (!value(&flags->cta_owner)) return false;
    } else if (arg == "--service-config") {
      // Retry policy and per-method timeouts as a gRPC service config.
      if (!value(&config_path)) return false;
      std::ifstream in(config_path);
      if (!in) return false;
      std::stringstream text;
      text << in.rdbuf();
      flags->client.service_config_json = text.str();
    } else if (arg == "--timeout") {
      if (!value(&timeout) ||
          !absl::ParseDuration(timeout, &flags->client.timeout)) {
        return false;
      }
    } else {
      return false;
    }
  }
  return true;
}

void PrintError(const std::string& what, const grpc::Status& status) {
  std::cout << what
            << " failed: " << gainsight_client::CodeName(status.error_code())
            << ": " << status.error_message() << "\n";
  for (const std::string& line : gainsight_client::DescribeDetails(
           gainsight_client::ParseDetails(status))) {
    std::cout << "  " << line << "\n";
  }
}

// Every call goes through here: RESOURCE_EXHAUSTED with RetryInfo is retried
// after the delay the gateway names.
grpc::Status Call(const std::function<grpc::Status()>& call) {
  return CallWithRateLimitRetry(call, kMaxAttempts, [](absl::Duration wait) {
    std::cout << "rate limited (RESOURCE_EXHAUSTED): retrying in "
              << absl::FormatDuration(absl::Trunc(wait, absl::Milliseconds(1)))
              << " as RetryInfo asks\n";
  });
}

bool UpsertCompanies(const ExampleFlags& flags, gv1::CompanyService::Stub& stub,
                     std::string* first_gsid) {
  gv1::UpsertCompaniesRequest request;
  request.add_keys("Name");
  for (int i = 1; i <= kCompanies; ++i) {
    gv1::Company* company = request.add_companies();
    company->set_name(absl::StrCat(flags.prefix, " ", i));
    company->set_industry("Software");
    company->set_arr(100000.0 * i);
  }
  gv1::UpsertCompaniesResponse response;
  grpc::Status status = Call([&] {
    return stub.UpsertCompanies(NewContext(flags.client).get(), request,
                                &response);
  });
  if (!status.ok()) {
    PrintError("upsert", status);
    return false;
  }
  int inserted = 0, updated = 0, failed = 0;
  for (const gv1::RecordResult& result : response.results()) {
    if (result.action() == gv1::WRITE_ACTION_INSERTED) ++inserted;
    if (result.action() == gv1::WRITE_ACTION_UPDATED) ++updated;
    if (result.has_error()) {
      ++failed;
      std::cout << "  company " << result.index() << ": "
                << gainsight_client::CodeName(result.error().code()) << ": "
                << result.error().message() << "\n";
    }
  }
  std::cout << "upserted " << response.results_size()
            << " companies: " << inserted << " inserted, " << updated
            << " updated, " << failed << " failed\n";
  if (failed > 0 || response.results_size() == 0) return false;
  *first_gsid = response.results(0).gsid();
  return true;
}

bool QueryPageByPage(const ExampleFlags& flags,
                     gv1::CompanyService::Stub& stub) {
  gv1::QueryCompaniesRequest request;
  request.add_select("Name");
  request.add_select("Arr");
  gv1::Condition* condition = request.mutable_filter()->add_conditions();
  condition->set_field("Name");
  condition->set_operator_(gv1::OPERATOR_STARTS_WITH);
  condition->add_values()->set_string_value(flags.prefix);
  gv1::OrderBy* order = request.add_order_by();
  order->set_field("Name");
  request.set_page_size(kPageSize);

  // Each page goes through the RetryInfo retry as well.
  gainsight_client::UnaryCall<gv1::QueryCompaniesRequest,
                              gv1::QueryCompaniesResponse>
      query = [&](grpc::ClientContext*, const gv1::QueryCompaniesRequest& r,
                  gv1::QueryCompaniesResponse* page) {
        return Call([&] {
          return stub.QueryCompanies(NewContext(flags.client).get(), r, page);
        });
      };
  gainsight_client::Pager<gv1::QueryCompaniesRequest,
                          gv1::QueryCompaniesResponse>
      pages(query, request,
            [] { return std::make_unique<grpc::ClientContext>(); });
  int total = 0;
  gv1::QueryCompaniesResponse page;
  while (true) {
    absl::StatusOr<bool> more = pages.Next(&page);
    if (!more.ok()) {
      std::cout << "query failed: " << more.status() << "\n";
      return false;
    }
    if (!*more) break;
    std::vector<std::string> names;
    for (const gv1::Company& company : page.companies()) {
      names.push_back(company.name());
    }
    total += page.companies_size();
    std::cout << "page " << pages.pages() << ": " << absl::StrJoin(names, ", ")
              << "\n";
  }
  std::cout << "read " << total << " companies in " << pages.pages()
            << " pages\n";
  return true;
}

// Picks the first CTA type of the tenant's configuration and, for it, the
// first reason, open status and priority.
bool CreateCta(const ExampleFlags& flags, gv1::CtaService::Stub& stub,
               const std::string& company_gsid) {
  gv1::GetCtaConfigResponse config;
  grpc::Status status = Call([&] {
    return stub.GetCtaConfig(NewContext(flags.client).get(), {}, &config);
  });
  if (!status.ok()) {
    PrintError("CTA configuration", status);
    return false;
  }
  gv1::CreateCtasRequest request;
  gv1::Cta* cta = request.add_ctas();
  cta->set_name(absl::StrCat("Check in with ", flags.prefix, " 1"));
  cta->set_company_id(company_gsid);
  cta->set_owner(flags.cta_owner);
  for (const gv1::CtaTypeConfig& type : config.types()) {
    if (type.reasons().empty() || type.priorities().empty()) continue;
    cta->set_type(type.type().label());
    cta->set_reason(type.reasons(0).label());
    cta->set_priority(type.priorities(0).label());
    for (const gv1::PicklistItem& item : type.statuses()) {
      if (!item.closed()) {
        cta->set_status(item.label());
        break;
      }
    }
    break;
  }
  // One request_id for this create, kept across the retries below: the
  // gateway writes it once.
  gainsight_client::EnsureRequestId(request);
  gv1::CreateCtasResponse response;
  status = Call([&] {
    return stub.CreateCtas(NewContext(flags.client).get(), request, &response);
  });
  if (!status.ok()) {
    PrintError("create CTA", status);
    return false;
  }
  const gv1::RecordResult& result = response.results(0);
  if (result.has_error()) {
    std::cout << "create CTA failed: "
              << gainsight_client::CodeName(result.error().code()) << ": "
              << result.error().message() << "\n";
    return false;
  }
  std::cout << "created CTA " << result.gsid() << " (" << cta->type() << ", "
            << cta->status() << ", " << cta->priority() << ", " << cta->reason()
            << ", owner " << cta->owner() << ")\n";
  return true;
}

bool ReadQuota(const ExampleFlags& flags, gv1::QuotaService::Stub& stub) {
  gv1::GetQuotaResponse quota;
  grpc::Status status = Call([&] {
    return stub.GetQuota(NewContext(flags.client).get(), {}, &quota);
  });
  if (!status.ok()) {
    PrintError("quota", status);
    return false;
  }
  for (const gv1::QuotaClass& c : quota.classes()) {
    for (const gv1::QuotaWindow& w : c.windows()) {
      std::cout << "quota " << gv1::CallClass_Name(c.call_class()) << " per "
                << absl::FormatDuration(absl::Seconds(w.length().seconds()) +
                                        absl::Nanoseconds(w.length().nanos()))
                << ": " << w.used() << " used of " << w.usable() << ", "
                << w.remaining() << " remaining\n";
    }
  }
  return true;
}

}  // namespace

int main(int argc, char** argv) {
  ExampleFlags flags;
  if (!ParseFlags(argc, argv, &flags)) {
    std::cerr << "usage: gainsight-client-example [--target HOST:PORT] [--tls] "
                 "[--timeout DURATION] [--service-config FILE] [--prefix NAME] "
                 "[--cta-owner EMAIL]\n";
    return 1;
  }
  absl::StatusOr<std::shared_ptr<grpc::Channel>> channel =
      gainsight_client::MakeChannel(flags.client);
  if (!channel.ok()) {
    std::cerr << channel.status() << "\n";
    return 1;
  }
  gv1::CompanyService::Stub companies(*channel);
  gv1::CtaService::Stub ctas(*channel);
  gv1::QuotaService::Stub quota(*channel);

  std::string first_gsid;
  if (!UpsertCompanies(flags, companies, &first_gsid)) return 2;
  if (!QueryPageByPage(flags, companies)) return 2;
  if (!CreateCta(flags, ctas, first_gsid)) return 2;
  if (!ReadQuota(flags, quota)) return 2;
  std::cout << "done\n";
  return 0;
}
