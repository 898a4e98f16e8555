#version 450
// Bandwidth roofline for field_add: the same traffic (two 48-byte reads and
// one 48-byte write per element) with no arithmetic: c[i] = a[i] xor b[i].
layout(local_size_x_id = 0) in;

layout(std430, set = 0, binding = 0) readonly buffer OperandA { uvec4 a[]; };
layout(std430, set = 0, binding = 1) readonly buffer OperandB { uvec4 b[]; };
layout(std430, set = 0, binding = 2) writeonly buffer Result { uvec4 c[]; };

layout(push_constant) uniform Push { uint count; } push;

void main() {
  uint stride = gl_NumWorkGroups.x * gl_WorkGroupSize.x;
  for (uint i = gl_GlobalInvocationID.x; i < push.count; i += stride) {
    // Loads first, then stores, in the order field_add.comp issues them.
    uint w = 3u * i;
    uvec4 x[3] = uvec4[3](a[w], a[w + 1u], a[w + 2u]);
    uvec4 y[3] = uvec4[3](b[w], b[w + 1u], b[w + 2u]);
    c[w] = x[0] ^ y[0];
    c[w + 1u] = x[1] ^ y[1];
    c[w + 2u] = x[2] ^ y[2];
  }
}
