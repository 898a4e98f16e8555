#version 450
#extension GL_GOOGLE_include_directive : require
// c[i] = a[i] + b[i] mod p for BLS12-381 Fp; an element is 48 bytes = 3 x uvec4.
#include "fp_add.glsl"

layout(local_size_x_id = 0) in;  // workgroup size: specialization constant 0

layout(std430, set = 0, binding = 0) readonly buffer OperandA { uvec4 a[]; };
layout(std430, set = 0, binding = 1) readonly buffer OperandB { uvec4 b[]; };
layout(std430, set = 0, binding = 2) writeonly buffer Result { uvec4 c[]; };

layout(push_constant) uniform Push { uint count; } push;

void main() {
  // Grid-stride loop: the dispatch may be capped at maxComputeWorkGroupCount.
  uint stride = gl_NumWorkGroups.x * gl_WorkGroupSize.x;
  for (uint i = gl_GlobalInvocationID.x; i < push.count; i += stride) {
    uint w = 3u * i;
    uvec4 x[3] = uvec4[3](a[w], a[w + 1u], a[w + 2u]);
    uvec4 y[3] = uvec4[3](b[w], b[w + 1u], b[w + 2u]);
    uvec4 r[3];
    fpAdd(x, y, r);
    c[w] = r[0];
    c[w + 1u] = r[1];
    c[w + 2u] = r[2];
  }
}
