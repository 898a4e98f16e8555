#version 450
#extension GL_GOOGLE_include_directive : require
#extension GL_EXT_shader_explicit_arithmetic_types_int64 : require
// field_add with the carry chain on six 64-bit limbs instead of twelve 32-bit ones
// (a tuning variant: --kernel field_add_u64; needs shaderInt64). Same layout and
// bindings as field_add.comp.
#include "fieldbench/field_params.h"

layout(local_size_x_id = 0) in;

layout(std430, set = 0, binding = 0) readonly buffer OperandA { uvec4 a[]; };
layout(std430, set = 0, binding = 1) readonly buffer OperandB { uvec4 b[]; };
layout(std430, set = 0, binding = 2) writeonly buffer Result { uvec4 c[]; };

layout(push_constant) uniform Push { uint count; } push;

const uint kModulus32[FB_LIMBS32] = uint[FB_LIMBS32](FB_MODULUS_U32);

// 64-bit limb k (0..5) of an element held as three uvec4.
uint64_t limb(uvec4 v[3], int k) {
  uint lo = v[k / 2][(k % 2) * 2];
  uint hi = v[k / 2][(k % 2) * 2 + 1];
  return uint64_t(lo) | (uint64_t(hi) << 32);
}

void main() {
  uint stride = gl_NumWorkGroups.x * gl_WorkGroupSize.x;
  for (uint i = gl_GlobalInvocationID.x; i < push.count; i += stride) {
    uint w = 3u * i;
    uvec4 x[3] = uvec4[3](a[w], a[w + 1u], a[w + 2u]);
    uvec4 y[3] = uvec4[3](b[w], b[w + 1u], b[w + 2u]);
    uint64_t s[6];
    uint64_t carry = 0ul;
    for (int k = 0; k < 6; ++k) {
      uint64_t xk = limb(x, k);
      uint64_t t = xk + limb(y, k);
      uint64_t c1 = t < xk ? 1ul : 0ul;
      s[k] = t + carry;
      carry = c1 | (s[k] < t ? 1ul : 0ul);
    }
    uint64_t d[6];
    uint64_t borrow = 0ul;
    for (int k = 0; k < 6; ++k) {
      uint64_t p = uint64_t(kModulus32[2 * k]) | (uint64_t(kModulus32[2 * k + 1]) << 32);
      uint64_t t = s[k] - p;
      uint64_t b1 = s[k] < p ? 1ul : 0ul;
      d[k] = t - borrow;
      borrow = b1 | (t < borrow ? 1ul : 0ul);
    }
    // borrow: s < p, keep s; else s - p (branch-free).
    uint64_t keep = 0ul - borrow;
    uvec4 r[3];
    for (int k = 0; k < 6; ++k) {
      uint64_t v = (s[k] & keep) | (d[k] & ~keep);
      r[k / 2][(k % 2) * 2] = uint(v);
      r[k / 2][(k % 2) * 2 + 1] = uint(v >> 32);
    }
    c[w] = r[0];
    c[w + 1u] = r[1];
    c[w + 2u] = r[2];
  }
}
