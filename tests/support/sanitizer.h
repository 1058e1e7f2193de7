// Whether this test binary runs under AddressSanitizer: its shadow memory,
// quarantine and slower code change memory and timing figures, which the
// tests that measure them then bound more loosely (or not at all).
#ifndef GAINSIGHT_GATEWAY_TESTS_SUPPORT_SANITIZER_H_
#define GAINSIGHT_GATEWAY_TESTS_SUPPORT_SANITIZER_H_

namespace gg::testing {

#if defined(__SANITIZE_ADDRESS__)
inline constexpr bool kUnderAddressSanitizer = true;
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
inline constexpr bool kUnderAddressSanitizer = true;
#else
inline constexpr bool kUnderAddressSanitizer = false;
#endif
#else
inline constexpr bool kUnderAddressSanitizer = false;
#endif

}  // namespace gg::testing

#endif  // GAINSIGHT_GATEWAY_TESTS_SUPPORT_SANITIZER_H_
