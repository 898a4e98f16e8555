#version 450
#extension GL_GOOGLE_include_directive : require
// fieldbench --shader docs/examples/shaders/add.comp --op add [--field bn254-fr]
// c[i] = a[i] + b[i] mod p as one plain loop over the 32-bit limbs, K times (--ops-per-element).
// field.glsl (embedded in fieldbench) gives N (limbs of --field, which fieldbench defines as
// FIELD_<NAME>) and the modulus kP[N].
#include "field.glsl"

layout(local_size_x_id = 0) in;                       // the workgroup size: fieldbench sets it
layout(constant_id = 1) const uint kOpsPerElement = 1u;  // --ops-per-element

// Element i is limbs [N i, N i + N), little-endian.
layout(std430, set = 0, binding = 0) readonly buffer A { uint a[]; };
layout(std430, set = 0, binding = 1) readonly buffer B { uint b[]; };
layout(std430, set = 0, binding = 2) writeonly buffer C { uint c[]; };
layout(push_constant) uniform Push { uint count; } push;  // elements

void main() {
  // Grid-stride: the dispatch may start at a base workgroup (chunks) and cover fewer groups.
  uint stride = gl_NumWorkGroups.x * gl_WorkGroupSize.x;
  for (uint i = gl_GlobalInvocationID.x; i < push.count; i += stride) {
    uint x[N], y[N];
    for (int k = 0; k < N; ++k) {
      x[k] = a[uint(N) * i + uint(k)];
      y[k] = b[uint(N) * i + uint(k)];
    }
    for (uint op = 0u; op < kOpsPerElement; ++op) {
      // s = x + y with a carry out, d = s - p with a borrow out; keep s when s < p.
      uint s[N], d[N];
      uint carry = 0u, borrow = 0u;
      for (int k = 0; k < N; ++k) {
        uint c1, c2;
        uint t = uaddCarry(x[k], y[k], c1);
        s[k] = uaddCarry(t, carry, c2);
        carry = c1 | c2;
      }
      for (int k = 0; k < N; ++k) {
        uint b1, b2;
        uint t = usubBorrow(s[k], kP[k], b1);
        d[k] = usubBorrow(t, borrow, b2);
        borrow = b1 | b2;
      }
      bool keep = borrow != 0u && carry == 0u;
      for (int k = 0; k < N; ++k) x[k] = keep ? s[k] : d[k];
    }
    for (int k = 0; k < N; ++k) c[uint(N) * i + uint(k)] = x[k];
  }
}
