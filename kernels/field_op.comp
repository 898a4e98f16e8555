#version 450
#extension GL_GOOGLE_include_directive : require
#extension GL_EXT_control_flow_attributes : require
#if defined(SHADER_INT64)
#extension GL_EXT_shader_explicit_arithmetic_types_int64 : require
#endif
// c[i] = op applied K times: x = a[i]; repeat K: x = op(x, b[i]) (unary: x = op(x)); c[i] = x.
// Built once per field x op x variant: glslc -DFIELD_<NAME> -DOP=<OP_*> [-DMUL_<VARIANT>]
// [-DSHADER_INT64] (kernels/CMakeLists.txt, which says how to add a variant).
// K is specialization constant 1 (--ops-per-element); the workgroup size is 0.
#define OP_ADD 0
#define OP_SUB 1
#define OP_DOUBLE 2
#define OP_NEG 3
#define OP_MUL 4
#define OP_SQR 5
#include "field.glsl"
// add, sub, double and neg use no mul variant; cios32 stands in so that the file compiles.
#if OP != OP_MUL && OP != OP_SQR && !defined(MUL_CIOS32)
#define MUL_CIOS32
#endif
#include "mul_variant.glsl"

// -DCHAIN_NO_UNROLL keeps the chain a loop for the driver's compiler too.
#if defined(CHAIN_NO_UNROLL)
#define CHAIN_LOOP [[dont_unroll]]
#else
#define CHAIN_LOOP
#endif

layout(local_size_x_id = 0) in;
layout(constant_id = 1) const uint kOpsPerElement = 1u;

layout(std430, set = 0, binding = 0) readonly buffer OperandA { uvec4 a[]; };
layout(std430, set = 0, binding = 1) readonly buffer OperandB { uvec4 b[]; };
layout(std430, set = 0, binding = 2) writeonly buffer Result { uvec4 c[]; };

layout(push_constant) uniform Push { uint count; } push;

void main() {
  uint stride = gl_NumWorkGroups.x * gl_WorkGroupSize.x;
  for (uint i = gl_GlobalInvocationID.x; i < push.count; i += stride) {
    uint w = uint(V) * i;
    uint x[N];
    for (int k = 0; k < V; ++k) {
      uvec4 v = a[w + uint(k)];
      x[4 * k] = v.x, x[4 * k + 1] = v.y, x[4 * k + 2] = v.z, x[4 * k + 3] = v.w;
    }
#if OP != OP_DOUBLE && OP != OP_NEG && OP != OP_SQR
    uint y[N];
    for (int k = 0; k < V; ++k) {
      uvec4 v = b[w + uint(k)];
      y[4 * k] = v.x, y[4 * k + 1] = v.y, y[4 * k + 2] = v.z, y[4 * k + 3] = v.w;
    }
#endif
#if OP == OP_MUL
    uint xm[MUL_LIMBS], ym[MUL_LIMBS];
    mulEnter(x, xm);
    mulOperand(y, ym);
    CHAIN_LOOP for (uint k = 0u; k < kOpsPerElement; ++k) mulStep(xm, ym);
    mulLeave(xm, x);
#elif OP == OP_SQR
    uint xm[MUL_LIMBS];
    sqrEnter(x, xm);
    CHAIN_LOOP for (uint k = 0u; k < kOpsPerElement; ++k) sqrStep(xm);
    sqrLeave(xm, x);
#else
    CHAIN_LOOP for (uint k = 0u; k < kOpsPerElement; ++k) {
      uint r[N];
#if OP == OP_ADD
      fAdd(x, y, r);
#elif OP == OP_SUB
      fSub(x, y, r);
#elif OP == OP_DOUBLE
      fDouble(x, r);
#elif OP == OP_NEG
      fNeg(x, r);
#else
#error "define OP as one of OP_ADD, OP_SUB, OP_DOUBLE, OP_NEG, OP_MUL, OP_SQR"
#endif
      x = r;
    }
#endif
    for (int k = 0; k < V; ++k) c[w + uint(k)] = uvec4(x[4 * k], x[4 * k + 1], x[4 * k + 2], x[4 * k + 3]);
  }
}
