#version 450
#extension GL_EXT_control_flow_attributes : require
// The device's integer multiply rate on 12 independent chains per 48-byte element:
// default, 32-bit multiply-adds x = x * y + (y ^ salt); with -DWIDE, 32x32->64 wide
// multiply-adds acc = lo(acc) * y + acc (the step of the 64-bit mul variants; needs
// shaderInt64). kIntProbeRounds/kIntProbeSalt in lib/include/fieldbench/verify.hpp must
// match: the CPU reference checks every word.
#if defined(WIDE)
#extension GL_EXT_shader_explicit_arithmetic_types_int64 : require
#endif
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
#if defined(WIDE)
    uint x[12] = uint[12](x0.x, x0.y, x0.z, x0.w, x1.x, x1.y, x1.z, x1.w, x2.x, x2.y, x2.z, x2.w);
    uint y[12] = uint[12](y0.x, y0.y, y0.z, y0.w, y1.x, y1.y, y1.z, y1.w, y2.x, y2.y, y2.z, y2.w);
    uint64_t acc[12];
    [[unroll]] for (int j = 0; j < 12; ++j) acc[j] = (uint64_t(y[j] ^ kSalt) << 32) | x[j];
    for (uint k = 0u; k < kRounds; ++k) {
      [[unroll]] for (int j = 0; j < 12; ++j) acc[j] = uint64_t(uint(acc[j])) * y[j] + acc[j];
    }
    uint r[12];
    [[unroll]] for (int j = 0; j < 12; ++j) r[j] = uint(acc[j]) ^ uint(acc[j] >> 32);
    c[w] = uvec4(r[0], r[1], r[2], r[3]);
    c[w + 1u] = uvec4(r[4], r[5], r[6], r[7]);
    c[w + 2u] = uvec4(r[8], r[9], r[10], r[11]);
#else
    uvec4 s0 = y0 ^ kSalt, s1 = y1 ^ kSalt, s2 = y2 ^ kSalt;
    for (uint k = 0u; k < kRounds; ++k) {
      x0 = x0 * y0 + s0;
      x1 = x1 * y1 + s1;
      x2 = x2 * y2 + s2;
    }
    c[w] = x0;
    c[w + 1u] = x1;
    c[w + 2u] = x2;
#endif
  }
}
