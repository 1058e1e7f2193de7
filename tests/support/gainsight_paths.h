// Gainsight paths that several tests script or count calls to.
#ifndef GAINSIGHT_GATEWAY_TESTS_SUPPORT_GAINSIGHT_PATHS_H_
#define GAINSIGHT_GATEWAY_TESTS_SUPPORT_GAINSIGHT_PATHS_H_

namespace gg::testing {

inline constexpr char kCompanyQueryPath[] = "/v1/data/objects/query/Company";
inline constexpr char kCompanyWritePath[] = "/v1/data/objects/Company";
// Followed by an object name and "/describe".
inline constexpr char kDescribePathPrefix[] = "/v1/meta/services/objects/";
// The Cockpit picklists (CTA types, statuses, priorities, reasons).
inline constexpr char kCockpitPicklistPath[] =
    "/v2/cockpit/admin/picklist/lite";

}  // namespace gg::testing

#endif  // GAINSIGHT_GATEWAY_TESTS_SUPPORT_GAINSIGHT_PATHS_H_
