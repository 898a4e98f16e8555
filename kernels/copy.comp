#version 450
// Bandwidth roofline for the field kernels: the same traffic (two element reads and
// one element write per element) with no arithmetic: c[i] = a[i] xor b[i].
// An element is VEC4_PER_ELEMENT uvec4: 3 (48 bytes, the default) or 2 (32 bytes).
#ifndef VEC4_PER_ELEMENT
#define VEC4_PER_ELEMENT 3
#endif
layout(local_size_x_id = 0) in;

layout(std430, set = 0, binding = 0) readonly buffer OperandA { uvec4 a[]; };
layout(std430, set = 0, binding = 1) readonly buffer OperandB { uvec4 b[]; };
layout(std430, set = 0, binding = 2) writeonly buffer Result { uvec4 c[]; };

layout(push_constant) uniform Push { uint count; } push;

void main() {
  uint stride = gl_NumWorkGroups.x * gl_WorkGroupSize.x;
  for (uint i = gl_GlobalInvocationID.x; i < push.count; i += stride) {
    // Loads first, then stores, in the order the field kernels issue them.
    uint w = uint(VEC4_PER_ELEMENT) * i;
    uvec4 x[VEC4_PER_ELEMENT], y[VEC4_PER_ELEMENT];
    for (int k = 0; k < VEC4_PER_ELEMENT; ++k) x[k] = a[w + uint(k)];
    for (int k = 0; k < VEC4_PER_ELEMENT; ++k) y[k] = b[w + uint(k)];
    for (int k = 0; k < VEC4_PER_ELEMENT; ++k) c[w + uint(k)] = x[k] ^ y[k];
  }
}
