// URLs Gainsight returns are followed on the tenant's host only.
#include "gainsight/tenant_url.h"

#include "common/status_details.h"
#include "gtest/gtest.h"

namespace gg {
namespace {

constexpr char kTenant[] = "https://acme.gainsightcloud.com";

TEST(TenantUrlTest, PathsAreTakenOnTheTenant) {
  EXPECT_EQ(*ResolveTenantUrl(kTenant, "/v3/exports/data/bulk/status/j1"),
            "https://acme.gainsightcloud.com/v3/exports/data/bulk/status/j1");
  EXPECT_EQ(*ResolveTenantUrl(kTenant, "v3/x?page=2"),
            "https://acme.gainsightcloud.com/v3/x?page=2");
  // The docs' "{customer domain}//v1.0/...": a doubled slash, not a host.
  EXPECT_EQ(*ResolveTenantUrl(kTenant, "//v3/x"),
            "https://acme.gainsightcloud.com/v3/x");
  EXPECT_EQ(*ResolveTenantUrl("https://acme.gainsightcloud.com/", "/v3/x"),
            "https://acme.gainsightcloud.com/v3/x");
}

TEST(TenantUrlTest, AbsoluteUrlsOnTheTenantAreFollowed) {
  EXPECT_EQ(*ResolveTenantUrl(kTenant, "https://ACME.gainsightcloud.com/c/1"),
            "https://ACME.gainsightcloud.com/c/1");
  EXPECT_TRUE(
      ResolveTenantUrl(kTenant, "https://acme.gainsightcloud.com:443/c").ok());
  EXPECT_TRUE(
      ResolveTenantUrl("http://127.0.0.1:8080", "http://127.0.0.1:8080/c")
          .ok());
}

TEST(TenantUrlTest, OtherHostsSchemesAndOddUrlsAreRefused) {
  for (const char* url :
       {"https://evil.example/v3/x", "http://acme.gainsightcloud.com/v3/x",
        "https://acme.gainsightcloud.com:8443/x",
        "https://acme.gainsightcloud.com@evil.example/x",
        "ftp://acme.gainsightcloud.com/x", "", "/v3/x y", "/v3/\r\nHost: x"}) {
    absl::StatusOr<std::string> resolved = ResolveTenantUrl(kTenant, url);
    ASSERT_FALSE(resolved.ok()) << url;
    EXPECT_EQ(resolved.status().code(), absl::StatusCode::kInternal) << url;
    google::rpc::ErrorInfo info;
    ASSERT_TRUE(GetErrorInfo(resolved.status(), &info));
    EXPECT_EQ(info.reason(), "GAINSIGHT_MALFORMED_RESPONSE");
  }
  EXPECT_NE(ResolveTenantUrl(kTenant, "https://evil.example/x")
                .status()
                .message()
                .find("evil.example"),
            std::string::npos);
}

}  // namespace
}  // namespace gg
