#include "fieldbench/verify.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <thread>

#include "parallel.hpp"

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
  fillRandom(bls12381Fp(), std::span<std::uint64_t>(reinterpret_cast<std::uint64_t*>(out.data()), out.size() * 6), seed);
}

void fillRandom(const Field& f, std::span<std::uint64_t> words, std::uint64_t seed) {
  SplitMix64 rng(seed);
  // Draw f.bits random bits and reject values >= p (for BLS12-381 Fp about 19% of draws).
  const unsigned topBits = f.bits - 64 * static_cast<unsigned>(f.limbs - 1);
  const std::uint64_t topMask = topBits == 64 ? ~std::uint64_t{0} : (std::uint64_t{1} << topBits) - 1;
  const std::size_t count = words.size() / f.limbs;
  for (std::size_t i = 0; i < count; ++i) {
    Element x{};
    do {
      for (std::size_t k = 0; k < f.limbs; ++k) x[k] = rng.next();
      x[f.limbs - 1] &= topMask;
    } while (!isCanonical(f, x));
    storeElement(words, i, f.limbs, x);
  }
}

std::vector<std::uint64_t> randomWords(const Field& f, std::uint64_t count, std::uint64_t seed) {
  std::vector<std::uint64_t> out(count * f.limbs);
  fillRandom(f, out, seed);
  return out;
}

std::vector<std::uint64_t> referenceOp(const Field& f, FieldOp op, std::uint32_t k, std::span<const std::uint64_t> a,
                                       std::span<const std::uint64_t> b) {
  std::vector<std::uint64_t> out(a.size());
  parallelFor(a.size() / f.limbs, [&](std::size_t begin, std::size_t end) {
    for (std::size_t i = begin; i < end; ++i) {
      storeElement(out, i, f.limbs, chainOp(f, op, loadElement(a, i, f.limbs), loadElement(b, i, f.limbs), k));
    }
  });
  return out;
}

std::vector<std::uint64_t> referenceIntProbe(std::span<const std::uint64_t> a, std::span<const std::uint64_t> b,
                                             bool wide) {
  std::vector<std::uint64_t> out(a.size());
  parallelFor(a.size(), [&](std::size_t begin, std::size_t end) {
    for (std::size_t i = begin; i < end; ++i) {
      std::uint64_t r = 0;
      for (unsigned half = 0; half < 2; ++half) {
        auto x = static_cast<std::uint32_t>(a[i] >> (32 * half));
        const auto y = static_cast<std::uint32_t>(b[i] >> (32 * half));
        const std::uint32_t c = y ^ kIntProbeSalt;
        if (wide) {
          std::uint64_t acc = (std::uint64_t{c} << 32) | x;
          for (std::uint32_t k = 0; k < kIntProbeRounds; ++k) acc += std::uint64_t{static_cast<std::uint32_t>(acc)} * y;
          x = static_cast<std::uint32_t>(acc) ^ static_cast<std::uint32_t>(acc >> 32);
        } else {
          for (std::uint32_t k = 0; k < kIntProbeRounds; ++k) x = x * y + c;
        }
        r |= std::uint64_t{x} << (32 * half);
      }
      out[i] = r;
    }
  });
  return out;
}

std::vector<std::uint64_t> referenceFp64Probe(std::span<const std::uint64_t> a, std::span<const std::uint64_t> b) {
  std::vector<std::uint64_t> out(a.size());
  parallelFor(a.size(), [&](std::size_t begin, std::size_t end) {
    for (std::size_t i = begin; i < end; ++i) {
      std::uint64_t r = 0;
      for (unsigned half = 0; half < 2; ++half) {
        const auto w = static_cast<std::uint32_t>(b[i] >> (32 * half));
        auto x = static_cast<std::int32_t>((a[i] >> (32 * half)) & 0xfffff);
        // c = j + 1 for word j of the element's 12 (6 u64s a 48-byte element)
        const std::int32_t y = (w & 1) != 0 ? 1 : -1, c = static_cast<std::int32_t>(2 * (i % 6) + half + 1);
        for (std::uint32_t k = 0; k < kIntProbeRounds; ++k) x = x * y + c;
        r |= std::uint64_t{static_cast<std::uint32_t>(x)} << (32 * half);
      }
      out[i] = r;
    }
  });
  return out;
}

VerifyResult compareWords(std::span<const std::uint64_t> got, std::span<const std::uint64_t> expected,
                          std::size_t limbs) {
  VerifyResult r;
  r.checked = expected.size() / limbs;
  if (got.size() != expected.size()) {
    r.mismatches = r.checked;
    r.detail = fmt::format("result has {} elements, expected {}", got.size() / limbs, r.checked);
    return r;
  }
  for (std::size_t i = 0; i < r.checked; ++i) {
    if (!std::equal(got.begin() + static_cast<std::ptrdiff_t>(i * limbs),
                    got.begin() + static_cast<std::ptrdiff_t>((i + 1) * limbs),
                    expected.begin() + static_cast<std::ptrdiff_t>(i * limbs))) {
      if (r.mismatches++ == 0) r.firstMismatch = i;
    }
  }
  if (r.mismatches != 0) {
    auto hex = [&](std::span<const std::uint64_t> w) {
      std::string s = "0x";
      for (std::size_t k = limbs; k-- > 0;) s += fmt::format("{:016x}", w[r.firstMismatch * limbs + k]);
      return s;
    };
    r.detail = fmt::format("{} of {} elements differ; first at index {}: got {}, expected {}", r.mismatches,
                           r.checked, r.firstMismatch, hex(got), hex(expected));
  }
  return r;
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

std::string toHex(const Element& x) { return toHex(std::span<const std::uint64_t>(x)); }

std::string toHex(std::span<const std::uint64_t> limbs) {
  std::string s = "0x";
  for (std::size_t i = limbs.size(); i-- > 0;) s += fmt::format("{:016x}", limbs[i]);
  return s;
}

VerifyResult compareXor(std::span<const std::uint64_t> got, std::span<const std::uint64_t> a,
                        std::span<const std::uint64_t> b, std::size_t limbs) {
  std::vector<std::uint64_t> want(a.size());
  for (std::size_t i = 0; i < a.size(); ++i) want[i] = a[i] ^ b[i];
  return compareWords(got, want, limbs);
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
