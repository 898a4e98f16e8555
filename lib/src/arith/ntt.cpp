#include "fieldbench/ntt.hpp"

#include <fmt/format.h>

#include <bit>

#include "fieldbench/error.hpp"
#include "parallel.hpp"

namespace fieldbench {
namespace {

Element small(std::uint64_t v) {
  Element e{};
  e[0] = v;
  return e;
}

// x >> k for k < 64 over all limbs.
Element shiftRight(const Element& x, unsigned k) {
  Element out{};
  for (std::size_t i = 0; i < x.size(); ++i) {
    out[i] = x[i] >> k;
    if (k != 0 && i + 1 < x.size()) out[i] |= x[i + 1] << (64 - k);
  }
  return out;
}

Element minusOne(const Element& x) {  // x > 0
  Element out = x;
  for (auto& limb : out) {
    if (limb-- != 0) break;
  }
  return out;
}

std::uint64_t reverseBits(std::uint64_t i, unsigned bits) {
  std::uint64_t r = 0;
  for (unsigned b = 0; b < bits; ++b) r |= ((i >> b) & 1u) << (bits - 1 - b);
  return r;
}

// w_n^i in Montgomery form for i < n/2 (n >= 2): the twiddles of every stage (stage of
// half-size m uses index j * n / (2m)).
std::vector<Element> montTwiddles(const Field& f, std::uint64_t n, bool inverse) {
  std::vector<Element> tw(n / 2);
  const Element w = toMontgomery(f, rootOfUnity(f, n, inverse));
  tw[0] = f.r;
  // Blocks of powers from one power each: w^(b*B + i) = w^(b*B) * w^i, the blocks in parallel.
  const std::uint64_t block = std::min<std::uint64_t>(n / 2, 1024);
  for (std::uint64_t i = 1; i < block; ++i) tw[i] = montMul(f, tw[i - 1], w);
  const Element wBlock = toMontgomery(f, fieldPow(f, rootOfUnity(f, n, inverse), small(block)));
  const std::uint64_t blocks = n / 2 / block;
  std::vector<Element> starts(blocks, f.r);
  for (std::uint64_t b = 1; b < blocks; ++b) starts[b] = montMul(f, starts[b - 1], wBlock);
  parallelFor(blocks, [&](std::size_t begin, std::size_t end) {
    for (std::size_t b = std::max<std::size_t>(begin, 1); b < end; ++b) {
      for (std::uint64_t i = 0; i < block; ++i) tw[b * block + i] = montMul(f, starts[b], tw[i]);
    }
  });
  return tw;
}

}  // namespace

unsigned nttTwoAdicity(const Field& f) {
  if (&f == &bls12381Fr()) return 32;
  if (&f == &bn254Fr()) return 28;
  return 0;
}

std::uint64_t nttGenerator(const Field& f) {
  if (&f == &bls12381Fr()) return 7;
  if (&f == &bn254Fr()) return 5;
  return 0;
}

void checkNttSize(const Field& f, std::uint64_t n) {
  const unsigned adicity = nttTwoAdicity(f);
  if (adicity == 0) {
    throwUsage(fmt::format("--op ntt/intt: invalid field '{}': expected a scalar field with an NTT, bls12-381-fr "
                           "(sizes up to 2^32) or bn254-fr (up to 2^28)", f.name));
  }
  if (n < 2 || !std::has_single_bit(n)) {
    throwUsage(fmt::format("--op ntt/intt: invalid size {}: expected a power of two from 2 to 2^{} ({})", n, adicity,
                           f.name));
  }
  if (std::countr_zero(n) > static_cast<int>(adicity)) {
    throwUsage(fmt::format("--op ntt/intt: invalid size {}: beyond {}'s two-adicity, at most 2^{}", n, f.name,
                           adicity));
  }
}

Element fieldPow(const Field& f, const Element& x, const Element& e) {
  Element acc = f.r;  // 1, Montgomery form
  const Element base = toMontgomery(f, x);
  for (std::size_t i = e.size(); i-- > 0;) {
    for (int b = 63; b >= 0; --b) {
      acc = montMul(f, acc, acc);
      if ((e[i] >> b) & 1u) acc = montMul(f, acc, base);
    }
  }
  return fromMontgomery(f, acc);
}

Element toMontgomery(const Field& f, const Element& x) { return montMul(f, x, f.r2); }
Element fromMontgomery(const Field& f, const Element& x) { return montMul(f, x, small(1)); }

Element rootOfUnity(const Field& f, std::uint64_t n, bool inverse) {
  checkNttSize(f, n);
  const Element exponent = shiftRight(minusOne(f.modulus), static_cast<unsigned>(std::countr_zero(n)));
  const Element w = fieldPow(f, small(nttGenerator(f)), exponent);
  // w^-1 = w^(n-1).
  return inverse ? fieldPow(f, w, small(n - 1)) : w;
}

Element inverseOfSize(const Field& f, std::uint64_t n) {
  Element pMinus2 = minusOne(minusOne(f.modulus));
  return fieldPow(f, small(n), pMinus2);
}

std::vector<std::uint64_t> nttTwiddleBuffer(const Field& f, std::uint64_t n, bool inverse) {
  std::vector<std::uint64_t> out(n * f.limbs);
  const auto tw = montTwiddles(f, n, inverse);
  // Stage m's twiddle j, w^(j n / 2m), at m + j: a stage reads one contiguous run.
  for (std::uint64_t m = 1; m < n; m *= 2) {
    const std::uint64_t stride = n / (2 * m);
    parallelFor(m, [&](std::size_t begin, std::size_t end) {
      for (std::size_t j = begin; j < end; ++j) storeElement(out, m + j, f.limbs, tw[j * stride]);
    });
  }
  storeElement(out, 0, f.limbs, toMontgomery(f, inverse ? inverseOfSize(f, n) : small(1)));
  return out;
}

std::vector<std::uint64_t> referenceNtt(const Field& f, std::span<const std::uint64_t> x, bool inverse) {
  const std::uint64_t n = x.size() / f.limbs;
  checkNttSize(f, n);
  const auto bits = static_cast<unsigned>(std::countr_zero(n));
  const auto tw = montTwiddles(f, n, inverse);
  // Bit-reversed, standard form throughout (the GPU kernel's way): the twiddles are in
  // Montgomery form, so montMul(v, wR) = v w.
  std::vector<Element> v(n);
  parallelFor(n, [&](std::size_t begin, std::size_t end) {
    for (std::size_t i = begin; i < end; ++i) v[i] = loadElement(x, reverseBits(i, bits), f.limbs);
  });
  // Radix-2 decimation in time: stage of half-size m, butterflies t = (block, j).
  for (std::uint64_t m = 1; m < n; m *= 2) {
    const std::uint64_t stride = n / (2 * m);
    parallelFor(n / 2, [&](std::size_t begin, std::size_t end) {
      for (std::size_t t = begin; t < end; ++t) {
        const std::uint64_t j = t % m, k = (t / m) * 2 * m + j;
        const Element u = v[k], w = montMul(f, v[k + m], tw[j * stride]);
        v[k] = fieldAdd(f, u, w);
        v[k + m] = fieldSub(f, u, w);
      }
    });
  }
  // The inverse scaled by n^-1 (Montgomery form: mont(x, sR) = x s).
  const Element scale = inverse ? toMontgomery(f, inverseOfSize(f, n)) : Element{};
  std::vector<std::uint64_t> out(x.size());
  parallelFor(n, [&](std::size_t begin, std::size_t end) {
    for (std::size_t i = begin; i < end; ++i) storeElement(out, i, f.limbs, inverse ? montMul(f, v[i], scale) : v[i]);
  });
  return out;
}

std::vector<std::uint64_t> naiveDft(const Field& f, std::span<const std::uint64_t> x, bool inverse) {
  const std::uint64_t n = x.size() / f.limbs;
  const Element w = toMontgomery(f, rootOfUnity(f, n, inverse));
  const Element scale = inverse ? inverseOfSize(f, n) : small(1);
  std::vector<std::uint64_t> out(x.size());
  Element wk = f.r;  // w^k
  for (std::uint64_t k = 0; k < n; ++k) {
    Element sum{}, wjk = f.r;  // w^(jk)
    for (std::uint64_t j = 0; j < n; ++j) {
      sum = fieldAdd(f, sum, montMul(f, toMontgomery(f, loadElement(x, j, f.limbs)), wjk));
      wjk = montMul(f, wjk, wk);
    }
    storeElement(out, k, f.limbs, montMul(f, sum, scale));
    wk = montMul(f, wk, w);
  }
  return out;
}

}  // namespace fieldbench
