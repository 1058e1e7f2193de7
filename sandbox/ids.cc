#include "sandbox/ids.h"

#include <cstdint>
#include <random>

#include "absl/strings/ascii.h"

namespace gg::sandbox {
namespace {

std::mt19937_64& ThreadRng() {
  thread_local std::mt19937_64 rng{std::random_device{}()};
  return rng;
}

}  // namespace

std::string NewRequestId() {
  static constexpr char kHex[] = "0123456789abcdef";
  uint64_t hi = ThreadRng()();
  uint64_t lo = ThreadRng()();
  hi = (hi & ~0xF000ULL) | 0x4000ULL;              // version 4
  lo = (lo & ~(0xC0ULL << 56)) | (0x80ULL << 56);  // RFC 4122 variant
  std::string out;
  out.reserve(36);
  for (int i = 0; i < 32; ++i) {
    if (i == 8 || i == 12 || i == 16 || i == 20) out.push_back('-');
    uint64_t word = i < 16 ? hi : lo;
    int shift = 60 - 4 * (i % 16);
    out.push_back(kHex[(word >> shift) & 0xF]);
  }
  return out;
}

std::string NewGsid(absl::string_view prefix) {
  static constexpr char kAlphabet[] = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ";
  std::uniform_int_distribution<int> pick(0, 35);
  std::string out(prefix);
  while (out.size() < static_cast<size_t>(kGsidLength)) {
    out.push_back(kAlphabet[pick(ThreadRng())]);
  }
  return out;
}

bool IsGsidShaped(absl::string_view text) {
  if (text.size() != static_cast<size_t>(kGsidLength)) return false;
  for (char c : text) {
    if (!absl::ascii_isdigit(c) && !absl::ascii_isupper(c)) return false;
  }
  return true;
}

}  // namespace gg::sandbox
