// The mul/sqr variant named by -DMUL_<VARIANT> (kernels/CMakeLists.txt), one #elif each;
// included after field.glsl by field_op.comp and ntt.comp. Each variant defines the chain's
// hooks mulEnter/mulOperand/mulStep/mulLeave and sqrEnter/sqrStep/sqrLeave over its own
// representation of MUL_LIMBS words: enter from and leave to canonical 32-bit limbs.
#if defined(MUL_CIOS64)
#include "mul_cios64.glsl"
#elif defined(MUL_PS64)
#include "mul_ps64.glsl"
#elif defined(MUL_FP52)
#include "mul_fp52.glsl"
#elif defined(MUL_FP52RZ)
#define FP52_RTZ
#include "mul_fp52.glsl"
#elif defined(MUL_FP51K)
#define FP52_RTZ
#define FP52_LIMB_BITS 51
#define FP52_KARATSUBA
#include "mul_fp52.glsl"
#elif defined(MUL_CIOS32)
#include "mul_cios32.glsl"
#else
#error "needs -DMUL_<VARIANT> naming one of kernels/mul_*.glsl (kernels/CMakeLists.txt)"
#endif

// mont(a, b) = a b / R mod p, canonical, on canonical 32-bit limbs through the variant's hooks.
void variantMul(in uint a[N], in uint b[N], out uint r[N]) {
  uint x[MUL_LIMBS], y[MUL_LIMBS];
  mulEnter(a, x);
  mulOperand(b, y);
  mulStep(x, y);
  mulLeave(x, r);
}

// The same for a below 2p, with a result below 2p: not reduced where the variant has a lazy
// product of its own (MUL_HAS_LAZY: fp52, ps64); otherwise a is reduced first (cios64's
// merged rows need a < p on BLS12-381 Fr) and the result is canonical. The NTT's butterflies
// keep their elements below 2p this way (kernels/ntt.comp).
void variantMulLazy(in uint a[N], in uint b[N], out uint r[N]) {
#if defined(MUL_HAS_LAZY)
  mulLazy(a, b, r);
#else
  uint c[N];
  reduceOnce(a, 0u, c);
  variantMul(c, b, r);
#endif
}
