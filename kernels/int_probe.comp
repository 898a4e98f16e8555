#version 450
// The device's 32-bit integer multiply-add rate: on each 32-bit word x of a[i] (12
// independent chains per 48-byte element), x = x * y + (y ^ salt) for 256 rounds,
// y the word of b[i] at the same place. kIntProbeRounds/kIntProbeSalt in
// lib/include/fieldbench/verify.hpp must match (the CPU reference checks every word).
layout(local_size_x_id = 0) in;

layout(std430, set = 0, binding = 0) readonly buffer OperandA { uvec4 a[]; };
layout(std430, set = 0, binding = 1) readonly buffer OperandB { uvec4 b[]; };
layout(std430, set = 0, binding = 2) writeonly buffer Result { uvec4 c[]; };

layout(push_constant) uniform Push { uint count; } push;

const uint kRounds = 256u;
const uint kSalt = 0x9e3779b9u;

void main() {
  uint stride = gl_NumWorkGroups.x * gl_WorkGroupSize.x;
  for (uint i = gl_GlobalInvocationID.x; i < push.count; i += stride) {
    uint w = 3u * i;
    uvec4 x0 = a[w], x1 = a[w + 1u], x2 = a[w + 2u];
    uvec4 y0 = b[w], y1 = b[w + 1u], y2 = b[w + 2u];
    uvec4 s0 = y0 ^ kSalt, s1 = y1 ^ kSalt, s2 = y2 ^ kSalt;
    for (uint k = 0u; k < kRounds; ++k) {
      x0 = x0 * y0 + s0;
      x1 = x1 * y1 + s1;
      x2 = x2 * y2 + s2;
    }
    c[w] = x0;
    c[w + 1u] = x1;
    c[w + 2u] = x2;
  }
}
