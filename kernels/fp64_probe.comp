#version 450
#extension GL_EXT_control_flow_attributes : require
// The device's FP64 fma rate (the pipe of the fp52 variants' products) on 12 independent
// chains per 48-byte element: x = fma(x, y, c) with x from word j of a (20 bits), y = +-1 from
// the word of b and c = j + 1 a constant. Every product is exact, so a fused and an unfused fma
// agree and the CPU reference (referenceFp64Probe; kIntProbeRounds rounds) checks every word on
// any device. c is a constant because on the H200 this probe read 62% of the FP64 peak (10.3 T/s)
// with c from b, three register operands, and 89.5% (14.9 T/s) with two (docs/performance.md, fp51k).
layout(local_size_x_id = 0) in;

layout(std430, set = 0, binding = 0) readonly buffer OperandA { uint a[]; };
layout(std430, set = 0, binding = 1) readonly buffer OperandB { uint b[]; };
layout(std430, set = 0, binding = 2) writeonly buffer Result { uint c[]; };

layout(push_constant) uniform Push { uint count; } push;

const uint kRounds = 256u;

void main() {
  uint stride = gl_NumWorkGroups.x * gl_WorkGroupSize.x;
  for (uint i = gl_GlobalInvocationID.x; i < push.count; i += stride) {
    double x[12], y[12];
    [[unroll]] for (uint j = 0u; j < 12u; ++j) {
      x[j] = double(a[12u * i + j] & 0xfffffu);
      y[j] = (b[12u * i + j] & 1u) != 0u ? 1.0LF : -1.0LF;
    }
    for (uint k = 0u; k < kRounds; ++k) {
      [[unroll]] for (uint j = 0u; j < 12u; ++j) x[j] = fma(x[j], y[j], double(j + 1u));
    }
    [[unroll]] for (uint j = 0u; j < 12u; ++j) c[12u * i + j] = uint(int(x[j]));
  }
}
