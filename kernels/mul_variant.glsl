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
