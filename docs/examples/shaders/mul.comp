#version 450
#extension GL_GOOGLE_include_directive : require
// fieldbench --shader docs/examples/shaders/mul.comp --op mul [--field bls12-381-fr]
// Montgomery c[i] = a[i] b[i] 2^(-32N) mod p, K times (--ops-per-element), written only with
// fieldbench's embedded GLSL: field.glsl (N, kP, reduceOnce) and mul_cios32.glsl's fMul.
// Operands as uvec4 (std430: 16 bytes each), V = N / 4 of them per element.
#include "field.glsl"
#include "mul_cios32.glsl"

layout(local_size_x_id = 0) in;
layout(constant_id = 1) const uint kOpsPerElement = 1u;

layout(std430, set = 0, binding = 0) readonly buffer A { uvec4 a[]; };
layout(std430, set = 0, binding = 1) readonly buffer B { uvec4 b[]; };
layout(std430, set = 0, binding = 2) writeonly buffer C { uvec4 c[]; };
layout(push_constant) uniform Push { uint count; } push;

void load(uvec4 v, int k, inout uint x[N]) {
  x[4 * k] = v.x, x[4 * k + 1] = v.y, x[4 * k + 2] = v.z, x[4 * k + 3] = v.w;
}

void main() {
  uint stride = gl_NumWorkGroups.x * gl_WorkGroupSize.x;
  for (uint i = gl_GlobalInvocationID.x; i < push.count; i += stride) {
    uint x[N], y[N];
    for (int k = 0; k < V; ++k) {
      load(a[uint(V) * i + uint(k)], k, x);
      load(b[uint(V) * i + uint(k)], k, y);
    }
    for (uint op = 0u; op < kOpsPerElement; ++op) {
      uint r[N];
      fMul(x, y, r);
      x = r;
    }
    for (int k = 0; k < V; ++k) c[uint(V) * i + uint(k)] = uvec4(x[4 * k], x[4 * k + 1], x[4 * k + 2], x[4 * k + 3]);
  }
}
