#include "fieldbench/verify.hpp"

#include <fmt/format.h>

namespace fieldbench {
namespace {

// splitmix64: small, fast, and fully specified, so a seed means the same inputs everywhere.
class SplitMix64 {
 public:
  explicit SplitMix64(std::uint64_t seed) : state_(seed) {}
  std::uint64_t next() {
    std::uint64_t z = (state_ += 0x9e3779b97f4a7c15ull);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
    return z ^ (z >> 31);
  }

 private:
  std::uint64_t state_;
};

}  // namespace

std::vector<Element> randomElements(std::uint64_t count, std::uint64_t seed) {
  std::vector<Element> out(count);
  fillRandom(out, seed);
  return out;
}

void fillRandom(std::span<Element> out, std::uint64_t seed) {
  SplitMix64 rng(seed);
  // p has 381 bits: draw 381 random bits and reject values >= p (about 19% of draws).
  constexpr std::uint64_t kTopMask = (std::uint64_t{1} << 61) - 1;
  for (auto& x : out) {
    do {
      for (auto& limb : x) limb = rng.next();
      x[5] &= kTopMask;
    } while (!isCanonical(x));
  }
}

std::vector<Element> referenceAdd(std::span<const Element> a, std::span<const Element> b) {
  std::vector<Element> out(a.size());
  for (std::size_t i = 0; i < a.size(); ++i) out[i] = fpAdd(a[i], b[i]);
  return out;
}

VerifyResult compareXor(std::span<const Element> got, std::span<const Element> a, std::span<const Element> b) {
  VerifyResult r;
  r.checked = a.size();
  Element firstWant{};
  for (std::size_t i = 0; i < a.size(); ++i) {
    Element want;
    for (std::size_t k = 0; k < want.size(); ++k) want[k] = a[i][k] ^ b[i][k];
    if (got[i] != want) {
      if (r.mismatches++ == 0) {
        r.firstMismatch = i;
        firstWant = want;
      }
    }
  }
  if (r.mismatches != 0) {
    r.detail = fmt::format("{} of {} elements differ; first at index {}: got {}, expected {}", r.mismatches,
                           r.checked, r.firstMismatch, toHex(got[r.firstMismatch]), toHex(firstWant));
  }
  return r;
}

std::string toHex(const Element& x) {
  std::string s = "0x";
  for (std::size_t i = x.size(); i-- > 0;) s += fmt::format("{:016x}", x[i]);
  return s;
}

VerifyResult compareResults(std::span<const Element> got, std::span<const Element> expected) {
  VerifyResult r;
  r.checked = expected.size();
  if (got.size() != expected.size()) {
    r.mismatches = expected.size();
    r.detail = fmt::format("result has {} elements, expected {}", got.size(), expected.size());
    return r;
  }
  for (std::size_t i = 0; i < got.size(); ++i) {
    if (got[i] != expected[i]) {
      if (r.mismatches == 0) r.firstMismatch = i;
      ++r.mismatches;
    }
  }
  if (r.mismatches != 0) {
    r.detail = fmt::format("{} of {} elements differ; first at index {}: got {}, expected {}",
                           r.mismatches, r.checked, r.firstMismatch, toHex(got[r.firstMismatch]),
                           toHex(expected[r.firstMismatch]));
  }
  return r;
}

}  // namespace fieldbench
